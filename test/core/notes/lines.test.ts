// lineCounter answers what lineOf over lineStarts answers, for offsets asked in any order.
import { lineCounter, lineOf, lineStarts } from '../../../src/core/notes/lines';

test('lineCounter agrees with lineStarts at every offset, forward, backward and jumping', () => {
  const text = 'a\n\nbc\r\ndef\n\n\nlast';
  const starts = lineStarts(text);
  const all = Array.from({ length: text.length + 1 }, (_, i) => i);
  for (const order of [all, [...all].reverse(), [5, 0, text.length, 3, 3, 9, 1, 12, 2]]) {
    const line = lineCounter(text);
    expect(order.map((o) => line(o))).toEqual(order.map((o) => lineOf(starts, o)));
  }
});

// A ledger that is not what the program wrote is refused with the field that is wrong; a good one reads back
// as written, without keys nothing knows about.
import { LedgerCorruptError, parseLedger, serialiseLedger, type Ledger } from '../../../src/core/memory/ledger';

const good: Ledger = {
  version: 1,
  sessions: { 't-1': { note: 'agent/sessions/2026-11-02 Oven timer.md', checkpoint: 'c1', at: '2026-11-02T10:00:00Z', turns: 7 } },
  items: {
    'cm-a1': {
      path: 'projects/bakery.md',
      hash: 'abc',
      text: 'Proof the dough overnight.',
      kind: 'decision',
      thread: 't-1',
      checkpoint: 'c1',
      at: '2026-11-02T10:00:00Z',
    },
  },
  checkpoints: [{ id: 'c1', thread: 't-1', at: '2026-11-02T10:00:00Z', notes: ['projects/bakery.md'] }],
  lastTx: 'tx-9',
};

test('a ledger the program wrote reads back the same', () => {
  expect(parseLedger(serialiseLedger(good))).toEqual(good);
});

test('keys nothing knows about are dropped, as before', () => {
  const extra = { ...good, future: true, items: { 'cm-a1': { ...good.items['cm-a1'], colour: 'red' } } };
  const back = parseLedger(JSON.stringify(extra));
  expect(back).not.toHaveProperty('future');
  expect(back.items['cm-a1']).not.toHaveProperty('colour');
});

test.each([
  ['another version', { ...good, version: 2 }, /version: expected version 1, received number/],
  [
    'a session without turns',
    { ...good, sessions: { 't-1': { note: 'x', checkpoint: 'c', at: 'a' } } },
    /sessions\.t-1\.turns: expected number, received undefined/,
  ],
  ['an item whose text is a number', { ...good, items: { 'cm-a1': { ...good.items['cm-a1'], text: 5 } } }, /items\.cm-a1\.text: expected string/],
  ['checkpoints as an object', { ...good, checkpoints: {} }, /checkpoints: expected array, received object/],
  [
    'a checkpoint whose notes hold a number',
    { ...good, checkpoints: [{ ...good.checkpoints[0], notes: [1] }] },
    /checkpoints\.0\.notes: expected string\[\]/,
  ],
  ['an array at the top', [], /top level: expected object, received array/],
])('%s is refused, naming the field', (_what, data, message) => {
  expect(() => parseLedger(JSON.stringify(data))).toThrow(LedgerCorruptError);
  expect(() => parseLedger(JSON.stringify(data))).toThrow(message);
});

// Several bullets under one heading in one edit (addListItems) give exactly the note that adding them one by
// one gives (addListItem), whatever the note looks like: heading in the middle, ordered lists, quoted lists,
// no heading yet, CRLF, and bullets that would not read back as bullets of that list.
import { addListItem, addListItems } from '../../../src/core/notes';

type Item = { text: string; blockId?: string; checkbox?: boolean };
const items: Item[] = [
  { text: 'Pin the ingress chart to 4.8.1 until INFRA-212 is fixed.', blockId: 'cm-aaaa1111' },
  { text: 'Backfill the March partitions on 2026-11-04.', checkbox: true, blockId: 'cm-bbbb2222' },
  { text: 'Use CSV for the monthly extract: finance opens it in Excel.' },
];

const oneByOne = (text: string, heading: string, list: Item[]) =>
  list.reduce((t, i) => addListItem(t, heading, i.text, { blockId: i.blockId, checkbox: i.checkbox }), text);

describe('addListItems is addListItem repeated', () => {
  test.each([
    ['the heading is in the middle', '# Harbor\n\n## Decisions\n\n- Use Redis. ^cm-r0000001\n\n## Status\n\n- Deployed.\n', 'Decisions', items],
    ['the heading is last', '# Harbor\n\n## Status\n\n- Deployed.\n', 'Status', items],
    ['an ordered list', '## Steps\n\n1. Drain the node.\n2) not this\n\n## After\n', 'Steps', items],
    ['a list in a quote', '## Quoted\n\n> - first\n> - second\n\n## Next\n', 'Quoted', items],
    ['no heading yet', '# Note\n\nSome text.\n', 'Open questions', items],
    ['an empty section before another', '## Decisions\n\n## Status\n\n- x\n', 'Decisions', items],
    ['CRLF line ends', '## Decisions\r\n\r\n- one\r\n\r\n## Status\r\n', 'Decisions', items],
    [
      'bullets that would become headings or code',
      '## Notes\n\n- plain\n',
      'Notes',
      [{ text: 'first' }, { text: '# not a heading' }, { text: '    indented code' }, { text: '---' }],
    ],
    ['a paragraph right after the list', '## Notes\n\n- plain\nlazy continuation\n\n## End\n', 'Notes', items],
  ])('%s', (_name, text, heading, list) => {
    expect(addListItems(text, heading, list)).toBe(oneByOne(text, heading, list));
  });

  test('a block id already in the note is refused as addListItem refuses it', () => {
    const text = '## Decisions\n\n- Use Redis. ^cm-aaaa1111\n';
    expect(() => addListItems(text, 'Decisions', [{ text: 'x' }, items[0]])).toThrow(/already in the note/);
  });

  test('a hundred bullets under one heading of a note with later sections', () => {
    const many = Array.from({ length: 100 }, (_, k) => ({
      text: `Step ${k} done: the retry tests pass.`,
      blockId: `cm-s${String(k).padStart(7, '0')}`,
    }));
    const text = '# Session\n\n## Decisions\n\n## Notes\n\n## References\n\n- [[x]]\n';
    const out = addListItems(text, 'Notes', many);
    expect(out).toBe(oneByOne(text, 'Notes', many));
  });
});

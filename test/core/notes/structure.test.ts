// Headings, bullets, wiki links and block ids as Obsidian shows them, read from the markdown AST.
import { parseNote, readStructure } from '../../../src/core/notes';

const read = (text: string) => readStructure(parseNote('n.md', text));

describe('wiki links', () => {
  test.each([
    ['[[Note]]', { target: 'Note', embed: false }],
    ['[[people/priya|Priya]]', { target: 'people/priya', alias: 'Priya', embed: false }],
    ['[[Project X#Decisions]]', { target: 'Project X', heading: 'Decisions', embed: false }],
    ['[[Project X#^cm-abc123]]', { target: 'Project X', block: 'cm-abc123', embed: false }],
    ['![[diagram.png]]', { target: 'diagram.png', embed: true }],
    ['![[Note#Heading|shown]]', { target: 'Note', heading: 'Heading', alias: 'shown', embed: true }],
    ['[[#Local heading]]', { target: '', heading: 'Local heading', embed: false }],
  ])('%s', (src, want) => {
    expect(read(`Some text ${src} here.\n`).links).toEqual([{ ...want, line: 1 }]);
  });

  test('links in code are not links; links in headings, lists, quotes and tables are', () => {
    const text = [
      '# About [[A]]',
      '',
      '- item [[B]]',
      '  - nested [[C]]',
      '',
      '> quote [[D]]',
      '',
      '| x | y |',
      '| - | - |',
      '| [[E\\|e]] | `[[no1]]` |',
      '',
      '```',
      '[[no2]]',
      '```',
      '',
      'inline `[[no3]]` and [[F]]',
      '',
    ].join('\n');
    const links = read(text).links;
    expect(links.map((l) => [l.target, l.line])).toEqual([
      ['A', 1],
      ['B', 3],
      ['C', 4],
      ['D', 6],
      ['E', 10],
      ['F', 16],
    ]);
    expect(links[4].alias).toBe('e');
  });

  test('links in frontmatter values are reported with their line', () => {
    const s = read('---\ntype: session\nsources:\n  - "[[agent/sessions/one]]"\n  - "[[agent/sessions/two|Two]]"\n---\nbody [[x]]\n');
    expect(s.frontmatterLinks).toEqual([
      { target: 'agent/sessions/one', embed: false, line: 4 },
      { target: 'agent/sessions/two', alias: 'Two', embed: false, line: 5 },
    ]);
    expect(s.links).toEqual([{ target: 'x', embed: false, line: 7 }]);
  });
});

describe('headings and list items', () => {
  const text = [
    '---',
    'type: project',
    '---',
    '# Codex Memory',
    '',
    'Intro.',
    '',
    '## Decisions',
    '',
    '- Use yaml 2 for frontmatter ^cm-aaaa1111',
    '* not the same list',
    '',
    '## Open questions',
    '',
    '1. [ ] Which model? ^q1',
    '   - [x] asked Priya ^q2',
    '     more about it',
    '2) ordered other delimiter',
    '',
    'Setext heading',
    '--------------',
    '- [X] done upper-case',
    '- ^cm-onlyid',
  ].join('\n');
  const s = read(text);

  test('headings with depth, text and line (ATX and setext)', () => {
    expect(s.headings.map((h) => [h.depth, h.text, h.line])).toEqual([
      [1, 'Codex Memory', 4],
      [2, 'Decisions', 8],
      [2, 'Open questions', 13],
      [2, 'Setext heading', 20],
    ]);
    const setext = s.headings[3];
    expect(text.slice(setext.start, setext.end)).toBe('Setext heading\n--------------');
  });

  test('items: own text, block id, checkbox, depth, heading path, line', () => {
    const rows = s.items.map((i) => [i.text, i.blockId, i.checked, i.depth, i.headingPath.join(' > '), i.line]);
    expect(rows).toEqual([
      ['Use yaml 2 for frontmatter', 'cm-aaaa1111', null, 0, 'Codex Memory > Decisions', 10],
      ['not the same list', undefined, null, 0, 'Codex Memory > Decisions', 11],
      ['Which model?', 'q1', false, 0, 'Codex Memory > Open questions', 15],
      ['asked Priya ^q2\nmore about it', undefined, true, 1, 'Codex Memory > Open questions', 16],
      ['ordered other delimiter', undefined, null, 0, 'Codex Memory > Open questions', 18],
      ['done upper-case', undefined, true, 0, 'Codex Memory > Setext heading', 22],
      ['', 'cm-onlyid', null, 0, 'Codex Memory > Setext heading', 23],
    ]);
    // A block id sits on an item's last own line: a continuation line takes it away from the first line.
    expect(s.items[3].blockId).toBeUndefined();
  });

  test('item offsets cover its own lines only, not nested children', () => {
    const q1 = s.items[2];
    expect(text.slice(q1.start, q1.end)).toBe('1. [ ] Which model? ^q1');
    expect(q1.nested).toBe(1);
    expect(text.slice(q1.start, q1.subtreeEnd)).toBe('1. [ ] Which model? ^q1\n   - [x] asked Priya ^q2\n     more about it');
    expect(text.slice(s.items[3].start, s.items[3].end)).toBe('   - [x] asked Priya ^q2\n     more about it');
  });

  test('block ids in note order, none from code', () => {
    expect(read(text + '\n\nA paragraph. ^para-1\n\n```\n- x ^cm-incode\n```\n').blockIds).toEqual(['cm-aaaa1111', 'q1', 'cm-onlyid', 'para-1']);
  });
});

describe('offsets survive CRLF and BOM', () => {
  const lf = '---\na: 1\n---\n# Head\n\n- one ^b1\n  - two ^b2\n';
  const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');

  test.each([
    ['LF', lf],
    ['CRLF + BOM', crlf],
  ])('%s', (_name, text) => {
    const s = read(text);
    expect(s.items.map((i) => text.slice(i.start, i.end))).toEqual(['- one ^b1', '  - two ^b2']);
    expect(s.items.map((i) => text.slice(i.textStart, i.textEnd))).toEqual(['one', 'two']);
    expect(s.items.map((i) => i.line)).toEqual([6, 7]);
    expect(text.slice(s.headings[0].start, s.headings[0].end)).toBe('# Head');
  });

  test('a BOM note without frontmatter: the first line starts after the BOM', () => {
    const s = read('\uFEFF- first ^x\r\n');
    expect(s.items[0]).toMatchObject({ start: 1, line: 1, text: 'first', blockId: 'x' });
  });
});

describe('lines and block ids of long paragraphs', () => {
  test('a paragraph has a block id only at the end of its last line, after a space or at its start', () => {
    expect(read('Para\nsecond ^p-1\n').blockIds).toEqual(['p-1']);
    expect(read('^p-2\n').blockIds).toEqual(['p-2']);
    expect(read('Para\n^p-3\n').blockIds).toEqual([]);
    expect(read('Para ^p-4\nsecond\n').blockIds).toEqual([]);
  });

  test('lines are counted alike forward and back (frontmatter links after the body)', () => {
    const text = ['---', 'sources:', '  - "[[a]]"', '---', '# T', '', ...Array.from({ length: 50 }, (_, i) => `- item ${i} [[n${i}]] ^id${i}`)].join(
      '\n',
    );
    const s = read(text);
    expect(s.items.map((i) => i.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 7));
    expect(s.links.map((l) => l.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 7));
    expect(s.frontmatterLinks.map((l) => l.line)).toEqual([3]);
  });
});

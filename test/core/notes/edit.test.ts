// One edit, one change: each case states the note before and exactly the note after.
import {
  setFrontmatterValue,
  removeFrontmatterKey,
  addListItem,
  replaceListItem,
  removeListItem,
  setChecked,
  renderNote,
  parseNote,
  NoteEditError,
  NoteParseError,
} from '../../../src/core/notes';

const FM =
  '---\n# who this is\n"type": person # kind\nname: \'Priya\'\naliases: [P, "Pri"]\nbio: |\n  Works on search.\n  Likes tea.\nstatus:\n# below status\nupdated: 2024-01-01\n---\n# Priya\n';

describe('setFrontmatterValue', () => {
  test.each([
    ['changes a value, keeps the key quoting and its comment', 'type', 'project', FM.replace('"type": person # kind', '"type": project # kind')],
    ['keeps single quotes of the old value', 'name', 'Priya S', FM.replace("name: 'Priya'", "name: 'Priya S'")],
    [
      'replaces a multi-line block value with its own lines only',
      'bio',
      'Short.',
      FM.replace('bio: |\n  Works on search.\n  Likes tea.', 'bio: Short.'),
    ],
    ['fills an empty value; the comment below stays put', 'status', 'active', FM.replace('status:\n', 'status: active\n')],
    ['turns a scalar into a list', 'updated', ['a', 'b'], FM.replace('updated: 2024-01-01\n', 'updated:\n  - a\n  - b\n')],
    ['appends a new key at the end', 'memory', 'pin', FM.replace('---\n# Priya', 'memory: pin\n---\n# Priya')],
    ['quotes what needs quoting', 'repo', 'a: b # not a comment', FM.replace('---\n# Priya', 'repo: "a: b # not a comment"\n---\n# Priya')],
    ['writes long text on one line', 'summary', 'x'.repeat(120), FM.replace('---\n# Priya', `summary: ${'x'.repeat(120)}\n---\n# Priya`)],
  ])('%s', (_name, key, value, after) => {
    expect(setFrontmatterValue(FM, key, value)).toBe(after);
  });

  test("creates the block when a note has none, after the BOM, with the note's line endings", () => {
    expect(setFrontmatterValue('\uFEFF# Title\r\nText\r\n', 'type', 'topic')).toBe('\uFEFF---\r\ntype: topic\r\n---\r\n# Title\r\nText\r\n');
    expect(setFrontmatterValue('', 'type', 'todo')).toBe('---\ntype: todo\n---\n');
  });

  test('CRLF notes get CRLF in the new lines', () => {
    const crlf = FM.replace(/\n/g, '\r\n');
    expect(setFrontmatterValue(crlf, 'updated', ['a'])).toBe(crlf.replace('updated: 2024-01-01\r\n', 'updated:\r\n  - a\r\n'));
  });

  test('an indented root mapping keeps its indentation', () => {
    expect(setFrontmatterValue('---\n  a: 1\n  b: 2\n---\n', 'a', 3)).toBe('---\n  a: 3\n  b: 2\n---\n');
  });

  test('a one-line flow mapping is re-rendered as a whole', () => {
    const out = setFrontmatterValue('---\n{a: 1, b: [x]}\n---\nbody', 'a', 2);
    expect(parseNote('n.md', out).frontmatter!.data).toEqual({ a: 2, b: ['x'] });
    expect(out.endsWith('---\nbody')).toBe(true);
  });

  test('undefined removes; the same value changes nothing', () => {
    expect(setFrontmatterValue(FM, 'name', undefined)).toBe(FM.replace("name: 'Priya'\n", ''));
    expect(setFrontmatterValue(FM, 'aliases', ['P', 'Pri'])).toBe(FM);
  });

  test('a key other keys alias (&anchor / *alias) is not changed behind their back', () => {
    expect(() => setFrontmatterValue('---\nbase: &b x\nother: *b\n---\n', 'base', 'y')).toThrow(NoteEditError);
    expect(setFrontmatterValue('---\nbase: &b x\nother: *b\n---\n', 'new', 1)).toBe('---\nbase: &b x\nother: *b\nnew: 1\n---\n');
  });

  test('a note with broken YAML is refused, not repaired', () => {
    expect(() => setFrontmatterValue('---\na: 1\na: 2\n---\n', 'b', 1, 'x.md')).toThrow(/x\.md:3: duplicate key "a"/);
  });
});

describe('removeFrontmatterKey', () => {
  test.each([
    ['a one-line key', 'name', FM.replace("name: 'Priya'\n", '')],
    ['a block value with all its lines', 'bio', FM.replace('bio: |\n  Works on search.\n  Likes tea.\n', '')],
    ['a key with a trailing comment', 'type', FM.replace('"type": person # kind\n', '')],
    ['an absent key changes nothing', 'nope', FM],
  ])('%s', (_name, key, after) => {
    expect(removeFrontmatterKey(FM, key)).toBe(after);
  });

  test('a note without frontmatter is returned as is', () => {
    expect(removeFrontmatterKey('# x\n', 'type')).toBe('# x\n');
  });
});

describe('addListItem', () => {
  test.each([
    [
      'appends to the list under the heading, after nested children',
      '## Decisions\n\n- one ^a\n  - child\n\n## Next\n',
      'Decisions',
      '## Decisions\n\n- one ^a\n  - child\n- two ^cm-x\n\n## Next\n',
    ],
    ["keeps the list's `*` marker", '## Facts\n* likes tea\n', 'Facts', '## Facts\n* likes tea\n* two ^cm-x\n'],
    ['numbers an ordered list', '## Steps\n1) a\n2) b\n', 'Steps', '## Steps\n1) a\n2) b\n3) two ^cm-x\n'],
    ['stays inside a quoted list', '## Q\n> - a\n> - b\n', 'Q', '## Q\n> - a\n> - b\n> - two ^cm-x\n'],
    ['starts a list right under an empty heading', '## Decisions\n\n## Next\n', 'Decisions', '## Decisions\n- two ^cm-x\n\n## Next\n'],
    [
      "starts a list after the section's prose",
      '## Decisions\nWe decided:\n\n## Next',
      'Decisions',
      '## Decisions\nWe decided:\n- two ^cm-x\n\n## Next',
    ],
    ['does not join an HTML block', '## H\n<div>\nraw\n</div>\n', 'H', '## H\n<div>\nraw\n</div>\n\n- two ^cm-x\n'],
    ['keeps a missing final newline', '## Decisions\n- one', 'Decisions', '## Decisions\n- one\n- two ^cm-x'],
    ['a subheading ends the section', '## Decisions\n- one\n### Old\n- old\n', 'Decisions', '## Decisions\n- one\n- two ^cm-x\n### Old\n- old\n'],
    ['matches the heading text case-insensitively as a fallback', '## decisions\n- one\n', 'Decisions', '## decisions\n- one\n- two ^cm-x\n'],
    ['creates the heading at the end', '# P\n\nText.', 'Decisions', '# P\n\nText.\n\n## Decisions\n\n- two ^cm-x\n'],
    ['creates the heading in an empty note', '', 'Decisions', '## Decisions\n\n- two ^cm-x\n'],
    ['creates the heading after frontmatter that ends the file', '---\na: 1\n---', 'Decisions', '---\na: 1\n---\n## Decisions\n\n- two ^cm-x\n'],
  ])('%s', (_name, before, heading, after) => {
    expect(addListItem(before, heading, 'two', { blockId: 'cm-x' })).toBe(after);
  });

  test('checkbox, heading depth, CRLF and BOM', () => {
    expect(addListItem('\uFEFF# TODO\r\n\r\n- [ ] a ^t1\r\n', 'TODO', 'b', { checkbox: true, blockId: 'cm-t2', headingDepth: 1 })).toBe(
      '\uFEFF# TODO\r\n\r\n- [ ] a ^t1\r\n- [ ] b ^cm-t2\r\n',
    );
    expect(addListItem('# Open\n', 'Open', 'q', { headingDepth: 3 })).toBe('# Open\n\n### Open\n\n- q\n');
  });

  test('refuses a duplicate block id, a bad block id and multi-line text', () => {
    expect(() => addListItem('## A\n- a ^cm-1\n', 'A', 'b', { blockId: 'cm-1' })).toThrow(NoteEditError);
    expect(() => addListItem('## A\n', 'A', 'b', { blockId: 'has space' })).toThrow(NoteEditError);
    expect(() => addListItem('## A\n', 'A', 'b\nc')).toThrow(NoteEditError);
  });
});

describe('edits of an existing bullet', () => {
  const TODO = "# TODO\r\n\r\n- [ ] ship it ^cm-1\r\n- [x] done ^cm-2\r\n- plain ^cm-3\r\n  - a person's note\r\n- last ^cm-4";

  test('replaceListItem keeps marker, checkbox and block id', () => {
    expect(replaceListItem(TODO, 'cm-1', 'ship it today')).toBe(TODO.replace('ship it ^cm-1', 'ship it today ^cm-1'));
    expect(replaceListItem('- ^cm-9\n', 'cm-9', 'now with text')).toBe('- now with text ^cm-9\n');
    expect(replaceListItem('- first\n  second ^cm-9\n', 'cm-9', 'one line')).toBe('- one line ^cm-9\n');
  });

  test("removeListItem takes the whole line, and keeps the file's final-newline state", () => {
    expect(removeListItem(TODO, 'cm-2')).toBe(TODO.replace('- [x] done ^cm-2\r\n', ''));
    expect(removeListItem(TODO, 'cm-4')).toBe(TODO.replace('\r\n- last ^cm-4', ''));
  });

  test('removeListItem leaves an item that a person nested notes under', () => {
    expect(() => removeListItem(TODO, 'cm-3')).toThrow(/nested/);
  });

  test('setChecked ticks and unticks, and refuses an item without a checkbox', () => {
    expect(setChecked(TODO, 'cm-1', true)).toBe(TODO.replace('[ ] ship', '[x] ship'));
    expect(setChecked(TODO, 'cm-2', false)).toBe(TODO.replace('[x] done', '[ ] done'));
    expect(setChecked(TODO, 'cm-2', true)).toBe(TODO);
    expect(() => setChecked(TODO, 'cm-3', true)).toThrow(NoteEditError);
  });

  test('an unknown block id is an error, not a silent no-op', () => {
    expect(() => replaceListItem(TODO, 'cm-404', 'x', 'TODO.md')).toThrow(/TODO\.md: no list item with block id \^cm-404/);
  });

  test('an unreadable note is never edited', () => {
    expect(() => setChecked('---\nunclosed\n- [ ] a ^cm-1\n', 'cm-1', true)).toThrow(NoteParseError);
  });
});

describe('renderNote', () => {
  test('keys in the given order, values quoted where needed, body as given', () => {
    const text = renderNote({ type: 'person', created: '2024-05-01T10:00:00Z', aliases: ['Priya S'], note: 'a: b' }, '# Priya\n');
    expect(text).toBe('---\ntype: person\ncreated: 2024-05-01T10:00:00Z\naliases:\n  - Priya S\nnote: "a: b"\n---\n# Priya\n');
    expect(parseNote('p.md', text).frontmatter!.data).toEqual({
      type: 'person',
      created: '2024-05-01T10:00:00Z',
      aliases: ['Priya S'],
      note: 'a: b',
    });
  });

  test('CRLF, empty and absent frontmatter', () => {
    expect(renderNote({ a: 1 }, 'x\ny\n', '\r\n')).toBe('---\r\na: 1\r\n---\r\nx\r\ny\r\n');
    expect(renderNote({}, 'body')).toBe('---\n---\nbody');
    expect(renderNote({ a: undefined, b: 1 }, '')).toBe('---\nb: 1\n---\n');
    expect(renderNote(null, 'just text\n')).toBe('just text\n');
  });
});

describe('setFrontmatterValue inside lists and maps', () => {
  test('kept list items keep their comments, quoting and spacing; removed ones go', () => {
    const text = '---\nsources:\n  - "[[a]]"   # first\n  # why b\n  - \'[[b]]\' # second\n  - c\n---\n';
    expect(setFrontmatterValue(text, 'sources', ['[[a]]', '[[b]]', 'd'])).toBe(
      '---\nsources:\n  - "[[a]]"   # first\n  # why b\n  - \'[[b]]\' # second\n  - d\n---\n',
    );
  });

  test('a flow list stays a flow list', () => {
    expect(setFrontmatterValue('---\ntags: [a, "b"]\n---\n', 'tags', ['a', 'b', 'c'])).toBe('---\ntags: [ a, "b", c ]\n---\n');
  });

  test('a nested map keeps its unchanged keys and their comments', () => {
    const text = '---\nteam:\n  name: Search # official\n  lead: Mateo\n---\n';
    expect(setFrontmatterValue(text, 'team', { name: 'Search', lead: 'Ana' })).toBe('---\nteam:\n  name: Search # official\n  lead: Ana\n---\n');
  });

  test('a multi-line text keeps the literal block style', () => {
    expect(setFrontmatterValue('---\nbio: |\n  a\n  b\n---\n', 'bio', 'x\ny\n')).toBe('---\nbio: |\n  x\n  y\n---\n');
  });
});

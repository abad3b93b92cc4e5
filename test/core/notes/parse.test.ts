// Reading notes: what comes back for good notes, and how bad frontmatter is reported (never evaluated,
// never a crash, never a rewrite).
import fc from 'fast-check';
import {
  parseNote,
  tryParseNote,
  NoteParseError,
  setFrontmatterValue,
  removeFrontmatterKey,
  addListItem,
  readStructure,
} from '../../../src/core/notes';

describe('good notes', () => {
  test('splits frontmatter and body at the closing fence and keeps every byte', () => {
    const text = '---\ntype: person # who\nname: "Priya"\n---\n# Priya\n';
    const note = parseNote('people/priya.md', text);
    expect(note.frontmatter).toMatchObject({
      raw: 'type: person # who\nname: "Priya"\n',
      data: { type: 'person', name: 'Priya' },
      start: 0,
      end: 41,
    });
    expect(note.body).toBe('# Priya\n');
    expect(note.bodyOffset).toBe(41);
  });

  test('BOM and CRLF are recognised and offsets still point into the original text', () => {
    const text = '\uFEFF---\r\ntype: todo\r\n---\r\n- [ ] a\r\n';
    const note = parseNote('TODO.md', text);
    expect(note).toMatchObject({ bom: true, eol: '\r\n', body: '- [ ] a\r\n' });
    expect(note.frontmatter!.start).toBe(1);
    expect(text.slice(note.frontmatter!.start, note.frontmatter!.end)).toBe('---\r\ntype: todo\r\n---\r\n');
  });

  test.each([
    ['no frontmatter', '# Title\n\ntext', null, '# Title\n\ntext'],
    ['empty frontmatter', '---\n---\nbody', {}, 'body'],
    ['comment-only frontmatter', '---\n# nothing yet\n---\n', {}, ''],
    ['closing fence at end of text', '---\na: 1\n---', { a: 1 }, ''],
    ['a rule of four dashes is not a fence', '----\ntext\n', null, '----\ntext\n'],
    ['a lone rule without line break', '---', null, '---'],
    ['dates stay text (YAML 1.2 core schema)', '---\ncreated: 2024-05-01T10:00:00Z\n---\n', { created: '2024-05-01T10:00:00Z' }, ''],
    ['unknown tags are not executed', '---\nf: !!js/function "function(){}"\n---\n', { f: 'function(){}' }, ''],
  ])('%s', (_name, text, data, body) => {
    const note = parseNote('n.md', text);
    expect(note.frontmatter?.data ?? null).toEqual(data);
    expect(note.body).toBe(body);
    expect(note.text).toBe(text);
  });
});

/** Each broken note, the 1-based line the error must name, and a phrase its reason must contain. */
const BROKEN: [string, string, number, RegExp][] = [
  ['unclosed fence', '---\ntype: person\nname: Priya\n\n# Priya\n', 1, /never closed/],
  ['tab indentation', '---\ntype: project\nrepo:\n\t- ~/code/app\n---\n', 4, /tab/],
  ['duplicate key', '---\nname: Priya\ntype: person\ntype: project\n---\n', 4, /duplicate key "type"/],
  [
    'billion laughs',
    [
      '---',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map(
        (k, i) =>
          `${k}: &${k} [${Array(9)
            .fill('*' + 'abcdefghi'[i])
            .join(',')}]`,
      ),
      '---',
      '',
    ].join('\n'),
    3,
    /alias/,
  ],
  ['javascript frontmatter', '---js\n{ title: process.exit(1), x: (globalThis.__pwned = true) }\n---\nbody\n', 1, /unsupported frontmatter language/],
  [
    'javascript frontmatter (long tag)',
    '---javascript\nrequire("child_process").execSync("touch /tmp/pwned")\n---\n',
    1,
    /unsupported frontmatter language/,
  ],
  ['alias to a missing anchor', '---\ntype: person\nlead: *nobody\n---\n', 3, /unreadable YAML/],
  ['a list instead of a mapping', '---\n- a\n- b\n---\n', 2, /not a mapping/],
  ['a bare scalar', '---\njust text\n---\n', 2, /not a mapping/],
  ['unterminated flow', '\uFEFF---\r\nname: Priya\r\ntags: [a, b\r\n---\r\n', 3, /invalid YAML/],
];

describe.each(BROKEN)('broken frontmatter: %s', (_name, text, line, reason) => {
  const path = 'people/priya.md';

  test('parseNote throws a NoteParseError naming file and line', () => {
    let error: unknown;
    try {
      parseNote(path, text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoteParseError);
    const e = error as NoteParseError;
    expect(e).toMatchObject({ path, line });
    expect(e.reason).toMatch(reason);
    expect(e.message.startsWith(`${path}:${line}: `)).toBe(true);
  });

  test('tryParseNote reports it instead of throwing', () => {
    const result = tryParseNote(path, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.line).toBe(line);
  });

  test('no edit goes ahead: every edit throws the same parse error', () => {
    const edits = [
      () => setFrontmatterValue(text, 'status', 'done', path),
      () => removeFrontmatterKey(text, 'type', path),
      () => addListItem(text, 'Facts', 'likes tea', { path }),
    ];
    for (const edit of edits) expect(edit).toThrow(NoteParseError);
  });
});

test('javascript frontmatter is never run', () => {
  const g = globalThis as { __pwned?: boolean };
  expect(() => parseNote('x.md', BROKEN.find((b) => b[0] === 'javascript frontmatter')![1])).toThrow(NoteParseError);
  expect(g.__pwned).toBeUndefined();
});

test('an alias bomb is refused quickly', () => {
  const t0 = Date.now();
  expect(tryParseNote('x.md', BROKEN.find((b) => b[0] === 'billion laughs')![1]).ok).toBe(false);
  // Generous bound: expanding the bomb would need ~387M nodes; refusing needs a few hundred.
  expect(Date.now() - t0).toBeLessThan(2000);
});

test('any text at all either parses or gives a NoteParseError, never another exception', () => {
  const pieces = fc.constantFrom(
    '---',
    '---js',
    '\n',
    '\r\n',
    '\t',
    ' ',
    'a:',
    'a: 1',
    '- x',
    '&a',
    '*a',
    '[',
    '{',
    '"',
    "'",
    '#',
    '|',
    '\uFEFF',
    '😀',
    '^cm-1',
    '[[x]]',
    '```',
  );
  fc.assert(
    fc.property(
      fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')),
      (text) => {
        const result = tryParseNote('fuzz.md', text);
        if (result.ok) {
          expect(result.note.text).toBe(text);
          expect(() => readStructure(result.note)).not.toThrow();
        } else {
          expect(result.error).toBeInstanceOf(NoteParseError);
          expect(result.error.message).toMatch(/^fuzz\.md:\d+: /);
        }
        try {
          parseNote('fuzz.md', text);
        } catch (e) {
          expect(e).toBeInstanceOf(NoteParseError);
        }
      },
    ),
    { numRuns: 2000, seed: 7 },
  );
});

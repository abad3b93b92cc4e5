// The quick frontmatter reader agrees with the full YAML parser on every block it accepts (and declines the
// rest): generated blocks from pieces real notes use, plus the hard cases by hand.
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { YAML_OPTIONS } from '../../../src/core/notes/parse';
import { readSimpleYaml } from '../../../src/core/notes/simple-yaml';

function full(raw: string): unknown {
  const doc = parseDocument(raw, YAML_OPTIONS);
  if (doc.errors.length) return 'ERROR';
  return doc.toJS() ?? {};
}

const SCALARS = [
  'topic',
  'session',
  'pin',
  'never',
  'global',
  '2026-09-03T04:00:00.000Z',
  '2025-01-15',
  '12',
  '0',
  '007',
  '1.5',
  '1e3',
  '0x1F',
  '0o17',
  '.inf',
  '-3',
  '+4',
  'true',
  'False',
  'TRUE',
  'null',
  'Null',
  '~',
  'yes',
  'no',
  'on',
  '"[[projects/a]]"',
  "'it''s'",
  "'a'b'",
  '"a\\"b"',
  '[[projects/a]]',
  'a: b',
  'a #c',
  'a#c',
  'x:',
  '/home/dev/src/app',
  'git@github.com:acme/app.git',
  'Marta Lindqvist',
  '"quoted, comma"',
  '&anchor',
  '*alias',
  '!tag x',
  '|',
  '>',
  '@x',
  '`x`',
  '%x',
  '? x',
  ': x',
  '- x',
  'ü日本',
  '',
];
const FLOWS = [
  '[]',
  '[a, b]',
  '[Aiko]',
  '["[[projects/a]]"]',
  '[\'x\', "y", z]',
  '[a, ]',
  '[ a ,b ]',
  '[[a]]',
  '[a, [b]]',
  '[{a: 1}]',
  '["a, b", c]',
  '[1, 2.5, true, null]',
  '[ ]',
];
const KEYS = ['type', 'title', 'aliases', 'memory', 'repo', 'updated', 'sources', 'cwd', 'status', 'a_b', 'k-1', 'true', 'null', '__proto__', 'Type'];

const line = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS, ...FLOWS)).map(([k, v]) => `${k}: ${v}`),
  fc.constantFrom(...KEYS).map((k) => `${k}:`),
  fc.tuple(fc.constantFrom('', '  ', ' '), fc.constantFrom(...SCALARS)).map(([i, v]) => `${i}- ${v}`),
  fc.constantFrom('', '# comment', '  continued', 'key:value', '...', 'tags:  spaced ', 'k:   x'),
);

describe('readSimpleYaml', () => {
  it('agrees with the full parser on every block it reads', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const raw = lines.map((l) => l + '\n').join('');
        const quick = readSimpleYaml(raw);
        if (quick !== undefined) expect(quick).toEqual(full(raw));
      }),
      { numRuns: 4000 },
    );
  });

  it('reads the frontmatter of generated and real-looking notes itself', () => {
    const raw =
      'type: session\ncodex_thread: 0000-0\ncwd: /home/dev/src/loxa-and-0\nstarted: 2025-01-01T00:00:00.000Z\nsources: ["[[projects/loxa-and-0]]"]\naliases:\n  - Aiko\n  - "A. B."\n';
    expect(readSimpleYaml(raw)).toEqual(full(raw));
    expect(readSimpleYaml(raw)).toMatchObject({ aliases: ['Aiko', 'A. B.'], started: '2025-01-01T00:00:00.000Z' });
  });

  it('leaves to the full parser what it is not sure of', () => {
    for (const raw of ['a: 1\na: 2\n', 'a: [[x]]\n', 'a: "x\\ny"\n', 'a: |\n  text\n', 'a:\n  b: 1\n', '\ta: 1\n', 'a: 1.5\n', 'k: v # note\n'])
      expect(readSimpleYaml(raw)).toBeUndefined();
  });
});

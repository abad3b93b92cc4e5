import * as fc from 'fast-check';
import * as path from 'node:path';
import { chooseNotePath, isWindowsReservedName, notePathFor, safeFileStem, suffixedStem, utf8Length } from '../../../src/core/security/safe-names';

const RESERVED_CHARS = /[<>:"/\\|?*#^[\]]/;
// eslint-disable-next-line no-control-regex -- control characters are what the test looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Every rule a file name must pass on Windows, macOS, Linux and inside Obsidian links. */
function assertSafe(stem: string, maxBytes: number): void {
  expect(stem.length).toBeGreaterThan(0);
  expect(stem).not.toMatch(RESERVED_CHARS);
  expect(stem).not.toMatch(CONTROL);
  expect(stem).not.toMatch(/^[.\s]|[.\s]$/);
  expect(isWindowsReservedName(stem)).toBe(false);
  expect(utf8Length(stem)).toBeLessThanOrEqual(maxBytes);
  expect(stem).toBe(stem.normalize('NFC'));
  expect(() => encodeURIComponent(stem)).not.toThrow(); // no lone surrogates
}

// Strings a model might return for a title or a person's name: anything at all, weighted toward the nasty.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    '..',
    '../../etc/passwd',
    'CON',
    'nul.txt',
    'Com1 ',
    'LPT¹',
    '  . ',
    '',
    '\u202Egnp.exe',
    'a\u0000b',
    'x'.repeat(400),
    '😀'.repeat(100),
    'e\u0301',
    '~/.ssh/id_rsa',
    'C:\\Windows\\system32',
    '#^[[x]]|y',
  ),
  fc.tuple(fc.constantFrom('con', 'PRN', 'aux', 'Nul', 'COM9', 'lpt3'), fc.constantFrom('', '.md', '.tar.gz', ' ', '.')).map(([a, b]) => a + b),
);

describe('safeFileStem', () => {
  test('whatever comes in, the name is safe on every platform and bounded in UTF-8 bytes', () => {
    fc.assert(
      fc.property(nasty, fc.integer({ min: 8, max: 200 }), (raw, maxBytes) => {
        assertSafe(safeFileStem(raw, { maxBytes }), maxBytes);
      }),
      { numRuns: 2000 },
    );
  });

  test('is idempotent', () => {
    fc.assert(
      fc.property(nasty, (raw) => {
        const once = safeFileStem(raw);
        expect(safeFileStem(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  test('a note path built from it never leaves its folder', () => {
    fc.assert(
      fc.property(nasty, (raw) => {
        const rel = notePathFor('people', safeFileStem(raw));
        const abs = path.resolve('/vault', rel);
        expect(abs.startsWith('/vault/people/')).toBe(true);
        expect(path.dirname(rel)).toBe('people');
        expect(rel.endsWith('.md')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test.each([
    ['Priya Raman', 'Priya Raman'],
    ['../../etc/passwd', 'etc passwd'],
    ['CON', 'CON_'],
    ['nul.txt', 'nul_.txt'],
    ['com1', 'com1_'],
    ['What? A "quoted" <title>: part 2', 'What A quoted title part 2'],
    ['trailing dots...', 'trailing dots'],
    ['  \t', 'untitled'],
    ['.hidden', 'hidden'],
    ['Tomás', 'Tomás'],
    ['line\nbreak\u0007bell', 'line break bell'],
  ])('%j → %j', (raw, want) => {
    expect(safeFileStem(raw)).toBe(want);
  });

  test('cuts long names at a character boundary, never inside a multi-byte character', () => {
    const stem = safeFileStem('ä'.repeat(200), { maxBytes: 51 });
    expect(stem).toBe('ä'.repeat(25));
  });
});

describe('collisions', () => {
  test('a suffix keeps the name within bounds', () => {
    const long = safeFileStem('x'.repeat(500), { maxBytes: 40 });
    expect(utf8Length(suffixedStem(long, 12, { maxBytes: 40 }))).toBeLessThanOrEqual(40);
    expect(suffixedStem(long, 12, { maxBytes: 40 }).endsWith(' 12')).toBe(true);
  });

  test('a note of another type is never reused: the next free suffix is taken', async () => {
    const taken: Record<string, 'same' | 'other'> = { 'people/Priya.md': 'other', 'people/Priya 2.md': 'other' };
    const got = await chooseNotePath('people', 'Priya', (p) => taken[p] ?? 'free');
    expect(got).toEqual({ path: 'people/Priya 3.md', exists: false });
  });

  test('the note we mean is reused', async () => {
    const got = await chooseNotePath('people', 'Priya', (p) => (p === 'people/Priya.md' ? 'same' : 'free'));
    expect(got).toEqual({ path: 'people/Priya.md', exists: true });
  });

  test('a folder that would leave the vault is refused', () => {
    expect(() => notePathFor('../outside', 'x')).toThrow(/leave the vault/);
  });
});

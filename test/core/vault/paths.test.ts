import { isIgnoredPath, isWithin, normaliseVaultPath, parentFolder } from '../../../src/core/vault/paths';
import { UnsafePathError } from '../../../src/core/vault/store';

test.each([
  ['notes/a.md', 'notes/a.md'],
  ['notes//a.md', 'notes/a.md'],
  ['./notes/./a.md', 'notes/a.md'],
  ['notes\\sub\\a.md', 'notes/sub/a.md'],
  ['notes/a.md/', 'notes/a.md'],
  ['people/Zoe\u0308.md', 'people/Zoë.md'],
  ['..hidden/x.md', '..hidden/x.md'],
  ['notes/a..b.md', 'notes/a..b.md'],
])('%j is the vault path %j', (input, expected) => {
  expect(normaliseVaultPath(input)).toBe(expected);
});

test.each([
  ['../x.md', "'..' would leave the vault"],
  ['a/../../x.md', "'..' would leave the vault"],
  ['a/..', "'..' would leave the vault"],
  ['/etc/passwd', 'absolute paths are not vault paths'],
  ['\\\\server\\share\\x.md', 'absolute paths are not vault paths'],
  ['C:/x.md', 'drive letters are not vault paths'],
  ['c:x.md', 'drive letters are not vault paths'],
  ['a\0.md', 'contains a NUL character'],
  ['', 'empty path'],
  ['./', 'empty path'],
])('%j is refused: %s', (input, reason) => {
  expect(() => normaliseVaultPath(input)).toThrow(UnsafePathError);
  expect(() => normaliseVaultPath(input)).toThrow(reason);
});

test('the vault root is allowed only where a folder is meant', () => {
  expect(normaliseVaultPath('', true)).toBe('');
  expect(() => normaliseVaultPath('/', true)).toThrow('absolute paths');
});

test('isWithin does not confuse a folder with a sibling that shares its prefix', () => {
  expect(isWithin('notes/a.md', 'notes')).toBe(true);
  expect(isWithin('notes-old/a.md', 'notes')).toBe(false);
  expect(isWithin('anything.md', '')).toBe(true);
});

test('program state and hidden entries are ignored, also a state folder without a dot', () => {
  expect(isIgnoredPath('.codex-memory/ledger.jsonl')).toBe(true);
  expect(isIgnoredPath('.obsidian/app.json')).toBe(true);
  expect(isIgnoredPath('.config-renamed/snippets/x.md')).toBe(true);
  expect(isIgnoredPath('.trash/x.md')).toBe(true);
  expect(isIgnoredPath('notes/.draft.md')).toBe(true);
  expect(isIgnoredPath('Memory state/x.md', 'Memory state')).toBe(true);
  expect(isIgnoredPath('Memory state-old/x.md', 'Memory state')).toBe(false);
  expect(isIgnoredPath('notes/a.md')).toBe(false);
});

test('parentFolder', () => {
  expect(parentFolder('a/b/c.md')).toBe('a/b');
  expect(parentFolder('c.md')).toBe('');
});

// Vault-relative paths: '/' separators, no way out of the vault. Both adapters and every writer go through
// normaliseVaultPath, so a path that came from a model, a rollout or a note can never escape the vault.
import { UnsafePathError } from './store';

/**
 * Canonical vault-relative form of `path`: '/' separators, no empty or '.' segments, no leading or trailing
 * slash, Unicode NFC (what Obsidian's normalizePath does, so both adapters name a note the same way).
 * Throws UnsafePathError for '..', absolute paths, drive letters and NUL.
 * `allowRoot` accepts '' (the vault itself), which only folder arguments need.
 */
export function normaliseVaultPath(path: string, allowRoot = false): string {
  if (typeof path !== 'string') throw new UnsafePathError(String(path), 'not a string');
  if (path.includes('\0')) throw new UnsafePathError(path, 'contains a NUL character');
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/')) throw new UnsafePathError(path, 'absolute paths are not vault paths');
  if (/^[A-Za-z]:/.test(slashed)) throw new UnsafePathError(path, 'drive letters are not vault paths');
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new UnsafePathError(path, "'..' would leave the vault");
  const out = segments.join('/').normalize('NFC');
  if (out === '' && !allowRoot) throw new UnsafePathError(path, 'empty path');
  return out;
}

/** True when the path lies at or below `folder` ('' is the whole vault). Both must be normalised. */
export function isWithin(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

/** Parent folder of a normalised path ('' for top-level files). */
export function parentFolder(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * True for paths listings skip: the state folder and anything hidden (a segment starting with '.'), which
 * covers Obsidian's config folder whatever its name, its trash, .git and temp files. Obsidian hides them too.
 */
export function isIgnoredPath(path: string, stateDir = '.codex-memory'): boolean {
  return isWithin(path, stateDir) || path.split('/').some((segment) => segment.startsWith('.'));
}

/** Code-point order, so listings sort the same on every platform and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Note file names built from text a model, a rollout or a person supplied. Whatever comes in, the name that
// comes out is one every platform accepts and that cannot leave its folder: no separators, no '..', no
// control or reserved characters, no Windows device names, no trailing dot or space, bounded in UTF-8 bytes.
import { normaliseVaultPath } from '../vault/paths';

export interface SafeNameOptions {
  /** Upper bound of the stem in UTF-8 bytes (the '.md' comes on top). */
  maxBytes?: number;
  /** Used when nothing printable is left. */
  fallback?: string;
}

/** Most file systems allow 255 bytes per name; this leaves room for a collision suffix and '.md'. */
export const DEFAULT_MAX_STEM_BYTES = 120;

// Windows rejects <>:"/\|?* (':' is also the macOS Finder separator); Obsidian links break on #^[]|.
const RESERVED_CHARS = /[<>:"/\\|?*#^[\]]/g;
// C0 and C1 controls, DEL, zero-width and bidi-override characters, line/paragraph separators, BOM,
// and noncharacters: invisible or direction-flipping characters have no place in a file name.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|conin\$|conout\$|clock\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Longest prefix of `text` (whole code points) that fits in `maxBytes` UTF-8 bytes. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** Leading dots (hidden files, '..') and trailing dots/spaces (dropped by Windows) go; inner runs of space shrink. */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
}

/** True when Windows would treat the name as a device, also with an extension ("nul.txt") or trailing spaces. */
export function isWindowsReservedName(stem: string): boolean {
  const base = stem.split('.')[0].replace(/[ ]+$/, '');
  return WINDOWS_DEVICE.test(base);
}

/**
 * A safe file stem (no extension) for `raw`. Idempotent: safeFileStem(safeFileStem(x)) === safeFileStem(x).
 */
export function safeFileStem(raw: string, opts: SafeNameOptions = {}): string {
  const maxBytes = Math.max(8, opts.maxBytes ?? DEFAULT_MAX_STEM_BYTES);
  const fallback = opts.fallback ?? 'untitled';
  let stem = String(raw ?? '')
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, ' ')
    .replace(RESERVED_CHARS, ' ');
  stem = tidy(stem);
  stem = tidy(truncateUtf8(stem, maxBytes));
  if (!stem) stem = tidy(truncateUtf8(safeFallback(fallback), maxBytes)) || 'untitled';
  if (isWindowsReservedName(stem)) stem = unreserve(stem, maxBytes);
  return stem;
}

/** "nul.txt" → "nul_.txt": the device part itself must change, a suffix after the dot would not help. */
function unreserve(stem: string, maxBytes: number): string {
  const dot = stem.indexOf('.');
  const base = (dot === -1 ? stem : stem.slice(0, dot)).replace(/ +$/, '');
  return tidy(truncateUtf8(`${base}_${dot === -1 ? '' : stem.slice(dot)}`, maxBytes));
}

function safeFallback(fallback: string): string {
  return tidy(fallback.normalize('NFC').replace(INVISIBLE, ' ').replace(RESERVED_CHARS, ' '));
}

/** The stem with a collision counter (" 2", " 3", …) that still fits the byte bound. */
export function suffixedStem(stem: string, n: number, opts: SafeNameOptions = {}): string {
  if (n <= 1) return stem;
  const maxBytes = Math.max(8, opts.maxBytes ?? DEFAULT_MAX_STEM_BYTES);
  const suffix = ` ${n}`;
  return `${tidy(truncateUtf8(stem, maxBytes - suffix.length))}${suffix}`;
}

/** `folder/stem.md`, normalised; the folder must itself be a vault path (checked, never trusted). */
export function notePathFor(folder: string, stem: string): string {
  const dir = normaliseVaultPath(folder, true);
  return normaliseVaultPath(dir ? `${dir}/${stem}.md` : `${stem}.md`);
}

/**
 * The first free or reusable path for a note named `raw` in `folder`: `name.md`, then `name 2.md`, … .
 * `verdict(path)` says whether the path is free, holds the note we mean (reuse it), or holds something else
 * (a note of another type, or one about another subject: skip to the next suffix).
 */
export async function chooseNotePath(
  folder: string,
  raw: string,
  verdict: (path: string) => Promise<'free' | 'same' | 'other'> | 'free' | 'same' | 'other',
  opts: SafeNameOptions & { maxTries?: number } = {},
): Promise<{ path: string; exists: boolean }> {
  const stem = safeFileStem(raw, opts);
  const tries = opts.maxTries ?? 50;
  for (let n = 1; n <= tries; n++) {
    const path = notePathFor(folder, suffixedStem(stem, n, opts));
    const v = await verdict(path);
    if (v === 'free') return { path, exists: false };
    if (v === 'same') return { path, exists: true };
  }
  throw new Error(`No free note name for "${stem}" in ${folder || 'the vault'} after ${tries} tries`);
}

// Obsidian block ids the program gives its memory items: `cm-` + 8 base36 chars, derived from a seed so the
// same learning from the same session always gets the same id (re-running a checkpoint changes nothing).
// Pure arithmetic, no node:crypto, so the core also runs inside Obsidian.

const ID_CHARS = 8;
const ID_SPACE = 36 ** ID_CHARS;
const PROGRAM_ID = /^\^?cm-[0-9a-z]{6,8}$/;
/** What Obsidian accepts as a block id. */
export const BLOCK_ID = /^[A-Za-z0-9-]+$/;

/** cyrb53: a fast 53-bit string hash with good spread (public domain, by bryc). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Deterministic program block id (without the leading '^') for a seed such as `thread:kind:text`. */
export function blockIdFor(seed: string): string {
  return 'cm-' + (hash53(seed.normalize('NFC')) % ID_SPACE).toString(36).padStart(ID_CHARS, '0');
}

/** Like blockIdFor, but never one of `taken`: on a collision the seed is salted, still deterministically. */
export function uniqueBlockIdFor(seed: string, taken: ReadonlySet<string>): string {
  let id = blockIdFor(seed);
  for (let salt = 1; taken.has(id); salt++) id = blockIdFor(`${seed}#${salt}`);
  return id;
}

/** True for ids the program writes (`cm-…`), with or without the leading '^'. */
export function isProgramBlockId(id: string): boolean {
  return PROGRAM_ID.test(id);
}

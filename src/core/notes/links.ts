// Obsidian wiki links: writing them for vault paths, and deciding whether one points at a given note.

export interface WikiLink {
  /** Link path as written, without '#…' or '|…' ('' for a link into the same note). */
  target: string;
  heading?: string;
  /** Block id without the '^'. */
  block?: string;
  alias?: string;
  embed: boolean;
  /** 1-based line in the whole note. */
  line: number;
}

/** Characters Obsidian does not allow in a link target. */
const BAD_TARGET = /[[\]|#^\r\n]/;

function stripMd(path: string): string {
  return path.replace(/\.md$/i, '');
}

/** `[[people/priya|Priya]]` for `people/priya.md`. */
export function wikiLink(path: string, alias?: string): string {
  const target = stripMd(path.replace(/^\/+/, ''));
  if (!target || BAD_TARGET.test(target)) throw new RangeError(`Cannot link to "${path}": Obsidian links cannot contain [ ] | # ^`);
  const label = alias
    ?.replace(/[[\]|\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return label && label !== target ? `[[${target}|${label}]]` : `[[${target}]]`;
}

/** Split the inside of `[[…]]` into its parts (a `\|` in a table cell counts as the alias bar). */
export function parseLinkInner(inner: string, embed: boolean, line: number): WikiLink {
  const bar = inner.search(/\\?\|/);
  const ref = bar === -1 ? inner : inner.slice(0, bar);
  const alias = bar === -1 ? undefined : inner.slice(bar + (inner[bar] === '\\' ? 2 : 1)).trim();
  const hash = ref.indexOf('#');
  const link: WikiLink = { target: (hash === -1 ? ref : ref.slice(0, hash)).trim(), embed, line };
  if (hash !== -1) {
    const sub = ref.slice(hash + 1).trim();
    if (sub.startsWith('^')) link.block = sub.slice(1);
    else if (sub) link.heading = sub;
  }
  if (alias) link.alias = alias;
  return link;
}

/** `[[inner]]` or `![[inner]]` on one line. */
export const WIKI_LINK = /(!?)\[\[([^[\]\r\n]+?)\]\]/g;

/** Every `[[…]]` / `![[…]]` in a piece of inline text. */
export function findWikiLinks(text: string, lineOfOffset: (offset: number) => number): WikiLink[] {
  const found: WikiLink[] = [];
  for (const m of text.matchAll(WIKI_LINK)) {
    found.push(parseLinkInner(m[2], m[1] === '!', lineOfOffset(m.index)));
  }
  return found;
}

function normalize(path: string): string {
  return stripMd(path.replace(/\\/g, '/').replace(/^\/+/, '')).normalize('NFC').toLowerCase();
}

/**
 * Whether a link (or link target text) resolves to `path` the way Obsidian would for an unambiguous name:
 * the full vault path, or a trailing part of it such as the bare note name.
 */
export function linkTargetMatches(link: WikiLink | string, path: string): boolean {
  const target = normalize(typeof link === 'string' ? link : link.target);
  const note = normalize(path);
  if (!target) return false;
  return note === target || note.endsWith('/' + target);
}

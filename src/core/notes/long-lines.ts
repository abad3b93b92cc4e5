// remark's cost grows with the characters it tokenises (about 100 bytes of memory each): one 10 MB line of
// pasted log took 25 s and over 1 GB to parse. Block structure (headings, lists, quotes, fences, tables) is
// decided by how a line starts, and readStructure reads item text, block ids and links from the note's own text,
// so a very long line is parsed by its head and tail only, and every position in the tree is moved back to
// where it is in the real text. Inline nodes inside the left-out middle are not in the tree.
import type { Root } from 'mdast';

/** Lines longer than this are parsed by their head and tail. */
export const LONG_LINE = 64 * 1024;
/** Characters kept at each end of a long line. */
const KEEP = 4 * 1024;

interface Cut {
  /** Offset in the shortened text where characters were left out. */
  at: number;
  removed: number;
  /** Offset in the shortened text where that line ends. */
  lineEnd: number;
}

interface Point {
  line: number;
  column: number;
  offset?: number;
}

/** The text with the middles of long lines left out, and where. */
function shorten(text: string): { short: string; cuts: Cut[] } {
  const cuts: Cut[] = [];
  let short = '';
  let from = 0;
  let removed = 0;
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    if (end - from > LONG_LINE) {
      short += text.slice(from, from + KEEP);
      const gap = end - from - 2 * KEEP;
      cuts.push({ at: from - removed + KEEP, removed: gap, lineEnd: end - removed - gap });
      removed += gap;
      short += text.slice(end - KEEP, nl === -1 ? end : nl + 1);
    } else {
      short += text.slice(from, nl === -1 ? end : nl + 1);
    }
    if (nl === -1) break;
    from = nl + 1;
  }
  return { short, cuts };
}

/** Parses `text` with `parse`, shortening long lines first; positions in the tree are those of `text`. */
export function parseWithLongLines(text: string, parse: (text: string) => Root): Root {
  let long = false;
  for (let from = 0; from < text.length && !long;) {
    const nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    long = end - from > LONG_LINE;
    from = end + 1;
  }
  if (!long) return parse(text);
  const { short, cuts } = shorten(text);
  const tree = parse(short);
  // A point exactly at a cut starts the tail (a node beginning there) or ends the head (a node ending there).
  const move = (p: Point | undefined, isEnd: boolean): void => {
    if (p?.offset === undefined) return;
    let shift = 0;
    let sameLine = 0;
    for (const c of cuts) {
      if (isEnd ? c.at < p.offset : c.at <= p.offset) {
        shift += c.removed;
        if (p.offset <= c.lineEnd) sameLine += c.removed;
      }
    }
    p.offset += shift;
    p.column += sameLine;
  };
  const visit = (node: { position?: { start: Point; end: Point }; children?: unknown[] }): void => {
    move(node.position?.start, false);
    move(node.position?.end, true);
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  visit(tree);
  return tree;
}

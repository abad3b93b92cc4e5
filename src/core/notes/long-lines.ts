// remark's cost grows with the characters it tokenises (about 100 bytes of memory each): one 10 MB line of
// pasted log took 25 s and over 1 GB to parse, and so did a pasted log of 200,000 short lines. Block structure
// (headings, lists, quotes, fences, tables) is decided by how a line starts, and readStructure reads item text,
// block ids and links from the note's own text, so the parser is given a shortened text:
//  - a very long line is parsed by its head and tail only;
//  - in a long run of plain lines (a letter first, then nothing markdown gives a meaning to: see PLAIN), only the
//    first and last line are kept: such a line can neither start nor end a block, nor open anything inline.
// Every position in the tree is then moved back to where it is in the real text. Inline nodes inside the
// left-out parts are not in the tree; a heading that would span a left-out run (a setext heading over a pasted
// log) makes the run count, so its text is whole.
import type { Root } from 'mdast';

/** Lines longer than this are parsed by their head and tail. */
export const LONG_LINE = 64 * 1024;
/** Characters kept at each end of a long line. */
const KEEP = 4 * 1024;
/** Runs of plain lines are shortened only in a body this large (by default), and only runs this long: small notes parse whole. */
export const PLAIN_RUN_BODY = 256 * 1024;
export const PLAIN_RUN_LINES = 64;
/**
 * A line that means nothing to markdown but "more paragraph text": a letter at column 0 (no list marker,
 * heading, quote, fence, HTML, table or indented code can start so), then only letters, digits, spaces and
 * punctuation that opens nothing inline (no `[ ] ( ) < > * _ ~ \` & ! | # ^ = " '` or backslash), and no
 * trailing space (a hard break).
 */
const PLAIN = /[A-Za-z](?:[A-Za-z0-9 ,.:;%+/@?$-]*[A-Za-z0-9,.:;%+/@?$-])?\r?(?:\n|$)/y;

interface Cut {
  /** Offset in the shortened text where characters were left out. */
  at: number;
  removed: number;
  /** Offset in the shortened text where that line ends (-1 when whole lines were left out). */
  lineEnd: number;
  /** Whole lines left out. */
  lines: number;
}

interface Point {
  line: number;
  column: number;
  offset?: number;
}

/**
 * Calls `each(from, end, next)` for every line of `text` from `start` (end: before its '\n', a '\r' before it is part of the
 * line; next: past the '\n', or the text's length). A plain loop: a pasted log has 200,000 lines.
 */
export function eachLine(text: string, each: (from: number, end: number, next: number) => void, start = 0): void {
  for (let from = start; ;) {
    const nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    each(from, end, nl === -1 ? end : nl + 1);
    if (nl === -1) return;
    from = nl + 1;
  }
}

/** Tested in place (sticky), so a run of 200,000 lines allocates no string per line. */
export function isPlain(text: string, from: number, next: number): boolean {
  if (next - from > 1024) return false;
  PLAIN.lastIndex = from;
  return PLAIN.test(text) && PLAIN.lastIndex === next;
}

/** The text with the middles of long lines and of long plain runs left out, and where; null when nothing is. */
function shorten(text: string, runs: boolean): { short: string; cuts: Cut[] } | null {
  const cuts: Cut[] = [];
  const parts: string[] = [];
  let kept = 0; // characters of `text` copied into parts, up to `copied`
  let copied = 0;
  let removed = 0;
  const leaveOut = (from: number, to: number, cut: Omit<Cut, 'at' | 'removed'>) => {
    parts.push(text.slice(copied, from));
    kept += from - copied;
    cuts.push({ at: kept, removed: to - from, ...cut });
    removed += to - from;
    copied = to;
  };
  // The current run of plain lines: how many, and where its second and last lines start.
  let run = 0;
  let second = 0;
  let last = 0;
  const endRun = () => {
    if (run >= PLAIN_RUN_LINES) leaveOut(second, last, { lineEnd: -1, lines: run - 2 });
    run = 0;
  };
  eachLine(text, (from, end, next) => {
    if (runs && isPlain(text, from, next)) {
      if (run === 1) second = from;
      last = from;
      run++;
      return;
    }
    endRun();
    if (end - from > LONG_LINE) leaveOut(from + KEEP, end - KEEP, { lineEnd: end - removed - (end - from - 2 * KEEP), lines: 0 });
  });
  endRun();
  if (cuts.length === 0) return null;
  parts.push(text.slice(copied));
  return { short: parts.join(''), cuts };
}

/** A heading (a setext one, over several lines) that a left-out plain run would cut short. */
function headingOverRun(tree: Root, cuts: Cut[]): boolean {
  const within = (node: { type: string; position?: { start: Point; end: Point }; children?: unknown[] }): boolean => {
    const s = node.position?.start.offset ?? 0;
    const e = node.position?.end.offset ?? 0;
    if (node.type === 'heading') return cuts.some((c) => c.lines > 0 && c.at > s && c.at < e);
    return (node.children ?? []).some((c) => within(c as typeof node));
  };
  return within(tree);
}

function hasLongLine(text: string): boolean {
  let long = false;
  eachLine(text, (from, end) => {
    if (end - from > LONG_LINE) long = true;
  });
  return long;
}

/** Parses `text` with `parse`, shortening long lines (and long plain runs) first; positions in the tree are those of `text`. */
export function parseWithLongLines(text: string, parse: (text: string) => Root, plainRunsFrom = PLAIN_RUN_BODY): Root {
  const runs = text.length >= plainRunsFrom;
  const shortened = runs || hasLongLine(text) ? shorten(text, runs) : null;
  if (!shortened) return parse(text);
  const { short, cuts } = shortened;
  const tree = parse(short);
  if (runs && headingOverRun(tree, cuts)) return parseWithLongLines(text, parse, Infinity);
  // A point exactly at a cut starts the tail (a node beginning there) or ends the head (a node ending there).
  const move = (p: Point | undefined, isEnd: boolean): void => {
    if (p?.offset === undefined) return;
    let shift = 0;
    let sameLine = 0;
    let lines = 0;
    for (const c of cuts) {
      if (isEnd ? c.at < p.offset : c.at <= p.offset) {
        shift += c.removed;
        lines += c.lines;
        if (p.offset <= c.lineEnd) sameLine += c.removed;
      }
    }
    p.offset += shift;
    p.column += sameLine;
    p.line += lines;
  };
  const visit = (node: { position?: { start: Point; end: Point }; children?: unknown[] }): void => {
    move(node.position?.start, false);
    move(node.position?.end, true);
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  visit(tree);
  return tree;
}

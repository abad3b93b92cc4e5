// Edits of a note that holds a pasted log of 200,000 lines. Every edit reads the note's structure and writes a new
// text, so on the whole note each one costs a structure read and a copy of megabytes. Instead the edits run on the
// note with the middle of each long run of plain lines (long-lines.ts: lines that can neither start nor end a block,
// nor open anything inline) replaced by one marker line, itself plain, and the runs are put back afterwards.
//
// This is the same argument that lets parseWithLongLines leave those lines out, and edits never write inside such a
// run: they change bullets and frontmatter keys, and add lines at the end of a list, a section or the note. A run
// that belongs to a bullet (its continuation lines) or to a heading (a setext heading over a pasted log) is not left
// out, since that bullet's text or that heading's name would then differ; a note where that happens is edited whole.
import { tryParseNote } from './parse';
import { readStructure } from './structure';
import { eachLine, isPlain, PLAIN_RUN_BODY, PLAIN_RUN_LINES } from './long-lines';

export interface ElidedNote {
  /** The note with the middle of each long plain run replaced by a marker line. */
  text: string;
  /** `edited` (made from `text` by edits) with the runs put back; null when a marker is not there exactly once. */
  expand(edited: string): string | null;
}

/** Letters and digits only, so a marker line is a plain line too; a note that already says it is not shortened. */
const MARKER = 'CodexMemoryElidedLines';

interface Run {
  /** Offsets in the note of the lines left out (whole lines, with their line breaks). */
  from: number;
  to: number;
  /** The marker line standing in for them, with the line break they end with. */
  line: string;
}

/** The note shortened for editing, or null when it is small, unreadable, or has no run that may be left out. */
export function elidePlainRuns(text: string, path?: string): ElidedNote | null {
  if (text.length < PLAIN_RUN_BODY || text.includes(MARKER)) return null;
  const parsed = tryParseNote(path ?? '', text);
  if (!parsed.ok) return null;
  const runs: Run[] = [];
  let count = 0;
  let second = 0;
  let last = 0;
  const endRun = () => {
    if (count >= PLAIN_RUN_LINES) {
      const eol = text[last - 2] === '\r' ? '\r\n' : '\n';
      runs.push({ from: second, to: last, line: `${MARKER}${runs.length + 1}${eol}` });
    }
    count = 0;
  };
  eachLine(
    text,
    (from, _end, next) => {
      if (!isPlain(text, from, next)) return endRun();
      if (count === 1) second = from;
      last = from;
      count++;
    },
    parsed.note.bodyOffset,
  );
  endRun();
  if (runs.length === 0) return null;
  const parts: string[] = [];
  let copied = 0;
  for (const r of runs) {
    parts.push(text.slice(copied, r.from), r.line);
    copied = r.to;
  }
  parts.push(text.slice(copied));
  const short = parts.join('');
  if (!leftOutSafely(short, runs, path)) return null;
  return { text: short, expand: (edited) => expand(text, edited, runs) };
}

/** No marker inside a heading or a list item (their text would then be the marker's). */
function leftOutSafely(short: string, runs: Run[], path?: string): boolean {
  const parsed = tryParseNote(path ?? '', short);
  if (!parsed.ok) return false;
  const s = readStructure(parsed.note);
  let from = 0;
  for (const r of runs) {
    const at = short.indexOf(r.line, from);
    if (at === -1) return false;
    from = at + r.line.length;
    const inside = (start: number, end: number) => start <= at && at <= end;
    if (s.headings.some((h) => inside(h.start, h.end)) || s.items.some((i) => inside(i.start, i.subtreeEnd))) return false;
  }
  return true;
}

/** Joined with `+`, not join(): the pieces stay where they are until the text is read, so no copy is made here. */
function expand(text: string, edited: string, runs: Run[]): string | null {
  let out = '';
  let copied = 0;
  for (const r of runs) {
    const at = edited.indexOf(r.line);
    if (at < copied || edited[at - 1] !== '\n' || edited.includes(r.line, at + 1)) return null;
    out += edited.slice(copied, at) + text.slice(r.from, r.to);
    copied = at + r.line.length;
  }
  return out + edited.slice(copied);
}

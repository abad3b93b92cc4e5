// The managed block Codex Memory keeps in a repository's AGENTS.md, for sessions where hooks are off.
// The block sits at the top of the file (after a BOM), so the person's own instructions come after it and win
// where they disagree, and removing it gives back the original bytes exactly: the program owns the marker
// lines, what is between them, and at most one blank line directly after the end marker. Nothing else.
import { detectEol } from '../notes/parse';

export const BLOCK_START = '<!-- codex-memory:start -->';
export const BLOCK_END = '<!-- codex-memory:end -->';

export class AgentsMdBlockError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'AgentsMdBlockError';
  }
}

interface Range {
  start: number;
  end: number;
}

/** Offsets of every line whose whole content (trimmed) equals `marker`. */
function markerLines(text: string, marker: string): Range[] {
  const found: Range[] = [];
  let from = 0;
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, from)) {
    from = i + marker.length;
    // A BOM before the first line belongs to the file, not to the marker line.
    const lineStart = Math.max(text.lastIndexOf('\n', i - 1) + 1, bomLength(text));
    const nl = text.indexOf('\n', i);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    const content = text.slice(lineStart, nl === -1 ? text.length : nl);
    if (content.trim() === marker) found.push({ start: lineStart, end: lineEnd });
  }
  return found;
}

/** The block's range (markers, body, and the one blank line after it that is ours), or null when absent. */
export function findBlock(path: string, text: string): Range | null {
  const starts = markerLines(text, BLOCK_START);
  const ends = markerLines(text, BLOCK_END);
  if (starts.length === 0 && ends.length === 0) return null;
  if (starts.length !== 1 || ends.length !== 1 || ends[0].start < starts[0].end) {
    throw new AgentsMdBlockError(
      path,
      `the ${BLOCK_START} … ${BLOCK_END} markers are damaged (${starts.length} start, ${ends.length} end); ` +
        'fix or delete them by hand, nothing was changed',
    );
  }
  let end = ends[0].end;
  const blank = /^\r?\n/.exec(text.slice(end));
  if (blank && end < text.length) end += blank[0].length;
  return { start: starts[0].start, end };
}

/** The block's text: markers, a one-line notice, the body, then a blank line that keeps it apart. */
export function renderBlock(body: string, eol: '\n' | '\r\n'): string {
  const lines = [
    BLOCK_START,
    '<!-- Written by codex-memory from your vault; edits inside this block are replaced. ' + 'Remove it with `codex-memory agents-md --remove`. -->',
    ...body.replace(/\r\n/g, '\n').trimEnd().split('\n'),
    BLOCK_END,
  ];
  return lines.join(eol) + eol + eol;
}

function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** Puts `body` in the block (replacing an existing one in place, else at the top); the rest is untouched. */
export function upsertBlock(path: string, text: string, body: string): string {
  const eol = text ? detectEol(text) : '\n';
  const range = findBlock(path, text);
  let block = renderBlock(body, eol);
  if (range) {
    // The blank line after the end marker is ours only if it was there; keep the file's shape otherwise.
    if (range.end === text.length && !/\r?\n\r?\n$/.test(text.slice(range.start, range.end))) block = block.slice(0, -eol.length);
    return text.slice(0, range.start) + block + text.slice(range.end);
  }
  const at = bomLength(text);
  if (at === text.length) block = block.slice(0, -eol.length);
  return text.slice(0, at) + block + text.slice(at);
}

/** The file without the block; null when there is none. */
export function removeBlock(path: string, text: string): string | null {
  const range = findBlock(path, text);
  if (!range) return null;
  return text.slice(0, range.start) + text.slice(range.end);
}

/** What the file holds outside the block (what Codex reads of the person's own text). */
export function outsideBlock(path: string, text: string): string {
  return removeBlock(path, text) ?? text;
}

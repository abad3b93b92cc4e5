// Full-text search over the index: ranked units with a short snippet around the first matching word.
import { redact } from '../security/redact';
import { DEFAULT_FOLDERS } from '../settings';
import type { RankedHits } from './engine';
import type { MemoryIndex } from './memory-index';
import { noteExclusion, unitExclusion } from './scope';
import { processTerm, tokenize } from './text';
import type { IndexedNote, IndexedUnit, SearchItem, SearchOptions, SearchResult } from './types';

export const DEFAULT_LIMIT = 10;
const SNIPPET_CHARS = 240;

export interface UnitHit {
  unit: IndexedUnit;
  note: IndexedNote;
  /** BM25 score with field boosts (typo matches weigh less). */
  score: number;
  /** The query terms that matched, as stems. */
  terms: string[];
}

/**
 * Ranked unit hits for a query, read lazily: the scope is checked, and notes are read, only for the hits
 * actually taken (a common word can match thousands of units).
 */
export function* unitHits(index: MemoryIndex, query: string, scope?: SearchOptions['scope']): Generator<UnitHit> {
  if (!query.trim()) return;
  for (const h of withNoteContext(index, index.fullText.search(query))) {
    const id = h.id;
    if (scope) {
      const path = index.pathOf(id);
      const note = path === undefined ? undefined : index.notes.get(path);
      if (!note || !scope(note)) continue;
    }
    const found = index.unit(id);
    if (found) yield { unit: found.unit, note: found.note, score: h.score, terms: h.terms() };
  }
}

/** How much a unit gains from the other matches in its note (see withNoteContext). */
export const NOTE_CONTEXT_WEIGHT = 0.3;
const NOTE_CONTEXT_UNITS = 3;
const NOTE_CONTEXT_DEPTH = 1000;

interface Hit {
  id: number;
  score: number;
  terms: () => string[];
}

function hitAt(all: RankedHits, rank: number): Hit {
  return { id: all.id(rank), score: all.score(rank), terms: () => all.queryTerms(rank) };
}

/**
 * Passage scores interpolated with their document's: a bullet in a note where several other bullets also
 * match the query is more likely the one that answers it than an equally good bullet standing alone. The
 * note's score is the sum of its best few unit scores (the best few, so long notes do not win by size).
 */
function* withNoteContext(index: MemoryIndex, all: RankedHits): Generator<Hit> {
  const n = all.length;
  if (n < 2) {
    if (n === 1) yield hitAt(all, 0);
    return;
  }
  // Far down the list a bonus cannot lift a unit into any result anyone reads; leave that tail as it is.
  const depth = Math.min(n, NOTE_CONTEXT_DEPTH);
  const hits: Hit[] = [];
  for (let i = 0; i < depth; i++) hits.push(hitAt(all, i));
  const best = new Map<string, number[]>();
  const paths: (string | undefined)[] = hits.map((h) => index.pathOf(h.id));
  hits.forEach((h, i) => {
    const p = paths[i];
    if (p === undefined) return;
    const top = best.get(p);
    if (!top) best.set(p, [h.score]);
    else if (top.length < NOTE_CONTEXT_UNITS) top.push(h.score); // hits arrive best first
  });
  const noteScore = new Map<string, number>();
  for (const [p, top] of best)
    noteScore.set(
      p,
      top.reduce((a, b) => a + b, 0),
    );
  const out = hits.map((h, i) => {
    const p = paths[i];
    const own = p === undefined ? 0 : (noteScore.get(p) ?? 0) - h.score;
    return { ...h, score: h.score + NOTE_CONTEXT_WEIGHT * own };
  });
  out.sort((a, b) => b.score - a.score);
  yield* out;
  for (let i = depth; i < n; i++) yield hitAt(all, i);
}

/** The first `limit` ranked unit hits; the building block of search and of the context pack. */
export function searchUnits(index: MemoryIndex, query: string, opts: SearchOptions = {}): UnitHit[] {
  const out: UnitHit[] = [];
  const limit = opts.limit ?? Infinity;
  if (limit <= 0) return out;
  for (const hit of unitHits(index, query, opts.scope)) {
    out.push(hit);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * What a person or an agent may see: notes marked `memory: never`, superseded, done or unreadable are left
 * out, and so are superseded lines and any unit the secret filter flags (results reach the agent via MCP).
 */
export function search(index: MemoryIndex, query: string, opts: SearchOptions = {}): SearchResult {
  const folders = opts.folders ?? DEFAULT_FOLDERS;
  const scope = opts.scope;
  return visibleItems(
    unitHits(index, query, (n) => noteExclusion(n, folders) === null && (!scope || scope(n))),
    opts,
  );
}

/** The first `limit` hits a person or agent may see (see search), as result items. */
export function visibleItems(hits: Iterable<UnitHit>, opts: SearchOptions = {}): SearchResult {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const folders = opts.folders ?? DEFAULT_FOLDERS;
  const items: SearchItem[] = [];
  if (limit <= 0) return { items };
  for (const hit of hits) {
    if (noteExclusion(hit.note, folders) !== null || (opts.scope && !opts.scope(hit.note))) continue;
    // A checked-off task is still a fact worth finding ("did we do X?"); a reversed decision is not.
    const unitWhy = unitExclusion(hit.unit);
    if (unitWhy !== null && unitWhy !== 'checked off') continue;
    if (unitFlagged(hit.unit)) continue;
    items.push(toItem(hit));
    if (items.length >= limit) break;
  }
  return { items };
}

/** Whether the secret filter would change the text: such text is never shown or injected. */
export function flagged(text: string): boolean {
  return Object.keys(redact(text).counts).length > 0;
}

/** Units at least this long are checked apart from their heading. */
const BIG_UNIT = 64 * 1024;
/** The only secrets the filter finds across a line break: a PEM block, and an AWS secret key named on the line above. */
const ACROSS_LINES = /PRIVATE KEY|secret_?(?:access)?_?key|SecretAccessKey/i;

/**
 * Whether the secret filter flags a unit as it reads under its heading (`heading`, a line break, the text). A unit
 * can be a pasted log of megabytes: then heading and text are checked each alone, which flags the same unless a secret
 * could begin in the heading and end in the text, and the text is not copied to put the heading in front.
 */
export function unitFlagged(unit: Pick<IndexedUnit, 'heading' | 'text'>): boolean {
  const heading = unit.heading ?? '';
  if (unit.text.length < BIG_UNIT || ACROSS_LINES.test(heading) || unit.text.includes('PRIVATE KEY')) {
    return flagged(`${heading}\n${unit.text}`);
  }
  return flagged(heading) || flagged(unit.text);
}

export function toItem(hit: UnitHit): SearchItem {
  const item: SearchItem = { path: hit.unit.path, score: round(hit.score), snippet: snippet(hit.unit.text, hit.terms) };
  if (hit.unit.heading) item.heading = hit.unit.heading;
  if (hit.unit.block) item.block = hit.unit.block;
  return item;
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** How far into a unit's text the snippet looks for a matched word (a pasted log can be megabytes long). */
const SNIPPET_SCAN_CHARS = 256 * 1024;

/** Offset of the first word in `text` whose stem is one of `matched`, or 0. */
function firstMatch(text: string, matched: string[]): number {
  if (matched.length === 0) return 0;
  const wanted = new Set(matched);
  for (const m of text.slice(0, SNIPPET_SCAN_CHARS).matchAll(/[\p{L}\p{N}]+/gu)) {
    const t = processTerm(m[0]);
    if (t && wanted.has(t)) return m.index ?? 0;
  }
  return 0;
}

/** A one-line excerpt of the unit, centred on the first word whose stem matched. */
export function snippet(text: string, matched: string[], max = SNIPPET_CHARS): string {
  if (text.length > max * 16) {
    // Only the neighbourhood of the match is flattened; the rest of a huge text is never copied.
    const at = firstMatch(text, matched);
    const from = Math.max(0, at - max * 4);
    const to = Math.min(text.length, at + max * 4);
    const inner = snippet(text.slice(from, to), matched, max);
    return `${from > 0 && !inner.startsWith('…') ? '…' : ''}${inner}${to < text.length && !inner.endsWith('…') ? '…' : ''}`;
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const at = firstMatch(flat, matched);
  const start = Math.max(0, Math.min(at - Math.floor(max / 3), flat.length - max));
  const cut = flat.slice(start, start + max);
  return `${start > 0 ? '…' : ''}${cut}${start + max < flat.length ? '…' : ''}`;
}

export { tokenize };

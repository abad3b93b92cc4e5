// A checkpoint plan: every note change a session's learnings lead to, each with the note text the plan saw,
// the text it would leave, and a unified diff a person can review before anything is written.
import { createTwoFilesPatch } from 'diff';
import type { LearningKind } from '../distill/learnings';

export type ChangeOp = 'add' | 'update' | 'supersede' | 'noop' | 'create';

/** The edit a change makes, kept so apply can replay exactly the accepted changes onto the note. */
export type NoteEdit =
  | { type: 'create'; text: string }
  | { type: 'add'; heading: string; text: string; blockId: string; checkbox?: boolean }
  | { type: 'replace'; blockId: string; text: string }
  /** Tick the TODO's checkbox and give it the done text (done-todos.ts). */
  | { type: 'tick'; blockId: string; text: string }
  /** Remove the item and add it, with new text, under another heading (same block id: links still resolve). */
  | { type: 'move'; blockId: string; heading: string; text: string }
  /** Set one frontmatter key (Review stale memory's `memory: never`). */
  | { type: 'frontmatter'; key: string; value: string }
  | { type: 'none' };

export interface LearningRef {
  /** Index into learnings.items (-1 for what the thread itself says: files, summary). */
  index: number;
  kind: LearningKind | 'summary';
  turn: number;
}

export interface PlannedChange {
  /** Stable within the plan: c1, c2, … in plan order. */
  id: string;
  op: ChangeOp;
  path: string;
  /** The memory item's text (for create: the note's title). */
  text?: string;
  /** The note as the plan read it (null: no such note); for a dependent change, as the change it depends on leaves it. */
  before: string | null;
  /** The note with this change alone applied. */
  after: string;
  /** Unified diff from before to after ('' for a noop). */
  diff: string;
  /** Set when the change only makes sense after another one (an item for a note another change creates). */
  dependsOn?: string;
  learningRef?: LearningRef;
  /** A person should look at it; `--yes` and automatic checkpoints do not apply it. */
  needsReview?: boolean;
  /** Why a noop is one, or what a change found (e.g. the item it updates). */
  reason?: string;
  edit: NoteEdit;
  /** Kind of learning (or, for create, of note). */
  kind: string;
  /** The memory items this change writes (recorded in the ledger when applied). */
  items: { blockId: string; kind: string }[];
}

export interface SkippedChange {
  path: string;
  reason: string;
  text?: string;
}

export interface Plan {
  thread: string;
  /** Vault path of the session note. */
  note: string;
  createdAt: string;
  /** Turns the thread had (recorded in the ledger). */
  turns: number;
  /** When the session started (recorded in the ledger). */
  started?: string;
  changes: PlannedChange[];
  skipped: SkippedChange[];
  /**
   * Per note with changes: the text the plan read (apply writes only while the note still reads exactly
   * that) and the session link to add to its `sources` (null: leave `sources` alone).
   */
  notes: Record<string, { seen: string | null; sourcesLink: string | null }>;
  /**
   * TODOs that already carry this session's tick but are missing from `done-todos.json` (a run cut short
   * between writing the tick and recording it): recorded on the next apply, so the record matches the vault.
   */
  tickedUnrecorded?: string[];
}

/** Changes that would write something. */
export function effectiveChanges(plan: Plan): PlannedChange[] {
  return plan.changes.filter((c) => c.op !== 'noop');
}

export function unifiedDiff(path: string, before: string | null, after: string): string {
  if (before === after) return '';
  const oldName = before === null ? '/dev/null' : `a/${path}`;
  if (before !== null && before.length + after.length >= BIG_DIFF_CHARS) return bigDiff(oldName, `b/${path}`, before, after);
  return createTwoFilesPatch(oldName, `b/${path}`, before ?? '', after, undefined, undefined, { context: 2 });
}

/** Above this (both texts together), the lines both texts start and end with are left out of the diff. */
const BIG_DIFF_CHARS = 1024 * 1024;
/** Unchanged lines kept around the changed middle: more than the context, so hunks come out as they would. */
const KEEP_LINES = 6;

/** Offset after the first `n` lines of `text` from `from` (or the text's end). */
function afterLines(text: string, from: number, n: number): number {
  let at = from;
  for (let i = 0; i < n && at < text.length; i++) {
    const nl = text.indexOf('\n', at);
    at = nl === -1 ? text.length : nl + 1;
  }
  return at;
}

/**
 * The diff of a big note (a pasted log of 200,000 lines) with one bullet changed: the common head and tail are
 * cut at line boundaries before diffing, and the hunk headers' line numbers moved back. Diffing the whole text
 * per planned change took seconds and hundreds of MB; this costs a scan for the first and last difference.
 */
function bigDiff(oldName: string, newName: string, before: string, after: string): string {
  const limit = Math.min(before.length, after.length);
  let p = 0;
  while (p < limit && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < limit - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // Whole lines of common head, less KEEP_LINES of them.
  let headEnd = before.lastIndexOf('\n', p - 1) + 1;
  let headLines = 0;
  for (let i = before.indexOf('\n'); i !== -1 && i < headEnd; i = before.indexOf('\n', i + 1)) headLines++;
  for (let k = 0; k < KEEP_LINES && headLines > 0; k++) {
    headEnd = before.lastIndexOf('\n', headEnd - 2) + 1;
    headLines--;
  }
  // Whole lines of common tail, less KEEP_LINES of them, only when both texts end with a line break (so the
  // shortened texts end as the real ones do).
  let tail = 0;
  if (before.endsWith('\n') && after.endsWith('\n')) {
    const tailStart = before.indexOf('\n', before.length - s - 1) + 1; // first whole common line in `before`
    if (tailStart > headEnd && tailStart < before.length) tail = before.length - afterLines(before, tailStart, KEEP_LINES);
    if (before.length - tail < headEnd || after.length - tail < headEnd) tail = 0;
  }
  const patch = createTwoFilesPatch(
    oldName,
    newName,
    before.slice(headEnd, before.length - tail),
    after.slice(headEnd, after.length - tail),
    undefined,
    undefined,
    { context: 2 },
  );
  return patch.replace(/^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm, (_, a: string, b = '', c: string, d = '') => {
    const shift = (n: string) => String(Number(n) + headLines);
    return `@@ -${shift(a)}${b} +${shift(c)}${d} @@`;
  });
}

/** The JSON shape docs/architecture.md fixes for `checkpoint --json` (extra fields are allowed). */
export function planJson(plan: Plan): {
  thread: string;
  note: string;
  changes: { id: string; op: ChangeOp; path: string; text?: string; needs_review?: boolean; reason?: string }[];
  skipped: SkippedChange[];
} {
  return {
    thread: plan.thread,
    note: plan.note,
    changes: plan.changes.map((c) => ({
      id: c.id,
      op: c.op,
      path: c.path,
      ...(c.text !== undefined ? { text: c.text } : {}),
      ...(c.needsReview ? { needs_review: true } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    skipped: plan.skipped,
  };
}

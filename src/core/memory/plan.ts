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
  return createTwoFilesPatch(before === null ? '/dev/null' : `a/${path}`, `b/${path}`, before ?? '', after, undefined, undefined, { context: 2 });
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

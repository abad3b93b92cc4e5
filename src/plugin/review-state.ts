// What the review modal lets a person do to a plan before anything is written: pick changes and reword an
// item. Pure functions over the plan, so the modal only draws them.
import { autoAcceptable } from '../core/memory/apply';
import { cleanLine } from '../core/memory/clean-text';
import { applyEdit, stampNote } from '../core/memory/edits';
import { unifiedDiff, type Plan, type PlannedChange } from '../core/memory/plan';
import { NoteEditError } from '../core/notes/errors';

export interface NoteGroup {
  path: string;
  /** The changes that write something, in plan order. */
  changes: PlannedChange[];
  /** What the session taught that the note already says. */
  known: PlannedChange[];
}

/** Changes grouped by the note they touch, notes in the order the plan first mentions them. */
export function groupByNote(plan: Plan): NoteGroup[] {
  const groups = new Map<string, NoteGroup>();
  for (const c of plan.changes) {
    let g = groups.get(c.path);
    if (!g) {
      g = { path: c.path, changes: [], known: [] };
      groups.set(c.path, g);
    }
    (c.op === 'noop' ? g.known : g.changes).push(c);
  }
  return [...groups.values()];
}

/** Checked at first: everything that writes and does not ask for a person's look. */
export function initialSelection(plan: Plan): Set<string> {
  return new Set(autoAcceptable(plan));
}

/** Changes that cannot be applied without `id` (items for a note `id` creates). */
export function dependentsOf(plan: Plan, id: string): PlannedChange[] {
  return plan.changes.filter((c) => c.dependsOn === id);
}

/** The text a person may edit: the item's words, or the whole new note for a create. */
export function editableText(c: PlannedChange): string | null {
  return c.edit.type === 'none' || c.edit.type === 'frontmatter' ? null : c.edit.text;
}

export class ReviewEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewEditError';
  }
}

/**
 * The plan with one change reworded: its edit, `after` and diff follow the new words. An item stays one
 * bullet (line breaks are folded, secrets redacted); a new note is taken as typed. Throws ReviewEditError
 * when the words cannot stand (empty).
 */
export function withEditedText(plan: Plan, id: string, typed: string): Plan {
  const change = plan.changes.find((c) => c.id === id);
  if (!change) throw new ReviewEditError(`No change ${id} in this plan.`);
  const edit = change.edit;
  let next: PlannedChange;
  if (edit.type === 'create') {
    if (!typed.trim()) throw new ReviewEditError('A new note cannot be empty; uncheck it instead.');
    const text = typed.endsWith('\n') ? typed : `${typed}\n`;
    next = { ...change, edit: { ...edit, text }, after: text, diff: unifiedDiff(change.path, null, text) };
  } else if (edit.type === 'add' || edit.type === 'replace' || edit.type === 'move') {
    const text = cleanLine(typed);
    if (!text) throw new ReviewEditError('The item cannot be empty; uncheck it instead.');
    const newEdit = { ...edit, text };
    let after: string;
    try {
      after = stampNote(applyEdit(change.before, newEdit, change.path), change.path, plan.createdAt, plan.notes[change.path]?.sourcesLink ?? null);
    } catch (err) {
      if (err instanceof NoteEditError) throw new ReviewEditError(err.message);
      throw err;
    }
    next = { ...change, text, edit: newEdit, after, diff: unifiedDiff(change.path, change.before, after) };
  } else {
    throw new ReviewEditError('This change writes nothing, so there is nothing to edit.');
  }
  const changes = plan.changes.map((c) => (c.id === id ? next : c));
  if (edit.type === 'create') {
    // Items for the new note are diffed against the note as now worded.
    for (const [i, c] of changes.entries()) {
      if (c.dependsOn !== id) continue;
      try {
        const after = applyEdit(next.after, c.edit, c.path);
        changes[i] = { ...c, before: next.after, after, diff: unifiedDiff(c.path, next.after, after) };
      } catch {
        // The person's own wording no longer has the heading; apply reports it if this item is kept.
      }
    }
  }
  return { ...plan, changes };
}

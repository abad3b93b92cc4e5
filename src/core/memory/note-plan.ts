// The changes for one note: each desired item decided against what the note holds (existing note), or
// one 'create' holding them all (new note). Every change records the text it saw and the text it leaves.
import { addListItems, readStructure, tryParseNote } from '../notes';
import { NoteEditError } from '../notes/errors';
import { applyEdit, editShortened, stampNote } from './edits';
import { decideItem, findReplacement, type ItemDecision, type NoteItems } from './item-decision';
import type { Ledger } from './ledger';
import type { NoteReader } from './note-locator';
import { blockLink } from './note-links';
import { unifiedDiff, type NoteEdit, type Plan, type PlannedChange } from './plan';
import type { Desired } from './routing';
import type { NoteType } from './templates';

export const PREFERENCES_TITLE = 'Agent preferences';

export interface NoteSpec {
  path: string;
  type: NoteType;
  skeleton: () => string;
  sections: readonly string[];
  /** Link added to `sources` on change (null: leave sources alone). */
  sourcesLink: string | null;
  /** Items go under the note's title heading (the list right after its introduction). */
  underTitle?: boolean;
  items: Desired[];
}

export interface PlanContext {
  reader: NoteReader;
  ledger: Ledger;
  now: string;
  date: string;
  sessionLink: string;
}

/** Per change of a big note: its text after the change with the long plain runs left out (edits.ts, editShortened). */
const bulletSources = new WeakMap<PlannedChange, string>();

/**
 * The change's note text after it, as far as its bullet lines go: the same lines in the same order (a run of plain
 * lines holds none), without copying the megabytes a pasted log adds.
 */
export function bulletLinesOf(change: PlannedChange): string {
  return bulletSources.get(change) ?? change.after;
}

function supersededText(ctx: NoteItems, what: string, d: Desired, pc: PlanContext): string {
  const replacement = d.reversed?.replacedBy ? findReplacement(ctx, d.reversed.replacedBy) : null;
  const by = replacement ? blockLink(ctx.path, replacement.blockId, replacement.text) : pc.sessionLink;
  const reason = d.reversed?.reason ? `: ${d.reversed.reason.replace(/[()]/g, '')}` : '';
  return `${what} (superseded ${pc.date} by ${by}${reason})`;
}

/** Supersede items last: the decision that replaces them must have its block id first. */
function ordered(items: Desired[]): Desired[] {
  return [...items.filter((d) => d.mode !== 'supersede'), ...items.filter((d) => d.mode === 'supersede')];
}

export async function planNote(plan: Plan, s: NoteSpec, pc: PlanContext): Promise<void> {
  const before = await pc.reader.read(s.path);
  const change = (c: Omit<PlannedChange, 'id' | 'diff'>): PlannedChange => {
    // The diff is made when first read: `checkpoint --yes` shows none, and on a note of 200,000 lines each one
    // costs a line diff of the whole note (the planned edit at one end, the `updated` stamp at the other).
    let diff: string | undefined;
    const full: PlannedChange = {
      id: `c${plan.changes.length + 1}`,
      get diff() {
        return (diff ??= unifiedDiff(s.path, c.before, c.after));
      },
      ...c,
    };
    plan.changes.push(full);
    return full;
  };
  if (before !== null) {
    const parsed = tryParseNote(s.path, before);
    if (!parsed.ok) {
      plan.skipped.push({ path: s.path, reason: `cannot be read (${parsed.error.message}); left exactly as it is` });
      return;
    }
    const structure = readStructure(parsed.note);
    if (s.underTitle) {
      // Bullets go straight under the note's title, as the starter note suggests ("one bullet each").
      const title = structure.headings.find((h) => h.depth === 1)?.text;
      for (const d of s.items) d.heading = title ?? d.heading;
    }
    const ctx: NoteItems = {
      path: s.path,
      items: structure.items,
      ledger: pc.ledger,
      planned: [],
      touched: new Set(),
      thread: plan.thread,
      started: plan.started,
      taken: new Set([...structure.blockIds, ...Object.keys(pc.ledger.items)]),
    };
    plan.notes[s.path] = { seen: before, sourcesLink: s.sourcesLink };
    for (const d of ordered(s.items)) {
      const decision = decideItem(ctx, { ...d, text: d.mode === 'supersede' ? (d.reversed?.what ?? d.text) : d.text });
      const edit = editFor(decision, ctx, d, pc);
      if (decision.op === 'noop') {
        change({
          op: 'noop',
          path: s.path,
          text: d.text,
          before,
          after: before,
          learningRef: d.ref,
          reason: decision.reason,
          edit: { type: 'none' },
          kind: d.kind,
          items: [],
        });
        continue;
      }
      if (decision.op === 'skip' || !edit) {
        if (decision.op === 'skip') plan.skipped.push({ path: s.path, reason: decision.reason, text: d.text });
        continue;
      }
      let after: string;
      let short: string | null;
      try {
        ({ text: after, short } = editShortened(before, s.path, (t) => ({
          text: stampNote(applyEdit(t, edit, s.path), s.path, pc.now, s.sourcesLink),
        })));
      } catch (err) {
        if (!(err instanceof NoteEditError)) throw err;
        plan.skipped.push({ path: s.path, reason: err.message, text: d.text });
        continue;
      }
      const op =
        decision.op === 'supersede-move' || decision.op === 'supersede-add' ? 'supersede' : decision.op === 'restore' ? 'update' : decision.op;
      const blockId = 'blockId' in decision ? decision.blockId : '';
      const text = edit.type === 'none' || edit.type === 'create' || edit.type === 'frontmatter' ? d.text : edit.text;
      const planned = change({
        op,
        path: s.path,
        text,
        before,
        after,
        learningRef: d.ref,
        needsReview: d.needsReview,
        reason: 'reason' in decision ? decision.reason : undefined,
        edit,
        kind: d.kind,
        items: [{ blockId, kind: d.kind }],
      });
      if (short !== null && short !== after) bulletSources.set(planned, short);
      ctx.planned.push({ text, heading: d.heading, blockId, kind: d.kind });
      if (decision.op === 'update' || decision.op === 'supersede-move' || decision.op === 'restore') ctx.touched.add(blockId);
    }
    return;
  }
  planNewNote(plan, s, pc, change);
}

function editFor(decision: ItemDecision, ctx: NoteItems, d: Desired, pc: PlanContext): NoteEdit | null {
  switch (decision.op) {
    case 'add':
      return { type: 'add', heading: decision.heading, text: decision.text, blockId: decision.blockId, checkbox: decision.checkbox };
    case 'update':
      return { type: 'replace', blockId: decision.blockId, text: decision.text };
    case 'supersede-move':
      return { type: 'move', blockId: decision.blockId, heading: decision.heading, text: supersededText(ctx, decision.text, d, pc) };
    case 'supersede-add':
      return { type: 'add', heading: decision.heading, text: supersededText(ctx, decision.text, d, pc), blockId: decision.blockId };
    case 'restore':
      return { type: 'move', blockId: decision.blockId, heading: decision.heading, text: decision.text };
    default:
      return null;
  }
}

/**
 * A note that does not exist yet is one 'create' change holding every item that needs no review; items
 * that need review follow as 'add' changes depending on it, so declining them keeps the rest.
 */
function planNewNote(plan: Plan, s: NoteSpec, pc: PlanContext, change: (c: Omit<PlannedChange, 'id' | 'diff'>) => PlannedChange): void {
  if (s.type === 'session' && pc.ledger.sessions[plan.thread]?.note === s.path) {
    // The person deleted (or moved) this session's note; it is not recreated.
    plan.skipped.push({ path: s.path, reason: 'you removed this session note; it is not written back' });
    return;
  }
  if (s.underTitle) for (const d of s.items) d.heading = PREFERENCES_TITLE;
  const ctx: NoteItems = {
    path: s.path,
    items: [],
    ledger: pc.ledger,
    planned: [],
    touched: new Set(),
    thread: plan.thread,
    started: plan.started,
    taken: new Set(Object.keys(pc.ledger.items)),
  };
  const adds: { d: Desired; edit: Extract<NoteEdit, { type: 'add' }> }[] = [];
  for (const d of ordered(s.items)) {
    const decision = decideItem(ctx, { ...d, text: d.mode === 'supersede' ? (d.reversed?.what ?? d.text) : d.text });
    if (decision.op === 'skip') {
      plan.skipped.push({ path: s.path, reason: decision.reason, text: d.text });
      continue;
    }
    const edit = editFor(decision, ctx, d, pc);
    if (!edit || edit.type !== 'add') continue;
    adds.push({ d, edit });
    ctx.planned.push({ text: edit.text, heading: d.heading, blockId: edit.blockId, kind: d.kind });
  }
  if (adds.length === 0 && s.type !== 'session') return;
  const rank = (heading: string) => {
    const i = s.sections.indexOf(heading);
    return i === -1 ? s.sections.length : i;
  };
  const sorted = [...adds].sort((a, b) => rank(a.d.heading) - rank(b.d.heading));
  const allReview = sorted.every((a) => a.d.needsReview);
  const first = allReview ? sorted : sorted.filter((a) => !a.d.needsReview);
  const later = allReview ? [] : sorted.filter((a) => a.d.needsReview);
  let text = s.skeleton();
  // Items arrive sorted by section: each run under one heading is added in one go.
  for (let i = 0; i < first.length;) {
    let j = i;
    while (j < first.length && first[j].edit.heading === first[i].edit.heading) j++;
    text = addListItems(
      text,
      first[i].edit.heading,
      first.slice(i, j).map((a) => a.edit),
      s.path,
    );
    i = j;
  }
  plan.notes[s.path] = { seen: null, sourcesLink: s.sourcesLink };
  const created = change({
    op: 'create',
    path: s.path,
    text: s.path.slice(s.path.lastIndexOf('/') + 1).replace(/\.md$/, ''),
    before: null,
    after: text,
    learningRef: first[0]?.d.ref,
    needsReview: allReview && sorted.length > 0 ? true : undefined,
    edit: { type: 'create', text },
    kind: s.type,
    items: first.map((a) => ({ blockId: a.edit.blockId, kind: a.d.kind })),
  });
  for (const { d, edit } of later) {
    change({
      op: 'add',
      path: s.path,
      text: edit.text,
      before: text,
      after: applyEdit(text, edit, s.path),
      learningRef: d.ref,
      needsReview: true,
      edit,
      kind: d.kind,
      items: [{ blockId: edit.blockId, kind: d.kind }],
      dependsOn: created.id,
    });
  }
}

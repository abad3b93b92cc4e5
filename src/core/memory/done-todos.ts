// Done detection: a session that finishes an open TODO gets a change that ticks it (`- [x] … ✅ YYYY-MM-DD`,
// the format the Tasks plugin reads, plus a link to the session note). A tick is "certain" when the session
// says it finished the task ("Removed the TODO") AND changed a file the TODO names; anything weaker is a guess that needs review. The person's hand wins: a TODO this session's
// evidence ticked once and the person re-opened or rewrote is never ticked again by that session
// (`.codex-memory/done-todos.json`, written when a tick is applied).
import type { Thread } from '../codex/thread';
import { finalAnswers } from '../codex/thread-view';
import { readStructure, tryParseNote, type ListItem } from '../notes';
import { namedFiles } from '../recall/stale';
import { terms } from '../recall/text';
import type { StateStore } from '../vault/store';
import type { ApplyResult } from './apply';
import { applyEdit, stampNote } from './edits';
import type { Ledger } from './ledger';
import type { NoteReader } from './note-locator';
import { unifiedDiff, type Plan, type PlannedChange } from './plan';

export const DONE_TODOS_FILE = 'done-todos.json';
/** The change kind of a tick, so the workflow can record what it applied. */
export const TICK_KIND = 'todo-done';

/** Per TODO block id, the sessions whose evidence ticked it once. */
export type DoneRecord = Record<string, { threads: string[] }>;

export interface TodoMatch {
  blockId: string;
  text: string;
  certain: boolean;
  reason: string;
}

// Sentences that report finished work; "left a TODO", "will …", "later" are not reports.
const REPORT_TODO =
  /\b(removed|resolved|closed|ticked|finished|completed|did|done with)\s+(the|that|this)\s+todo\b|\btodo\b[^.]{0,20}\b(is|now)\s+(done|resolved|closed)\b/i;
// A sentence that opens with a past tense ("Backfilled the …") reports work too.
const REPORT_WORK =
  /^\W*[a-z]+ed\b|\b(added|implemented|fixed|wrote|built|switched|migrated|replaced|removed|resolved|handled|wired|finished|completed|done)\b/i;
const NOT_DONE = /\b(left a todo|todo:|will|later|next time|not yet|still needs?|could not|couldn't|failed)\b/i;
const LINK = /\[\[[^\]]*\]\]|\(\s*\[\[[^\]]*\]\]\s*\)/g;
// Words every TODO has that say nothing about which one it is.
const FILLER = new Set(['todo', 'left', 'add', 'make', 'need', 'should']);

function sentences(text: string): string[] {
  return text.split(/(?<=[.;!?])\s+|\n+/).filter((s) => s.trim());
}

/** What the TODO is about: its words without links, file names counted apart. */
function todoTerms(text: string): string[] {
  return terms(text.replace(LINK, ' ')).filter((t) => !FILLER.has(t));
}

/** How a session's final answers bear on one open TODO, or null when they do not. */
function match(item: ListItem, answers: string[], said: Set<string>, changed: Set<string>): TodoMatch | null {
  const words = todoTerms(item.text);
  if (words.length === 0) return null;
  const overlap = words.filter((w) => said.has(w)).length / words.length;
  const files = namedFiles(item.text);
  const fileHit = files.some((f) => [...changed].some((c) => c === f || c.endsWith(`/${f}`)));
  const reports = answers.flatMap(sentences).filter((s) => !NOT_DONE.test(s));
  const saysTodoDone = reports.some((s) => REPORT_TODO.test(s));
  const workOnIt = reports.some((s) => REPORT_WORK.test(s) && todoTerms(s).filter((w) => words.includes(w)).length >= Math.min(2, words.length));
  const strong = fileHit || overlap >= 0.6;
  if ((saysTodoDone || workOnIt) && strong && overlap >= 0.4) {
    // Certain only with both: the session's own report and a file the TODO names.
    const certain = saysTodoDone && fileHit;
    const why = [
      saysTodoDone ? 'the session says the TODO is done' : 'the session reports the work',
      fileHit ? `it changed ${files[0]}` : `${Math.round(overlap * 100)}% of its words`,
    ];
    return { blockId: item.blockId!, text: item.text, certain, reason: why.join('; ') };
  }
  return null;
}

/**
 * The open TODOs (with a block id) a finished session completed. `skip` names TODOs not to tick: those this
 * session added, and those its evidence ticked before.
 */
export function findDoneTodos(thread: Thread, items: readonly ListItem[], skip: (blockId: string) => boolean, heading?: string): TodoMatch[] {
  const answers = finalAnswers(thread);
  if (answers.length === 0) return [];
  const said = new Set([...thread.turns.flatMap((t) => t.prompts), ...answers].flatMap((t) => terms(t)));
  const changed = new Set(thread.filesChanged);
  const out: TodoMatch[] = [];
  for (const item of items) {
    if (item.checked !== false || !item.blockId || skip(item.blockId)) continue;
    // Another project's section is another project's work.
    if (heading && item.headingPath.length > 1 && !item.headingPath.includes(heading)) continue;
    const m = match(item, answers, said, changed);
    if (m) out.push(m);
  }
  // "Removed the TODO" settles one TODO, not several: with more than one certain match, each is a guess.
  if (out.filter((m) => m.certain).length > 1) for (const m of out) m.certain = false;
  return out;
}

/** `text` ticked: the session that did it, then Tasks' done date last (before the block id). */
export function tickedText(text: string, date: string, sessionLink: string): string {
  return `${text.replace(/\s*✅\s*\d{4}-\d{2}-\d{2}\s*$/, '')} — done in ${sessionLink} ✅ ${date}`;
}

export async function readDoneRecord(state: StateStore): Promise<DoneRecord> {
  try {
    const v = JSON.parse((await state.readState(DONE_TODOS_FILE)) ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as DoneRecord) : {};
  } catch {
    // A torn or hand-edited file: nothing recorded (the worst case is one tick proposed again, for review).
    return {};
  }
}

export interface DonePlanContext {
  thread: Thread;
  reader: NoteReader;
  todoPath: string;
  ledger: Ledger;
  done: DoneRecord;
  /** The session's project name: TODOs under another project's heading are left alone. */
  project?: string;
  date: string;
  now: string;
  sessionLink: string;
}

/** Adds a tick change to the plan for each open TODO the session completed. */
export async function planDoneTodos(plan: Plan, ctx: DonePlanContext): Promise<void> {
  const before = await ctx.reader.read(ctx.todoPath);
  if (before === null) return;
  const parsed = tryParseNote(ctx.todoPath, before);
  if (!parsed.ok) return;
  const items = readStructure(parsed.note).items;
  const mine = (id: string) => (ctx.done[id]?.threads ?? []).includes(ctx.thread.id);
  // A TODO whose text says this session did it was ticked by it once: re-opened by hand, it stays open;
  // still ticked but missing from the record (a run cut short), the record catches up.
  const saidMine = items.filter((i) => i.blockId && i.text.includes(`done in ${ctx.sessionLink}`));
  const unrecorded = saidMine.filter((i) => i.checked === true && !mine(i.blockId!)).map((i) => i.blockId!);
  if (unrecorded.length) plan.tickedUnrecorded = unrecorded;
  const saysMine = new Set(saidMine.map((i) => i.blockId!));
  const skip = (id: string) => ctx.ledger.items[id]?.thread === ctx.thread.id || mine(id) || saysMine.has(id);
  for (const m of findDoneTodos(ctx.thread, items, skip, ctx.project)) {
    const edit = { type: 'tick' as const, blockId: m.blockId, text: tickedText(m.text, ctx.date, ctx.sessionLink) };
    const after = stampNote(applyEdit(before, edit, ctx.todoPath), ctx.todoPath, ctx.now, null);
    plan.notes[ctx.todoPath] ??= { seen: before, sourcesLink: null };
    const change: PlannedChange = {
      id: `c${plan.changes.length + 1}`,
      op: 'update',
      path: ctx.todoPath,
      text: edit.text,
      before,
      after,
      diff: unifiedDiff(ctx.todoPath, before, after),
      reason: `done: ${m.reason}`,
      edit,
      kind: TICK_KIND,
      items: [{ blockId: m.blockId, kind: 'todo' }],
      ...(m.certain ? {} : { needsReview: true }),
    };
    plan.changes.push(change);
  }
}

/** After apply: the ticks written, so this session's evidence never ticks those TODOs again. */
export async function recordTicks(state: StateStore, plan: Plan, result: Pick<ApplyResult, 'applied'> | null): Promise<void> {
  const applied = new Set((result?.applied ?? []).map((c) => c.id));
  const ticks = plan.changes.filter((c) => c.kind === TICK_KIND && applied.has(c.id));
  const ids = [...ticks.flatMap((c) => c.items.map((i) => i.blockId)), ...(plan.tickedUnrecorded ?? [])];
  if (ids.length === 0) return;
  const done = await readDoneRecord(state);
  for (const blockId of ids) {
    const threads = done[blockId]?.threads ?? [];
    if (!threads.includes(plan.thread)) done[blockId] = { threads: [...threads, plan.thread] };
  }
  await state.writeState(DONE_TODOS_FILE, JSON.stringify(done, null, 2) + '\n');
}

// The checkpoint's goal changes for the project note: a goal the session set (Codex's create_goal, or the
// person's words with an acceptance check) when the note has none, the oracle's latest result as a dated
// bullet linked to the session, and, when that run passed, `Status: done` proposed for review. The program
// never decides a goal is done on its own, never runs the oracle, and never rewrites the person's bullets:
// a session already logged (by the program or by hand) is left alone.
import type { Thread } from '../codex/thread';
import { uniqueBlockIdFor } from '../notes/block-id';
import { applyEdit, stampNote } from '../memory/edits';
import type { Ledger } from '../memory/ledger';
import type { NoteReader } from '../memory/note-locator';
import { unifiedDiff, type NoteEdit, type Plan, type PlannedChange } from '../memory/plan';
import { GOAL_HEADING, goalLines, resultLine } from './goal';
import { oracleRuns, sessionGoal } from './from-thread';
import { goalInNote } from './note-goal';

export interface GoalPlanInput {
  thread: Thread;
  reader: NoteReader;
  /** The session's project note, or null. */
  projectPath: string | null;
  ledger: Ledger;
  now: string;
  /** The session's date (YYYY-MM-DD). */
  date: string;
  sessionLink: string;
}

type Draft = { op: 'add' | 'update'; text: string; edit: NoteEdit; reason: string; needsReview?: boolean; blockId: string };

export async function planGoal(plan: Plan, input: GoalPlanInput): Promise<void> {
  const path = input.projectPath;
  if (!path) return;
  const created = plan.changes.find((c) => c.path === path && c.op === 'create');
  const base = (await input.reader.read(path)) ?? created?.after ?? null;
  if (base === null) return;
  const { goal, blockIds } = goalInNote(path, base);
  const taken = new Set([...blockIds, ...Object.keys(input.ledger.items), ...plan.changes.flatMap((c) => c.items.map((i) => i.blockId))]);
  const idFor = (text: string) => {
    const id = uniqueBlockIdFor(`${plan.thread}:goal:${text}`, taken);
    taken.add(id);
    return id;
  };
  const add = (text: string): NoteEdit & { type: 'add' } => ({ type: 'add', heading: GOAL_HEADING, text, blockId: idFor(text) });
  const drafts: Draft[] = [];

  // A goal this session already wrote (and the person then removed) is not written back.
  const wroteGoal = Object.values(input.ledger.items).some((i) => i.kind === 'goal' && i.thread === plan.thread && i.path === path);
  const found = goal || wroteGoal ? null : sessionGoal(input.thread);
  const oracle = goal?.oracle ?? (found ? oracleRuns(input.thread).at(-1)?.command : undefined);
  if (found) {
    for (const text of goalLines({ objective: found.objective, oracle, acceptance: found.acceptance, tokenBudget: found.tokenBudget })) {
      const edit = add(text);
      // A goal read from the person's words may be a figure of speech: a person confirms it.
      drafts.push({
        op: 'add',
        text,
        edit,
        blockId: edit.blockId,
        reason: `goal set in the session (${found.source})`,
        needsReview: found.source === 'prompt',
      });
    }
  }
  const active = goal ? goal.status === 'active' : found !== null;
  // Once this session's result was written, it is never written again: the person may have edited or deleted it.
  const alreadyLogged =
    (goal?.results.some((r) => r.link === input.sessionLink) ?? false) ||
    Object.values(input.ledger.items).some(
      (i) => i.kind === 'goal' && i.thread === plan.thread && i.path === path && /^\d{4}-\d{2}-\d{2}:/.test(i.text),
    );
  const last = active && oracle ? oracleRuns(input.thread, oracle).at(-1) : undefined;
  if (last) {
    const date = last.timestamp?.slice(0, 10) ?? input.date;
    if (!alreadyLogged) {
      const text = resultLine(date, last.summary, input.sessionLink);
      const edit = add(text);
      drafts.push({ op: 'update', text, edit, blockId: edit.blockId, reason: `oracle result for the goal: ${last.summary}` });
    }
    // Proposed again while the session's last run passed and the goal is still active: the person decides.
    const statusBlock = goal ? goal.statusBlock : drafts.find((d) => d.text.startsWith('Status:'))?.blockId;
    if (last.passed && statusBlock) {
      const status = `Status: done (the oracle passed ${date}, ${input.sessionLink})`;
      const edit: NoteEdit = { type: 'replace', blockId: statusBlock, text: status };
      drafts.push({ op: 'update', text: status, edit, blockId: statusBlock, reason: 'the oracle passed: proposed as done', needsReview: true });
    } else if (last.passed) {
      plan.skipped.push({ path, reason: 'the oracle passed, but the goal’s status line has no block id to update; mark it done by hand' });
    }
  }
  if (drafts.length === 0) return;

  plan.notes[path] ??= { seen: base, sourcesLink: input.sessionLink };
  const stamp = (text: string) => (plan.notes[path].seen === null ? text : stampNote(text, path, input.now, input.sessionLink));
  let before = base;
  let previous = created?.id;
  for (const d of drafts) {
    // Each goal bullet builds on the one before (the status line it replaces may be one of them).
    const after = stamp(applyEdit(before, d.edit, path));
    const change: PlannedChange = {
      id: `c${plan.changes.length + 1}`,
      op: d.op,
      path,
      text: d.text,
      before,
      after,
      diff: unifiedDiff(path, before, after),
      ...(previous ? { dependsOn: previous } : {}),
      ...(d.needsReview ? { needsReview: true } : {}),
      reason: d.reason,
      edit: d.edit,
      kind: 'goal',
      items: [{ blockId: d.blockId, kind: 'goal' }],
    };
    plan.changes.push(change);
    before = applyEdit(before, d.edit, path);
    previous = change.id;
  }
}

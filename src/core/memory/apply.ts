// Writes the accepted changes of a plan. Under the vault lock; each note is re-read and must still be
// exactly what the plan saw (otherwise its changes are skipped and reported, the rest go ahead); the
// accepted edits are replayed onto it; all notes and the ledger go through the journal (journal.ts).
import { readStructure, parseNote } from '../notes';
import { NoteEditError } from '../notes/errors';
import type { VaultStore } from '../vault/store';
import { applyEdit, editShortened, stampNote } from './edits';
import { recoverPending, runTransaction, type Recovery, type Transaction, type TxNote } from './journal';
import { newCheckpointId, textHash, type LedgerItem, type LedgerStore } from './ledger';
import type { Plan, PlannedChange } from './plan';

export interface ApplyOptions {
  now?: Date;
  /** Called before each note is written (progress for long runs). */
  onNote?: (path: string, index: number, total: number) => void;
}

export interface ApplyResult {
  /** Id of the checkpoint written (what `undo` reverts), or null when nothing was written. */
  checkpoint: string | null;
  applied: Pick<PlannedChange, 'id' | 'op' | 'path' | 'text'>[];
  skipped: { id?: string; path: string; reason: string }[];
  /** Notes written, in order. */
  written: string[];
  /** What an interrupted earlier run left, finished before this one started. */
  recovered: Recovery | null;
}

function summary(c: PlannedChange): Pick<PlannedChange, 'id' | 'op' | 'path' | 'text'> {
  return { id: c.id, op: c.op, path: c.path, ...(c.text !== undefined ? { text: c.text } : {}) };
}

/** The ledger entries for the items a note's applied changes wrote, read back from the final text. */
function itemsWritten(
  path: string,
  text: string,
  changes: PlannedChange[],
  thread: string,
  checkpoint: string,
  at: string,
): Record<string, LedgerItem> {
  const byId = new Map(
    readStructure(parseNote(path, text))
      .items.filter((i) => i.blockId)
      .map((i) => [i.blockId!, i]),
  );
  const out: Record<string, LedgerItem> = {};
  for (const c of changes) {
    for (const { blockId, kind } of c.items) {
      const item = byId.get(blockId);
      if (item) out[blockId] = { path, hash: textHash(item.text), text: item.text, kind, thread, checkpoint, at };
    }
  }
  return out;
}

export function applyPlan(
  plan: Plan,
  accepted: Iterable<string>,
  vault: VaultStore,
  store: LedgerStore,
  opts: ApplyOptions = {},
): Promise<ApplyResult> {
  return vault.withLock(() => applyPlanHoldingLock(plan, accepted, vault, store, opts));
}

/**
 * The same, for a caller that already holds the vault lock (src/core/checkpoint/ plans and applies under one
 * hold). The plugin's lock is not re-entrant, so the lock is taken once, by the caller, never here again.
 */
export async function applyPlanHoldingLock(
  plan: Plan,
  accepted: Iterable<string>,
  vault: VaultStore,
  store: LedgerStore,
  opts: ApplyOptions = {},
): Promise<ApplyResult> {
  const wanted = new Set(accepted);
  const recovered = await recoverPending(vault, store);
  const ledger = await store.read();
  const now = (opts.now ?? new Date()).toISOString();
  const id = newCheckpointId(new Date(now), plan.thread, ledger);
  const result: ApplyResult = { checkpoint: null, applied: [], skipped: [], written: [], recovered };

  const byPath = new Map<string, PlannedChange[]>();
  for (const c of plan.changes) {
    if (c.op === 'noop' || !wanted.has(c.id)) continue;
    if (c.dependsOn && !wanted.has(c.dependsOn)) {
      result.skipped.push({ id: c.id, path: c.path, reason: `needs ${c.dependsOn}, which was not accepted` });
      continue;
    }
    byPath.set(c.path, [...(byPath.get(c.path) ?? []), c]);
  }

  const notes: TxNote[] = [];
  const applied = new Map<string, PlannedChange[]>();
  for (const [path, changes] of byPath) {
    const info = plan.notes[path];
    const read = await vault.read(path);
    if (!info || read !== info.seen) {
      const why = info?.seen === null ? 'a note appeared at this path since the plan was made' : 'changed since the plan was made';
      for (const c of changes) result.skipped.push({ id: c.id, path, reason: `${why}; not written` });
      continue;
    }
    // The same text as the plan's: its copy is kept (and the one just read let go), so a big note is held once.
    const current = info.seen;
    // The accepted edits replayed, and an existing note stamped; on a big note with its pasted runs of plain
    // lines left out meanwhile (edits.ts), so `short` has the same bullets to read the ledger entries from.
    const replay = (start: string | null) => {
      let text = start;
      const done: PlannedChange[] = [];
      const refused: ApplyResult['skipped'] = [];
      for (const c of changes) {
        try {
          text = applyEdit(text, c.edit, path);
          done.push(c);
        } catch (err) {
          if (!(err instanceof NoteEditError)) throw err;
          refused.push({ id: c.id, path, reason: err.message });
        }
      }
      if (start !== null && text !== null && done.length) text = stampNote(text, path, plan.createdAt, info.sourcesLink);
      return { text, done, refused };
    };
    const created = current === null ? replay(null) : null;
    const { text, short, done, refused } = created ? { ...created, short: created.text } : editShortened(current!, path, replay);
    result.skipped.push(...refused);
    if (text === null || short === null || done.length === 0) continue;
    if (text === current) continue;
    const items = itemsWritten(path, short, done, plan.thread, id, now);
    const prevItems = Object.fromEntries(Object.keys(items).map((k) => [k, ledger.items[k] ?? null]));
    notes.push({ path, before: current, after: text, items, prevItems });
    applied.set(path, done);
  }
  if (notes.length === 0) return result;

  const tx: Transaction = {
    version: 1,
    id,
    kind: 'checkpoint',
    thread: plan.thread,
    at: now,
    notes,
    session: {
      record: { note: plan.note, checkpoint: id, at: now, turns: plan.turns, ...(plan.started ? { started: plan.started } : {}) },
      prev: ledger.sessions[plan.thread] ?? null,
    },
  };
  const outcome = await runTransaction(tx, vault, store, ledger, opts.onNote);
  for (const conflict of outcome.conflicts) {
    for (const c of applied.get(conflict.path) ?? []) result.skipped.push({ id: c.id, path: conflict.path, reason: conflict.reason });
  }
  for (const path of outcome.applied) result.applied.push(...(applied.get(path) ?? []).map(summary));
  result.written = outcome.applied;
  result.checkpoint = outcome.applied.length ? id : null;
  return result;
}

/** Ids of the changes `--yes` applies: everything that writes and does not need a person's review. */
export function autoAcceptable(plan: Plan): string[] {
  const ok = new Set<string>();
  for (const c of plan.changes) {
    if (c.op === 'noop' || c.needsReview) continue;
    if (c.dependsOn && !ok.has(c.dependsOn)) continue;
    ok.add(c.id);
  }
  return [...ok];
}

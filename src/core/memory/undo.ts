// `undo`: put back exactly what the last applied checkpoint changed — notes it edited get their old text,
// notes it created are removed — but only when every one of them is still as the checkpoint left it.
// If the person has touched any of them since, nothing is changed and they are told which notes.
import type { VaultStore } from '../vault/store';
import { readJournal, readUndoRecord, recoverPending, runTransaction, type Recovery, type Transaction } from './journal';
import type { LedgerStore } from './ledger';

export class UndoError extends Error {
  constructor(
    message: string,
    readonly code: 'NOTHING_TO_UNDO' | 'EDITED_SINCE' | 'NO_RECORD',
  ) {
    super(message);
    this.name = 'UndoError';
  }
}

export interface UndoResult {
  checkpoint: string;
  thread: string;
  /** Notes given back their earlier text. */
  restored: string[];
  /** Notes the checkpoint had created, now removed. */
  removed: string[];
  /** Notes a person changed while undo ran (left as they are). */
  conflicts: string[];
  /** True when this run only finished an undo that was interrupted (so no further checkpoint was undone). */
  resumed?: boolean;
}

/** The result of an interrupted undo that recovery has just finished. */
function resumedUndo(pending: Transaction, recovered: Recovery): UndoResult {
  const touched = recovered.found.length + recovered.completed.length + recovered.conflicts.length;
  // Nothing to report per note means it had been committed and only its clean-up was cut short.
  const done = new Set(touched ? [...recovered.found, ...recovered.completed] : pending.notes.map((n) => n.path));
  return {
    checkpoint: pending.undoOf!,
    thread: pending.thread,
    restored: pending.notes.filter((n) => done.has(n.path) && n.after !== null).map((n) => n.path),
    removed: pending.notes.filter((n) => done.has(n.path) && n.after === null).map((n) => n.path),
    conflicts: recovered.conflicts,
    resumed: true,
  };
}

export async function undoLastCheckpoint(vault: VaultStore, store: LedgerStore, now = new Date()): Promise<UndoResult> {
  return vault.withLock(async () => {
    const pending = await readJournal(store);
    const recovered = await recoverPending(vault, store);
    // An undo killed halfway is the job a second `undo` is asked to do: finish it, and undo nothing more.
    if (pending?.kind === 'undo' && pending.undoOf && recovered) return resumedUndo(pending, recovered);
    const ledger = await store.read();
    const last = ledger.checkpoints[ledger.checkpoints.length - 1];
    if (!last) throw new UndoError('There is no applied checkpoint to undo.', 'NOTHING_TO_UNDO');
    const record = await readUndoRecord(store, last.id);
    if (!record) {
      throw new UndoError(
        `The undo record for checkpoint ${last.id} is missing, so it cannot be reverted exactly; nothing was changed.`,
        'NO_RECORD',
      );
    }
    const edited: string[] = [];
    for (const note of record.notes) {
      if ((await vault.read(note.path)) !== note.after) edited.push(note.path);
    }
    if (edited.length) {
      throw new UndoError(
        `Nothing was undone: ${edited.length === 1 ? 'this note was' : 'these notes were'} changed after checkpoint ${last.id}, ` +
          `and undo would lose those changes:\n${edited.map((p) => `  ${p}`).join('\n')}\n` +
          'Undo the edits there first, or change the notes by hand.',
        'EDITED_SINCE',
      );
    }
    const tx: Transaction = {
      version: 1,
      id: `${last.id}-undo`,
      kind: 'undo',
      undoOf: last.id,
      thread: record.thread,
      at: now.toISOString(),
      notes: [...record.notes].reverse().map((n) => ({ path: n.path, before: n.after, after: n.before, items: n.prevItems, prevItems: n.items })),
      session: { record: record.session.prev, prev: record.session.record },
    };
    const outcome = await runTransaction(tx, vault, store, ledger);
    const done = new Set(outcome.applied);
    return {
      checkpoint: last.id,
      thread: record.thread,
      restored: tx.notes.filter((n) => done.has(n.path) && n.after !== null).map((n) => n.path),
      removed: tx.notes.filter((n) => done.has(n.path) && n.after === null).map((n) => n.path),
      conflicts: outcome.conflicts.map((c) => c.path),
    };
  });
}

// Crash-safe multi-note writes. A note write is atomic on its own (VaultStore.replace), but a checkpoint
// touches several notes and the ledger. So: (1) the whole intent — every note's old and new text and the
// ledger entries that go with it — is written to `journal.json`; (2) the notes are written one by one;
// (3) the ledger is committed and the journal removed. A process killed anywhere in between leaves each
// note wholly old or wholly new, and the journal says which is which: the next writer finishes the job
// (recoverPending), and ledgerView() shows the ledger as the vault really is in the meantime.
import { AlreadyExistsError, NotUtf8Error, WriteConflictError, type VaultStore } from '../vault/store';
import { JOURNAL_FILE, UNDO_DEPTH, undoFileFor, type Ledger, type LedgerItem, type LedgerStore, type SessionRecord } from './ledger';

export interface TxNote {
  path: string;
  /** null: the note did not exist. */
  before: string | null;
  /** null: the transaction removes the note (undo of a created note). */
  after: string | null;
  /** Ledger entries this note's write brings (null removes the entry). */
  items: Record<string, LedgerItem | null>;
  /** What the ledger held for those ids before, so the write can be undone exactly. */
  prevItems: Record<string, LedgerItem | null>;
}

export interface Transaction {
  version: 1;
  id: string;
  kind: 'checkpoint' | 'undo';
  thread: string;
  at: string;
  /** For kind 'undo': the checkpoint being reverted. */
  undoOf?: string;
  notes: TxNote[];
  session: { record: SessionRecord | null; prev: SessionRecord | null };
}

export interface TxOutcome {
  applied: string[];
  /** Notes that were not written because they no longer read as expected (a person got there first). */
  conflicts: { path: string; reason: string }[];
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Where the note stands relative to the transaction. */
async function stateOf(vault: VaultStore, note: TxNote): Promise<'before' | 'after' | 'other'> {
  const current = await vault.read(note.path);
  if (current === note.after) return 'after';
  if (current === note.before) return 'before';
  return 'other';
}

async function writeNote(vault: VaultStore, note: TxNote): Promise<void> {
  if (note.before === null) {
    if (note.after === null) return;
    await vault.create(note.path, note.after);
  } else if (note.after === null) {
    await vault.remove(note.path, note.before);
  } else {
    await vault.replace(note.path, note.before, note.after);
  }
}

function isConflict(err: unknown): boolean {
  return err instanceof WriteConflictError || err instanceof AlreadyExistsError;
}

/** The ledger after `tx`, counting only the notes in `applied`. Pure. */
export function commitToLedger(ledger: Ledger, tx: Transaction, applied: ReadonlySet<string>): Ledger {
  const next: Ledger = {
    ...ledger,
    sessions: { ...ledger.sessions },
    items: { ...ledger.items },
    checkpoints: [...ledger.checkpoints],
    lastTx: tx.id,
  };
  const done = tx.notes.filter((n) => applied.has(n.path));
  for (const note of done) {
    for (const [id, item] of Object.entries(note.items)) {
      if (item) next.items[id] = item;
      else delete next.items[id];
    }
  }
  if (done.length > 0) {
    if (tx.session.record) next.sessions[tx.thread] = tx.session.record;
    else delete next.sessions[tx.thread];
  }
  if (tx.kind === 'checkpoint' && done.length > 0) {
    next.checkpoints.push({ id: tx.id, thread: tx.thread, at: tx.at, notes: done.map((n) => n.path) });
  }
  if (tx.kind === 'undo') {
    const left = tx.notes.filter((n) => !applied.has(n.path)).map((n) => n.path);
    next.checkpoints = next.checkpoints
      .map((c) => (c.id === tx.undoOf ? { ...c, notes: left } : c))
      .filter((c) => c.id !== tx.undoOf || c.notes.length > 0);
  }
  return next;
}

/** The undo record of a committed checkpoint: exactly the notes that were written. */
function undoRecord(tx: Transaction, applied: ReadonlySet<string>): Transaction {
  return { ...tx, notes: tx.notes.filter((n) => applied.has(n.path)) };
}

async function commit(store: LedgerStore, ledger: Ledger, tx: Transaction, applied: ReadonlySet<string>): Promise<void> {
  const next = commitToLedger(ledger, tx, applied);
  const dropped: string[] = [];
  if (tx.kind === 'checkpoint' && applied.size > 0) {
    // The undo record goes first: a committed checkpoint must never point at a missing record.
    await store.writeJson(undoFileFor(tx.id), undoRecord(tx, applied));
    while (next.checkpoints.length > UNDO_DEPTH) dropped.push(next.checkpoints.shift()!.id);
  }
  if (tx.kind === 'undo' && tx.undoOf) {
    const still = next.checkpoints.find((c) => c.id === tx.undoOf);
    if (still) {
      const rec = await readUndoRecord(store, tx.undoOf);
      if (rec) await store.writeJson(undoFileFor(tx.undoOf), { ...rec, notes: rec.notes.filter((n) => still.notes.includes(n.path)) });
    } else dropped.push(tx.undoOf);
  }
  await store.write(next);
  // Records the ledger no longer points at go before the journal: a crash in between leaves the journal, and
  // the next writer's clean-up (commitCleanup) removes the rest instead of leaving an orphaned record.
  for (const id of dropped) await store.remove(undoFileFor(id));
  await store.remove(JOURNAL_FILE);
}

export async function readUndoRecord(store: LedgerStore, checkpointId: string): Promise<Transaction | null> {
  return (await store.readJson(undoFileFor(checkpointId))) as Transaction | null;
}

/** The transaction a crash left unfinished (or whose clean-up it cut short), if any. */
export async function readJournal(store: LedgerStore): Promise<Transaction | null> {
  const tx = (await store.readJson(JOURNAL_FILE)) as Transaction | null;
  if (tx && (tx.version !== 1 || !Array.isArray(tx.notes))) return null;
  return tx;
}

/**
 * Writes `tx` through the journal. Call inside vault.withLock, after recoverPending. A note that no longer
 * reads as `before` is left alone and reported; a storage failure (disk full, read-only) stops the run after
 * committing what was written, then rethrows.
 */
export async function runTransaction(
  tx: Transaction,
  vault: VaultStore,
  store: LedgerStore,
  ledger: Ledger,
  onNote?: (path: string, index: number, total: number) => void,
): Promise<TxOutcome> {
  const outcome: TxOutcome = { applied: [], conflicts: [] };
  if (tx.notes.length === 0) return outcome;
  await store.writeJson(JOURNAL_FILE, tx);
  const applied = new Set<string>();
  let failure: unknown = null;
  for (const [i, note] of tx.notes.entries()) {
    onNote?.(note.path, i, tx.notes.length);
    try {
      await writeNote(vault, note);
      applied.add(note.path);
    } catch (err) {
      if (!isConflict(err)) {
        failure = err;
        break;
      }
      outcome.conflicts.push({
        path: note.path,
        reason: err instanceof NotUtf8Error ? err.reason : 'changed since the plan was made; left as it is',
      });
    }
  }
  outcome.applied = tx.notes.filter((n) => applied.has(n.path)).map((n) => n.path);
  try {
    await commit(store, ledger, tx, applied);
  } catch (err) {
    // The journal stays; the next writer's recoverPending commits what reached the vault.
    throw asError(failure ?? err);
  }
  if (failure) throw asError(failure);
  return outcome;
}

export interface Recovery {
  id: string;
  kind: Transaction['kind'];
  /** Notes the interrupted run had already written. */
  found: string[];
  /** Notes written now to finish it. */
  completed: string[];
  /** Notes a person changed meanwhile: left alone. */
  conflicts: string[];
}

/**
 * Finishes a transaction a crash interrupted (call inside vault.withLock before planning or writing):
 * notes still at `before` are written, notes at `after` are kept, notes changed by hand are left alone,
 * then the ledger is committed for exactly what the vault now holds.
 */
export async function recoverPending(vault: VaultStore, store: LedgerStore): Promise<Recovery | null> {
  const tx = await readJournal(store);
  if (!tx) return null;
  const ledger = await store.read();
  const report: Recovery = { id: tx.id, kind: tx.kind, found: [], completed: [], conflicts: [] };
  if (ledger.lastTx === tx.id) {
    // Committed already; only the clean-up was cut short.
    await commitCleanup(store, tx);
    return report;
  }
  const applied = new Set<string>();
  for (const note of tx.notes) {
    const where = await stateOf(vault, note);
    if (where === 'after') {
      applied.add(note.path);
      report.found.push(note.path);
    } else if (where === 'before') {
      try {
        await writeNote(vault, note);
        applied.add(note.path);
        report.completed.push(note.path);
      } catch (err) {
        if (!isConflict(err)) throw err;
        report.conflicts.push(note.path);
      }
    } else report.conflicts.push(note.path);
  }
  await commit(store, ledger, tx, applied);
  return report;
}

async function commitCleanup(store: LedgerStore, tx: Transaction): Promise<void> {
  if (tx.kind === 'undo' && tx.undoOf) {
    const ledger = await store.read();
    if (!ledger.checkpoints.some((c) => c.id === tx.undoOf)) await store.remove(undoFileFor(tx.undoOf));
  }
  await store.remove(JOURNAL_FILE);
}

/**
 * The ledger as the vault stands right now, without writing anything: a pending journal's notes count
 * exactly when they hold their new text. Safe to call without the lock (e.g. for a read-only plan).
 */
export async function ledgerView(vault: VaultStore, store: LedgerStore): Promise<Ledger> {
  const ledger = await store.read();
  const tx = await readJournal(store);
  if (!tx || ledger.lastTx === tx.id) return ledger;
  const applied = new Set<string>();
  for (const note of tx.notes) if ((await stateOf(vault, note)) === 'after') applied.add(note.path);
  return commitToLedger(ledger, tx, applied);
}

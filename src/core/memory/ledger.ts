// The ledger (`.codex-memory/ledger.json`): every memory item the program wrote (block id → note, text hash)
// and every session it checkpointed. It is how a re-run changes nothing, how a hand edit is noticed (the
// hash no longer matches: the person's text wins) and how a deletion is honoured (known here, gone from the
// note: never written back). Undo records and the write journal live beside it (see journal.ts).
import { jsonPieces } from './json-pieces';
import { blockIdFor } from '../notes/block-id';
import { checkLedgerShape, ShapeError } from './ledger-shape';
import type { StateStore } from '../vault/store';

export const LEDGER_FILE = 'ledger.json';
export const JOURNAL_FILE = 'journal.json';
/** How many applied checkpoints `undo` can step back through. */
export const UNDO_DEPTH = 20;

export interface LedgerItem {
  /** Note that holds the item (vault path). */
  path: string;
  /** textHash() of the item's text as the program last wrote it. */
  hash: string;
  /** That text (already redacted), kept so a deleted item is still recognised when worded differently. */
  text: string;
  kind: string;
  thread: string;
  checkpoint: string;
  at: string;
}

export interface SessionRecord {
  note: string;
  checkpoint: string;
  at: string;
  /** Turns the thread had when it was checkpointed. */
  turns: number;
  /** When the session itself started, so an older session never overrides what a newer one wrote. */
  started?: string;
}

export interface CheckpointRecord {
  id: string;
  thread: string;
  at: string;
  /** Notes the checkpoint wrote (created or changed). */
  notes: string[];
}

export interface Ledger {
  version: 1;
  sessions: Record<string, SessionRecord>;
  items: Record<string, LedgerItem>;
  /** Applied checkpoints, oldest first; the last one is what `undo` reverts. */
  checkpoints: CheckpointRecord[];
  /** Id of the last transaction committed, so recovery knows whether a journal was already committed. */
  lastTx?: string;
}

/** The ledger file exists but cannot be trusted; nothing is written until a person looks at it. */
export class LedgerCorruptError extends Error {
  readonly code = 'LEDGER_CORRUPT';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `The ledger ${file} is unreadable (${detail}). Nothing was written. Move it aside to start a fresh ledger; ` +
        'items written before then will be treated as your own text.',
    );
    this.name = 'LedgerCorruptError';
  }
}

export function emptyLedger(): Ledger {
  return { version: 1, sessions: {}, items: {}, checkpoints: [] };
}

/** Hash of an item's text, insensitive only to surrounding whitespace (any other edit is an edit). */
export function textHash(text: string): string {
  return blockIdFor(`item-text:${text.trim()}`).slice(3);
}

export function parseLedger(json: string, file = LEDGER_FILE): Ledger {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new LedgerCorruptError(file, `not JSON: ${(e as Error).message}`);
  }
  try {
    return checkLedgerShape(data) as Ledger;
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new LedgerCorruptError(file, `${e.path || 'top level'}: ${e.message}`);
  }
}

export function serialiseLedger(ledger: Ledger): string {
  return JSON.stringify(ledger, null, 2) + '\n';
}

/** Reads and writes the ledger, the journal and undo records in the state folder. */
export class LedgerStore {
  constructor(
    readonly state: StateStore,
    readonly stateDir = '.codex-memory',
  ) {}

  private display(name: string): string {
    return `${this.stateDir}/${name}`;
  }

  async read(): Promise<Ledger> {
    const text = await this.state.readState(LEDGER_FILE);
    if (text === null || text.trim() === '') return emptyLedger();
    return parseLedger(text, this.display(LEDGER_FILE));
  }

  async write(ledger: Ledger): Promise<void> {
    await this.state.writeState(LEDGER_FILE, serialiseLedger(ledger));
  }

  async readJson(name: string): Promise<unknown> {
    const text = await this.state.readState(name);
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new LedgerCorruptError(this.display(name), `not JSON: ${(e as Error).message}`);
    }
  }

  /** `value` as JSON, written as it is made (json-pieces.ts): a journal can hold a note of 10 MB twice. */
  async writeJson(name: string, value: unknown): Promise<void> {
    await this.state.writeState(name, jsonPieces(value));
  }

  async remove(name: string): Promise<void> {
    await this.state.removeState(name);
  }
}

export function undoFileFor(checkpointId: string): string {
  return `undo-${checkpointId}.json`;
}

/** A checkpoint id that sorts by time and is a safe file name part. */
export function newCheckpointId(now: Date, thread: string, ledger: Ledger): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = `${stamp}-${thread.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'session'}`;
  const taken = new Set(ledger.checkpoints.map((c) => c.id));
  if (ledger.lastTx) taken.add(ledger.lastTx);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

// The vault as the core sees it: vault-relative paths with '/' separators, text in, text out.
// Two adapters implement it (src/node/ over a real directory, src/obsidian/ over app.vault) and one
// contract suite (test/contract/vault-store.contract.ts) runs against both.

/** Thrown when a compare-before-write finds the file is no longer what the caller saw. */
export class WriteConflictError extends Error {
  readonly code = 'WRITE_CONFLICT';
  constructor(
    readonly path: string,
    message?: string,
  ) {
    super(message ?? `${path} changed since it was read; the change was not written`);
    this.name = 'WriteConflictError';
  }
}

/**
 * Thrown by a compare-before-write when the file's bytes are not valid UTF-8: its text as read has replacement
 * characters where those bytes were, so writing it back would silently change what the person wrote.
 */
export class NotUtf8Error extends WriteConflictError {
  /** Why, without the path (for lists that already name it). */
  readonly reason =
    'not valid UTF-8 (some of its bytes cannot be read as text), so it was left exactly as it is; save it as UTF-8 to let Codex Memory change it';
  constructor(path: string) {
    super(path);
    this.message = `${path} is ${this.reason}`;
    this.name = 'NotUtf8Error';
  }
}

/** Thrown when create() finds a file already there. */
export class AlreadyExistsError extends Error {
  readonly code = 'ALREADY_EXISTS';
  constructor(readonly path: string) {
    super(`${path} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/** Thrown when a path would leave the vault or is otherwise unsafe. */
export class UnsafePathError extends Error {
  readonly code = 'UNSAFE_PATH';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Refusing path "${path}": ${reason}`);
    this.name = 'UnsafePathError';
  }
}

/** Thrown when another writer holds the vault lock for longer than we are willing to wait. */
export class LockBusyError extends Error {
  readonly code = 'LOCK_BUSY';
  constructor(readonly holder: string) {
    super(`Another Codex Memory writer holds the vault lock (${holder}); try again when it has finished`);
    this.name = 'LockBusyError';
  }
}

/** Why the disk refused a write, in words a person can act on. */
export type StorageProblem = 'NO_SPACE' | 'PERMISSION' | 'READ_ONLY' | 'IO';

/**
 * Thrown when the disk refuses a read or write (full, no permission, read-only). Nothing was half-written:
 * the note is either as it was or fully replaced.
 */
export class StorageError extends Error {
  constructor(
    readonly path: string,
    readonly code: StorageProblem,
    detail: string,
  ) {
    super(`Could not write ${path}: ${detail}`);
    this.name = 'StorageError';
  }
}

export interface FileStat {
  /** Milliseconds since the epoch. */
  mtime: number;
  size: number;
}

export interface VaultStore {
  /** Text of a note, or null when there is none. */
  read(path: string): Promise<string | null>;
  stat(path: string): Promise<FileStat | null>;
  /** Every markdown file below `folder` (or the whole vault), vault-relative, sorted. Never follows links out. */
  listMarkdown(folder?: string): Promise<string[]>;
  /** Creates a note (and its folders); AlreadyExistsError when something is there. */
  create(path: string, content: string): Promise<void>;
  /**
   * Replaces a note atomically, but only if it still reads exactly `expected`
   * (WriteConflictError otherwise). A reader never sees a half-written file.
   */
  replace(path: string, expected: string, next: string): Promise<void>;
  /** Removes a note that still reads `expected` (to the trash where the platform has one). */
  remove(path: string, expected: string): Promise<void>;
  /** Makes the folder and its parents; true when it had to create it, false when it was already there. */
  ensureFolder(path: string): Promise<boolean>;
  /** Runs `fn` while holding the vault's writer lock (`.codex-memory/lock`), so two writers cannot interleave. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Program state in `.codex-memory/` (hidden from Obsidian): ledger, index cache, queue, log.
 * Names are plain file names inside that folder.
 */
export interface StateStore {
  readState(name: string): Promise<string | null>;
  /** Atomic replace. Pieces are written one after another as they are made (a journal holding a big note). */
  writeState(name: string, content: string | Iterable<string>): Promise<void>;
  appendState(name: string, line: string): Promise<void>;
  removeState(name: string): Promise<void>;
}

// Atomic file replacement: write a temp file beside the target, fsync it, rename it over the target.
// A reader sees the old bytes or the new bytes, never a mix; a failed write leaves no temp file behind.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { StorageError, type StorageProblem } from '../core/vault/store';
import { crashPoint } from './crash-point';

const PROBLEMS: Record<string, [StorageProblem, string]> = {
  ENOSPC: ['NO_SPACE', 'the disk is full'],
  EDQUOT: ['NO_SPACE', 'the disk quota is exhausted'],
  EACCES: ['PERMISSION', 'permission denied'],
  EPERM: ['PERMISSION', 'operation not permitted'],
  EROFS: ['READ_ONLY', 'the file system is read-only'],
};

/** Turns a Node fs error into a StorageError naming the vault path; other errors pass through unchanged. */
export function storageError(err: unknown, displayPath: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && PROBLEMS[code]) {
    const [problem, words] = PROBLEMS[code];
    return new StorageError(displayPath, problem, `${words} (${code}); nothing was changed`);
  }
  if (code === 'EIO') return new StorageError(displayPath, 'IO', 'input/output error (EIO); nothing was changed');
  return err;
}

/** Name of a temp file in the same folder (same file system, so rename is atomic). Dot-prefixed: listings skip it. */
export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its mode. */
  mode?: number;
  /** Vault-relative name used in error messages. */
  displayPath?: string;
  /**
   * Called after the temp file is durable and just before the rename, so a compare-before-write can check
   * the target one last time. Throwing here aborts the write and removes the temp file.
   */
  beforeRename?: () => Promise<void>;
}

/** `content`: the bytes, a text, or a text in pieces (written one after another as they are made). */
export async function writeFileAtomic(target: string, content: string | Uint8Array | Iterable<string>, opts: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempNameFor(target);
  let mode = opts.mode ?? 0o644;
  try {
    mode = (await fs.stat(target)).mode & 0o7777;
  } catch {
    // New file: default mode.
  }
  let created = false;
  try {
    const handle = await fs.open(tmp, 'wx', mode);
    created = true;
    try {
      await writeContent(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    crashPoint();
    await opts.beforeRename?.();
    await fs.rename(tmp, target);
    created = false;
    crashPoint();
    await syncFolder(path.dirname(target));
  } catch (err) {
    if (created) await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw storageError(err, opts.displayPath ?? target);
  }
}

/** Characters of a text encoded and written at a time. */
const PIECE_CHARS = 1024 * 1024;

/**
 * A long text is written piece by piece, each from where the last ended: encoding a journal of 30 MB in one go would
 * hold a second copy of it as bytes. A piece never ends between the two halves of a surrogate pair.
 */
async function writeContent(handle: fs.FileHandle, content: string | Uint8Array | Iterable<string>): Promise<void> {
  if (content instanceof Uint8Array) return handle.writeFile(content);
  if (typeof content !== 'string') {
    for (const piece of content) await writeContent(handle, piece);
    return;
  }
  if (content.length <= PIECE_CHARS) return handle.writeFile(content);
  for (let at = 0; at < content.length;) {
    let end = Math.min(content.length, at + PIECE_CHARS);
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end--;
    await handle.writeFile(content.slice(at, end));
    at = end;
  }
}

/** Makes the rename itself durable. Some platforms cannot open a folder for fsync; that is not an error. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort (Windows, some network file systems).
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

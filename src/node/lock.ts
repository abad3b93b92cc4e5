// The vault's writer lock: `.codex-memory/lock`, created with O_EXCL so exactly one process holds it.
// It records pid, hostname and start time; a holder keeps its mtime fresh, so a lock whose pid is dead
// (same host) or whose mtime is older than `staleMs` is taken over. Waiters back off up to `timeoutMs`,
// then give up with LockBusyError. Within one process an in-memory queue serialises callers first, and
// an async context makes the lock re-entrant for code already running under it (a replace() inside
// withLock() must not wait for itself).
import { AsyncLocalStorage } from 'node:async_hooks';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_LOCK_TIMING,
  UNREADABLE_LOCK_GRACE_MS,
  describeHolder,
  formatLockInfo,
  jitter,
  lockToken,
  nextBackoff,
  parseLockInfo,
  type LockInfo,
  type LockTiming,
} from '../core/vault/lock-info';
import { Mutex } from '../core/vault/mutex';
import { LockBusyError } from '../core/vault/store';
import { storageError } from './atomic-write';
import { crashPoint } from './crash-point';

export type LockOptions = LockTiming;

/**
 * Called once the lock is held, when taking it meant breaking an abandoned one: `abandoned` says whose it was
 * (null when unreadable) and `holderDead` whether that holder is a process on this machine that no longer runs.
 */
export type TakeoverHandler = (abandoned: LockInfo | null, holderDead: boolean) => Promise<void>;

/** True when a process with this pid runs on this machine (or may: one we cannot signal counts as running). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(text: string, mtimeMs: number, staleMs: number): boolean {
  const info = parseLockInfo(text);
  const age = Date.now() - mtimeMs;
  if (!info) return age > Math.min(staleMs, UNREADABLE_LOCK_GRACE_MS);
  if (info.pid > 0 && info.hostname === os.hostname() && info.pid !== process.pid && !pidAlive(info.pid)) return true;
  return age > staleMs;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface HeldLock {
  readonly info: LockInfo;
  release(): Promise<void>;
}

/**
 * Takes the lock file at `lockPath`, waiting with back-off. Does not serialise callers within this
 * process (VaultLock does); use VaultLock unless you need the raw file lock.
 */
export async function acquireFileLock(
  lockPath: string,
  options: LockOptions = {},
  owner = 'codex-memory',
  onTakeover?: TakeoverHandler,
): Promise<HeldLock> {
  const opts = { ...DEFAULT_LOCK_TIMING, ...options };
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), started: new Date().toISOString(), token: lockToken(), owner };
  const deadline = Date.now() + opts.timeoutMs;
  let wait = opts.retryMs;
  let tookOver: { info: LockInfo | null; dead: boolean } | null = null;
  try {
    await fs.mkdir(path.dirname(lockPath), { recursive: true });
  } catch (err) {
    throw storageError(err, lockPath);
  }
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o644);
      try {
        await handle.writeFile(formatLockInfo(info));
      } catch (err) {
        // A full disk can take the empty file but not its content; an unreadable lock left behind would hold
        // every other writer off for the grace period, so it is taken back.
        await handle.close().catch(() => undefined);
        await fs.rm(lockPath, { force: true }).catch(() => undefined);
        throw err;
      }
      await handle.close();
      crashPoint();
      const lock = startHolding(lockPath, info, opts.staleMs);
      if (tookOver && onTakeover) await onTakeover(tookOver.info, tookOver.dead).catch(() => undefined);
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw storageError(err, lockPath);
    }
    const current = await readLock(lockPath);
    if (current && isStale(current.text, current.mtimeMs, opts.staleMs)) {
      if (await breakStaleLock(lockPath, current.text)) {
        const abandoned = parseLockInfo(current.text);
        tookOver = {
          info: abandoned,
          dead: Boolean(abandoned && abandoned.pid > 0 && abandoned.hostname === os.hostname() && !pidAlive(abandoned.pid)),
        };
      }
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(describeHolder(current ? parseLockInfo(current.text) : null));
    await sleep(Math.max(1, Math.min(jitter(wait), deadline - Date.now())));
    wait = nextBackoff(wait);
  }
}

async function readLock(lockPath: string): Promise<{ text: string; mtimeMs: number } | null> {
  try {
    const [text, st] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    return { text, mtimeMs: st.mtimeMs };
  } catch {
    return null; // Released between our attempts: just retry.
  }
}

/**
 * Moves the abandoned lock aside before deleting it, so two waiters that both judged it stale cannot
 * delete a fresh lock the other one has just taken: a fresh lock caught by mistake is put back.
 */
async function breakStaleLock(lockPath: string, staleText: string): Promise<boolean> {
  const aside = `${lockPath}.stale-${process.pid}-${lockToken()}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return false; // Someone else moved or released it.
  }
  const caught = await fs.readFile(aside, 'utf8').catch(() => staleText);
  if (caught !== staleText) await fs.link(aside, lockPath).catch(() => undefined);
  await fs.rm(aside, { force: true });
  return caught === staleText;
}

function startHolding(lockPath: string, info: LockInfo, staleMs: number): HeldLock {
  // Keep the mtime fresh so a long operation is never mistaken for an abandoned lock.
  const beat = setInterval(
    () => {
      const now = new Date();
      fs.utimes(lockPath, now, now).catch(() => undefined);
    },
    Math.max(50, Math.floor(staleMs / 3)),
  );
  beat.unref();
  let released = false;
  return {
    info,
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      const current = await fs.readFile(lockPath, 'utf8').catch(() => null);
      // Only remove our own lock: if it was (wrongly) broken and retaken, the new holder keeps it. If the
      // disk refuses (gone read-only), the lock stays behind and is taken over once our pid is gone;
      // the caller's own error is the one worth reporting.
      if (current !== null && parseLockInfo(current)?.token === info.token) await fs.rm(lockPath, { force: true }).catch(() => undefined);
    },
  };
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const mutexes = new Map<string, Mutex>();

/** The vault lock as a store uses it: in-process queue, then the file lock; re-entrant in the same async flow. */
export class VaultLock {
  readonly lockPath: string;

  constructor(
    lockPath: string,
    private readonly options: LockOptions = {},
    private readonly owner = 'codex-memory',
    private readonly onTakeover?: TakeoverHandler,
  ) {
    this.lockPath = path.resolve(lockPath);
  }

  /** True when the calling async flow already runs under this lock. */
  isHeld(): boolean {
    return held.getStore()?.has(this.lockPath) ?? false;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.isHeld()) return fn();
    let mutex = mutexes.get(this.lockPath);
    if (!mutex) mutexes.set(this.lockPath, (mutex = new Mutex()));
    return mutex.run(async () => {
      const lock = await acquireFileLock(this.lockPath, this.options, this.owner, this.onTakeover);
      try {
        const outer = held.getStore() ?? new Set<string>();
        return await held.run(new Set([...outer, this.lockPath]), fn);
      } finally {
        await lock.release();
      }
    });
  }
}

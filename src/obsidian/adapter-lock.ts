// The vault lock as the plugin takes it: an in-memory mutex for this Obsidian window, then the same
// `.codex-memory/lock` file the CLI uses, through app.vault.adapter (dot-folders are invisible to the
// Vault API). The adapter has no exclusive create, so the plugin writes its lock, reads it back and
// waits a beat before trusting it; the CLI's O_EXCL create cannot slip in unnoticed after that.
import type { DataAdapter } from 'obsidian';
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

const sleep = (ms: number) => new Promise<void>((r) => window.setTimeout(r, ms));

/** How long a freshly written lock must stay ours before we trust it. */
const SETTLE_MS = 25;

export class AdapterLock {
  private readonly mutex = new Mutex();
  private readonly timing: Required<LockTiming>;

  constructor(
    private readonly adapter: DataAdapter,
    private readonly lockPath: string,
    timing: LockTiming = {},
  ) {
    this.timing = { ...DEFAULT_LOCK_TIMING, ...timing };
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const info = await this.acquire();
      const beat = window.setInterval(
        () => {
          // Rewriting refreshes the mtime the CLI judges staleness by.
          void this.adapter.write(this.lockPath, formatLockInfo(info)).catch(() => undefined);
        },
        Math.max(50, Math.floor(this.timing.staleMs / 3)),
      );
      try {
        return await fn();
      } finally {
        window.clearInterval(beat);
        await this.release(info);
      }
    });
  }

  private async acquire(): Promise<LockInfo> {
    const info: LockInfo = { pid: 0, hostname: '', started: new Date().toISOString(), token: lockToken(), owner: 'obsidian' };
    const deadline = Date.now() + this.timing.timeoutMs;
    let wait = this.timing.retryMs;
    const folder = this.lockPath.slice(0, this.lockPath.lastIndexOf('/'));
    if (folder && !(await this.adapter.exists(folder))) await this.adapter.mkdir(folder);
    for (;;) {
      const current = await this.readLock();
      if (current === null) {
        await this.adapter.write(this.lockPath, formatLockInfo(info));
        await sleep(SETTLE_MS);
        if ((await this.readLock())?.info?.token === info.token) return info;
      } else if (this.isStale(current)) {
        await this.adapter.remove(this.lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() >= deadline) throw new LockBusyError(describeHolder(current?.info ?? null));
      await sleep(Math.max(1, Math.min(jitter(wait), deadline - Date.now())));
      wait = nextBackoff(wait);
    }
  }

  private isStale(current: { info: LockInfo | null; mtime: number }): boolean {
    const age = Date.now() - current.mtime;
    return age > (current.info ? this.timing.staleMs : Math.min(this.timing.staleMs, UNREADABLE_LOCK_GRACE_MS));
  }

  private async readLock(): Promise<{ info: LockInfo | null; mtime: number } | null> {
    try {
      if (!(await this.adapter.exists(this.lockPath))) return null;
      const [text, st] = await Promise.all([this.adapter.read(this.lockPath), this.adapter.stat(this.lockPath)]);
      return { info: parseLockInfo(text), mtime: st?.mtime ?? Date.now() };
    } catch {
      return null;
    }
  }

  private async release(info: LockInfo): Promise<void> {
    const current = await this.readLock();
    if (current?.info?.token === info.token) await this.adapter.remove(this.lockPath).catch(() => undefined);
  }
}

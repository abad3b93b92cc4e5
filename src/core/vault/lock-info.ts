// What `.codex-memory/lock` says about its holder. The CLI (src/node/lock.ts) and the plugin
// (src/obsidian/adapter-lock.ts) write and read the same format, so each honours the other's lock.

export interface LockInfo {
  /** 0 when the holder cannot tell (the plugin). */
  pid: number;
  /** '' when the holder cannot tell (the plugin). */
  hostname: string;
  /** ISO time the lock was taken. */
  started: string;
  /** Random; lets the holder tell its own lock from a successor's. */
  token: string;
  /** Which program holds it (e.g. 'codex-memory cli', 'obsidian'). */
  owner?: string;
}

/** How long to wait for a busy lock, and when an unrefreshed lock counts as abandoned. */
export interface LockTiming {
  timeoutMs?: number;
  staleMs?: number;
  /** First back-off step; doubles up to 500 ms. */
  retryMs?: number;
}

export const DEFAULT_LOCK_TIMING: Required<LockTiming> = { timeoutMs: 15_000, staleMs: 120_000, retryMs: 20 };

/** A half-written lock (crash between create and write) is given this long before it counts as abandoned. */
export const UNREADABLE_LOCK_GRACE_MS = 5_000;

export function parseLockInfo(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.token === 'string') {
      return { pid: v.pid, hostname: v.hostname, started: String(v.started ?? ''), token: v.token, owner: v.owner };
    }
  } catch {
    // Unreadable: judged by age alone.
  }
  return null;
}

export function formatLockInfo(info: LockInfo): string {
  return JSON.stringify(info) + '\n';
}

export function describeHolder(info: LockInfo | null): string {
  if (!info) return 'unknown holder';
  const where = info.pid > 0 ? ` pid ${info.pid}${info.hostname ? ` on ${info.hostname}` : ''}` : '';
  return `${info.owner ?? 'a process'}${where} since ${info.started}`;
}

/** Random hex token; Web Crypto exists in Node 20 and in Obsidian alike. */
export function lockToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Next back-off delay: doubling, capped, with jitter so two waiters do not retry in lock-step. */
export function nextBackoff(previous: number): number {
  return Math.min(previous * 2, 500);
}

export function jitter(ms: number): number {
  return ms * (0.75 + Math.random() * 0.5);
}

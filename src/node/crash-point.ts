// A test hook for the crash tests (test/hardening/crash-kills.test.ts), not a feature: with
// CODEX_MEMORY_CRASH_AFTER_WRITES=N in the environment, the process kills itself with SIGKILL (what a power cut
// or `kill -9` does: no finally blocks, no exit handlers) right after its N-th durable file-system step. That
// makes "killed between two writes" exact and repeatable instead of a matter of timing. Unset (always, outside
// those tests), it costs one environment lookup per process.
let remaining: number | null | undefined;

/** Marks one durable step (a temp file synced, a rename, a link, an append, a removal) as done. */
export function crashPoint(): void {
  if (remaining === undefined) {
    const n = Number(process.env.CODEX_MEMORY_CRASH_AFTER_WRITES);
    remaining = Number.isInteger(n) && n > 0 ? n : null;
  }
  if (remaining === null) return;
  remaining -= 1;
  if (remaining === 0) process.kill(process.pid, 'SIGKILL');
}

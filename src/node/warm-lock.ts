// The lock of the index warm-up (`hook warm`, and the one a checkpoint runs after its writes). One warm-up at a
// time per vault; one that was killed leaves its lock and maybe a half-written index temp file, and the next
// writer that finds them finishes the warm-up, which takes the lock over and clears the dead one's temps.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { acquireFileLock, pidAlive, type HeldLock } from './lock';
import type { NodeVault } from './open-vault';
import { sweepAbandonedTemps } from './temp-sweep';

const WARM_LOCK = 'warm.lock';

function lockPath(vault: NodeVault): string {
  return path.join(vault.root, ...vault.settings.folders.stateDir.split('/'), WARM_LOCK);
}

/**
 * Whether a writer that has just finished should warm the index: when it wrote notes, or when a warm-up is
 * running or was cut short (its lock is there), which this one then finishes.
 */
export function warmWanted(vault: NodeVault, wrote: boolean): boolean {
  return wrote || existsSync(lockPath(vault));
}

/** Takes the warm-up lock without waiting (throws LockBusyError when another warm-up holds it). */
export function acquireWarmLock(vault: NodeVault): Promise<HeldLock> {
  return acquireFileLock(lockPath(vault), { timeoutMs: 0 }, 'codex-memory hook warm', async (_abandoned, dead) => {
    if (dead) await sweepAbandonedTemps(vault.root, vault.settings.folders.stateDir, (pid) => !pidAlive(pid));
  });
}

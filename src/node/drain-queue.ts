// `hook drain`: works off the checkpoint queue in the background, per the vault's auto-checkpoint setting.
// One drain at a time (a `drain.lock` beside the queue; a second one just leaves); the running one loops
// until nothing it has not tried is pending, so a Stop that queued a session mid-drain is not left behind.
// Each session ends with a done line, whatever happened, so a failing rollout is not retried on every Stop
// of other sessions; a later Stop of the same session queues it again.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { QUEUE_FILE, compactQueue, doneLine, readQueue, type DoneMark, type QueuedSession } from '../core/delivery/queue';
import type { AutoCheckpoint } from '../core/settings';
import { LockBusyError } from '../core/vault/store';
import { appendLog } from './fail-open';
import { acquireFileLock } from './lock';
import { openNodeVault, type NodeVault } from './open-vault';

const DRAIN_LOCK = 'drain.lock';
/** Above this the queue file is compacted after a drain. */
const COMPACT_ABOVE_BYTES = 64 * 1024;

export interface CheckpointOutcome {
  result: DoneMark['result'];
  detail?: string;
}

/** Checkpoints one queued session into the inbox (for review) or straight into the notes. */
export type CheckpointRunner = (vault: NodeVault, entry: QueuedSession, mode: Exclude<AutoCheckpoint, 'off'>) => Promise<CheckpointOutcome>;

export interface DrainReport {
  mode: AutoCheckpoint;
  done: (DoneMark & { transcript: string })[];
  /** True when another drain held the lock, so this one did nothing. */
  busy: boolean;
}

function stateDirOf(vault: NodeVault): string {
  return path.join(vault.root, ...vault.settings.folders.stateDir.split('/'));
}

export async function drainQueue(vaultDir: string, runner: CheckpointRunner): Promise<DrainReport> {
  const vault = await openNodeVault(vaultDir);
  const mode = vault.settings.autoCheckpoint;
  const report: DrainReport = { mode, done: [], busy: false };
  if (mode === 'off') return report;
  let lock;
  try {
    lock = await acquireFileLock(path.join(stateDirOf(vault), DRAIN_LOCK), { timeoutMs: 0 }, 'codex-memory hook drain');
  } catch (err) {
    if (err instanceof LockBusyError) return { ...report, busy: true };
    throw err;
  }
  try {
    const tried = new Set<string>();
    for (;;) {
      const next = readQueue(await vault.state.readState(QUEUE_FILE)).pending.filter((e) => !tried.has(`${e.thread}@${e.at}`));
      if (next.length === 0) break;
      for (const entry of next) {
        tried.add(`${entry.thread}@${entry.at}`);
        let outcome: CheckpointOutcome;
        try {
          outcome = await runner(vault, entry, mode);
        } catch (err) {
          outcome = { result: 'failed', detail: (err as Error).message };
        }
        if (outcome.result === 'failed')
          await appendLog(vault.root, `hook drain: ${entry.thread} (${entry.transcript}): ${outcome.detail ?? 'failed'}`);
        const mark: DoneMark = { thread: entry.thread, upTo: entry.at, done: new Date().toISOString(), ...outcome };
        await vault.state.appendState(QUEUE_FILE, doneLine(mark));
        report.done.push({ ...mark, transcript: entry.transcript });
      }
    }
    await compactIfLarge(vault);
  } finally {
    await lock.release();
  }
  return report;
}

/**
 * Rewrites a large queue to its pending lines without losing a line a hook appends meanwhile: the file is
 * renamed away first (later appends start a new file), then its pending lines are appended to the new one.
 */
async function compactIfLarge(vault: NodeVault): Promise<void> {
  const file = path.join(stateDirOf(vault), QUEUE_FILE);
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= COMPACT_ABOVE_BYTES) return;
  const aside = `${file}.${process.pid}.compacting`;
  await fs.rename(file, aside);
  // An append that opened the file just before the rename lands in `aside`; give it a moment to finish.
  await new Promise((r) => setTimeout(r, 50));
  const pending = compactQueue(await fs.readFile(aside, 'utf8'));
  if (pending) await fs.appendFile(file, pending);
  await fs.rm(aside, { force: true });
}

// The Node side of the checkpoint queue: the Stop/SessionEnd hooks append to it and, when the vault's
// auto-checkpoint setting asks for it, start a detached `hook drain` child that does the checkpoint after the
// hook has returned (Codex gives SessionEnd hooks about a second, far too little for a checkpoint).
import { spawn } from 'node:child_process';
import type { HookInput } from '../core/delivery/hook-input';
import { QUEUE_FILE, queueLine, threadFromTranscript, type QueuedSession } from '../core/delivery/queue';
import type { NodeVault } from './open-vault';
import { builtCliPath } from './self-path';

/** Appends the session to the queue; null (and nothing written) when Codex sent no transcript. */
export async function queueSession(vault: NodeVault, input: HookInput, now = new Date()): Promise<QueuedSession | null> {
  if (!input.transcriptPath) return null;
  const thread = input.sessionId ?? threadFromTranscript(input.transcriptPath);
  if (!thread) return null;
  const entry: QueuedSession = { thread, transcript: input.transcriptPath, cwd: input.cwd, event: input.event, at: now.toISOString() };
  await vault.state.appendState(QUEUE_FILE, queueLine(entry));
  return entry;
}

/**
 * Starts `codex-memory hook drain --vault …` detached from the hook (own process group, no stdio), so the hook
 * can exit at once and Codex never waits for it. Returns false when there is no built CLI to run.
 */
export function spawnDrain(vaultRoot: string): boolean {
  const cli = builtCliPath();
  if (!cli) return false;
  const child = spawn(process.execPath, [cli, 'hook', 'drain', '--vault', vaultRoot], {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
  });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

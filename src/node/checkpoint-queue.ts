// The Node side of the checkpoint queue: the Stop/SessionEnd hooks append to it and, when the vault's
// auto-checkpoint setting asks for it, start a detached `hook drain` child that does the checkpoint after the
// hook has returned (Codex gives SessionEnd hooks at most 3 seconds, too little for a checkpoint).
import type { HookInput } from '../core/delivery/hook-input';
import { QUEUE_FILE, queueLine, type QueuedSession } from '../core/delivery/queue';
import type { NodeVault } from './open-vault';
import { threadIdFromFileName } from './rollout-source';
import { spawnDetachedCli } from './detached';

/** Appends the session to the queue; null (and nothing written) when Codex sent no transcript. */
export async function queueSession(vault: NodeVault, input: HookInput, now = new Date()): Promise<QueuedSession | null> {
  if (!input.transcriptPath) return null;
  const thread = input.sessionId ?? threadIdFromFileName(input.transcriptPath);
  if (!thread) return null;
  const entry: QueuedSession = { thread, transcript: input.transcriptPath, cwd: input.cwd, event: input.event, at: now.toISOString() };
  await vault.state.appendState(QUEUE_FILE, queueLine(entry));
  return entry;
}

/** Starts `codex-memory hook drain --vault …` in the background; false when there is no built CLI to run. */
export function spawnDrain(vaultRoot: string): boolean {
  return spawnDetachedCli(['hook', 'drain', '--vault', vaultRoot]);
}

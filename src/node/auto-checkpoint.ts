// The runner behind `hook drain`: one queued session through the core's automatic checkpoint
// (src/core/checkpoint/workflow.ts, the same one the plugin's watcher calls), reported as a queue outcome.
import { autoCheckpoint } from '../core/checkpoint/workflow';
import type { QueuedSession } from '../core/delivery/queue';
import type { AutoCheckpoint } from '../core/settings';
import { plural } from '../core/text';
import type { CheckpointOutcome } from './drain-queue';
import { nodeHost } from './host';
import type { NodeVault } from './open-vault';
import { warmAfterCheckpoint } from './session-start-hook';
import { warmWanted } from './warm-lock';

export async function runAutoCheckpoint(vault: NodeVault, entry: QueuedSession, mode: Exclude<AutoCheckpoint, 'off'>): Promise<CheckpointOutcome> {
  const host = nodeHost(vault);
  const thread = await host.readSession!(entry.transcript);
  const out = await autoCheckpoint(host, thread, { thread: entry.thread, transcript: entry.transcript, cwd: entry.cwd }, mode);
  if (warmWanted(vault, out.result !== 'unchanged' && out.applied > 0)) await warmAfterCheckpoint(vault, thread.cwd ?? entry.cwd);
  if (out.result === 'unchanged') return { result: 'unchanged' };
  if (out.result === 'applied') return { result: 'applied', detail: `${plural(out.applied, 'change')} applied` };
  return { result: 'inbox', detail: out.applied ? `${out.applied} applied; the rest proposed in ${out.proposal}` : out.proposal };
}

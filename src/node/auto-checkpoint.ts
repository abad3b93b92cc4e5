// The automatic checkpoint behind `hook drain`, the Node twin of the plugin's watcher (src/plugin/watcher.ts):
// the same core steps `checkpoint` runs, always with the offline distiller (no key, no network, and never
// `codex exec` from inside a Codex hook).
//   apply: the changes `checkpoint --yes` would apply (never those marked "needs review");
//   inbox: nothing applied.
// What is left to decide becomes the session's proposal note in the inbox (src/plugin/proposal-note.ts, shared
// with the plugin so a session is proposed once whoever noticed it).
import { offlineDistiller } from '../core/distill/offline';
import { applyPlan, autoAcceptable } from '../core/memory/apply';
import { recoverPending } from '../core/memory/journal';
import { LedgerStore } from '../core/memory/ledger';
import { effectiveChanges, type Plan } from '../core/memory/plan';
import { planCheckpoint } from '../core/memory/planner';
import type { Thread } from '../core/codex/thread';
import type { AutoCheckpoint } from '../core/settings';
import type { QueuedSession } from '../core/delivery/queue';
import { writeProposalNote } from '../plugin/proposal-note';
import type { CheckpointOutcome } from './drain-queue';
import { readThread } from './find-session';
import { readGitConfig } from './git-remote';
import type { NodeVault } from './open-vault';

async function plan(vault: NodeVault, ledgerStore: LedgerStore, thread: Thread): Promise<Plan> {
  const learnings = await offlineDistiller.distill(thread, {});
  const ledger = await ledgerStore.read();
  return planCheckpoint({ thread, learnings, vault: vault.store, ledger, settings: vault.settings, now: new Date(), readGitConfig });
}

export async function runAutoCheckpoint(vault: NodeVault, entry: QueuedSession, mode: Exclude<AutoCheckpoint, 'off'>): Promise<CheckpointOutcome> {
  const thread = await readThread(entry.transcript);
  const ledgerStore = new LedgerStore(vault.state, vault.store.stateDir);
  // One hold of the vault lock from plan to proposal, as `checkpoint --yes` does: a checkpoint running at the same
  // time cannot slip in between (its changes would make ours look stale), and a crash leaves the lock, whose
  // next holder finishes the journal and clears what the crash left.
  return vault.store.withLock(async () => {
    // Finish whatever an interrupted checkpoint left before planning against the notes.
    await recoverPending(vault.store, ledgerStore);
    let planned = await plan(vault, ledgerStore, thread);
    let applied = 0;
    if (mode === 'apply' && autoAcceptable(planned).length) {
      const result = await applyPlan(planned, autoAcceptable(planned), vault.store, ledgerStore);
      applied = result.applied.length;
      // What is left (changes that need review) is planned again against the notes as they now are.
      planned = await plan(vault, ledgerStore, thread);
    }
    if (effectiveChanges(planned).length === 0) {
      return applied ? { result: 'applied', detail: `${applied} changes applied` } : { result: 'unchanged' };
    }
    const note = await writeProposalNote(vault.store, vault.state, vault.settings, { thread: entry.thread, transcript: entry.transcript, cwd: entry.cwd }, planned, applied);
    return { result: 'inbox', detail: applied ? `${applied} applied; the rest proposed in ${note}` : note };
  });
}

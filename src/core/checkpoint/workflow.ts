// The checkpoint loop, written once: read the session, distil it with what the vault already knows, plan the
// note changes, let a person review them (or take what needs no review), apply under the vault lock, and
// leave what is left to decide in the inbox. The CLI `checkpoint`, the plugin's ribbon, palette and watcher,
// the hooks' drain and MCP `remember` all call these functions; none of them puts the steps together itself.
import type { Thread } from '../codex/thread';
import type { Distiller, DistillerName } from '../distill/distiller';
import type { Learnings } from '../distill/learnings';
import type { CheckpointHost } from '../host';
import { applyPlanHoldingLock, autoAcceptable, type ApplyResult } from '../memory/apply';
import { readDoneRecord, recordTicks } from '../memory/done-todos';
import { existingMemory } from '../memory/existing-memory';
import { ledgerView, recoverPending } from '../memory/journal';
import { LedgerStore } from '../memory/ledger';
import { effectiveChanges, type Plan } from '../memory/plan';
import { planCheckpoint } from '../memory/planner';
import { recordCitations, usageStats } from '../recall/usage';
import type { AutoCheckpoint, DistillerKind } from '../settings';
import { AlreadyExistsError, WriteConflictError } from '../vault/store';
import {
  writeCheckpointProposal,
  writeRememberedProposal,
  writeUsageReviewProposal,
  type ProposedSession,
  type Remembered,
  type RememberInput,
} from './inbox';

export type Progress = (message: string) => void;
/** The workflow's own steps, for a shell to word in its own voice (a CLI line, a notice). */
export type CheckpointStep = 'distilling' | 'planning' | 'writing';

export interface PlannedCheckpoint {
  thread: Thread;
  plan: Plan;
  distiller: DistillerName;
}

export interface PlanOptions {
  /** The distiller to use (default: the settings'). */
  distiller?: DistillerKind;
  /** The distiller's own progress lines (chunks of a long session). */
  onProgress?: Progress;
  /** `notes` is how many notes are about to be written (the 'writing' step). */
  onStep?: (step: CheckpointStep, distiller: DistillerKind, notes?: number) => void;
  /**
   * Only look: plan against the notes and ledger as they stand (an interrupted run's notes count as they are),
   * take no lock and finish nothing. A plan that may be applied is made under the lock, after whatever an
   * interrupted run left has been finished.
   */
  look?: boolean;
}

export function ledgerStoreOf(host: Pick<CheckpointHost, 'state' | 'settings'>): LedgerStore {
  return new LedgerStore(host.state, host.settings.folders.stateDir);
}

/** The session ids the ledger has checkpointed (read only; an interrupted run is not finished here). */
export async function checkpointedThreads(host: Pick<CheckpointHost, 'store' | 'state' | 'settings'>): Promise<Set<string>> {
  const ledger = await ledgerView(host.store, ledgerStoreOf(host));
  return new Set(Object.keys(ledger.sessions));
}

/** What the distiller learned from the session; a model is shown what the vault already holds first. */
export async function distillSession(host: CheckpointHost, thread: Thread, distiller: Distiller, onProgress?: Progress): Promise<Learnings> {
  // A model can then say "already known" or "replaces" instead of proposing a near-duplicate; the offline
  // rules have no use for it.
  const existing = distiller.name === 'offline' ? undefined : await existingMemory(host.store, host.settings, thread, host.readGitConfig);
  return distiller.distill(thread, { onProgress, existing });
}

/** Plans the learnings against the vault. Call while holding the lock (unless only looking). */
async function planLearnings(host: CheckpointHost, thread: Thread, learnings: Learnings, look: boolean): Promise<Plan> {
  const ledgerStore = ledgerStoreOf(host);
  if (!look) await recoverPending(host.store, ledgerStore);
  if (!look) await recordUsage(host, thread);
  const ledger = look ? await ledgerView(host.store, ledgerStoreOf(host)) : await ledgerStore.read();
  const plan = await planCheckpoint({
    thread,
    learnings,
    vault: host.store,
    ledger,
    settings: host.settings,
    now: host.now(),
    readGitConfig: host.readGitConfig,
    done: await readDoneRecord(host.state),
  });
  // A run cut short after writing a tick and before recording it: the record catches up now, lock held.
  if (!look && plan.tickedUnrecorded?.length) await recordTicks(host.state, plan, null);
  return plan;
}

/**
 * Usage feedback, lock held: the notes the session said it used (`Memory used: [[note]]`, counted once per
 * session), then the notes given often and never cited suggested for review in the inbox.
 */
async function recordUsage(host: CheckpointHost, thread: Thread): Promise<void> {
  const now = host.now();
  await recordCitations(host.store, host.state, thread, now);
  const notes = new Set(await host.store.listMarkdown());
  const unused = (await usageStats(host.state, now)).filter((s) => s.review && notes.has(s.path));
  if (!unused.length) return;
  try {
    await writeUsageReviewProposal(host.store, host.state, host.settings, unused, now);
  } catch (err) {
    // A person editing the suggestion this very moment: it is only a suggestion, the next checkpoint retries.
    if (!(err instanceof WriteConflictError || err instanceof AlreadyExistsError)) throw err;
  }
}

/** Applies the accepted changes under a lock the caller holds, and records the TODOs it ticked. */
async function applyHoldingLock(host: CheckpointHost, plan: Plan, accepted: Iterable<string>, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const result = await applyPlanHoldingLock(plan, accepted, host.store, ledgerStoreOf(host), { now: host.now(), onNote: opts.onNote });
  await recordTicks(host.state, plan, result);
  return result;
}

/** Distils the session and plans its note changes for a person to review. Writes no note. */
export async function planSession(host: CheckpointHost, thread: Thread, opts: PlanOptions = {}): Promise<PlannedCheckpoint> {
  const kind = opts.distiller ?? host.settings.distiller;
  const distiller = await host.distiller(kind);
  opts.onStep?.('distilling', kind);
  const learnings = await distillSession(host, thread, distiller, opts.onProgress);
  opts.onStep?.('planning', kind);
  const look = opts.look ?? false;
  const plan = look
    ? await planLearnings(host, thread, learnings, true)
    : await host.store.withLock(() => planLearnings(host, thread, learnings, false));
  return { thread, plan, distiller: distiller.name };
}

export interface ApplyOptions {
  onNote?: (path: string) => void;
}

/** Writes the changes a person accepted (each note only while it still reads as the plan saw it). */
export function applyReviewed(host: CheckpointHost, plan: Plan, accepted: Iterable<string>, opts: ApplyOptions = {}): Promise<ApplyResult> {
  return host.store.withLock(() => applyHoldingLock(host, plan, accepted, opts));
}

/**
 * `checkpoint --yes`: distil, then plan and apply what needs no review under one hold of the vault lock, so a
 * second writer waits and then plans against our result.
 */
export async function checkpointUnattended(
  host: CheckpointHost,
  thread: Thread,
  opts: Omit<PlanOptions, 'look'> & ApplyOptions = {},
): Promise<PlannedCheckpoint & { result: ApplyResult | null }> {
  const kind = opts.distiller ?? host.settings.distiller;
  const distiller = await host.distiller(kind);
  opts.onStep?.('distilling', kind);
  const learnings = await distillSession(host, thread, distiller, opts.onProgress);
  return host.store.withLock(async () => {
    opts.onStep?.('planning', kind);
    const plan = await planLearnings(host, thread, learnings, false);
    const ids = autoAcceptable(plan);
    if (ids.length) opts.onStep?.('writing', kind, new Set(plan.changes.filter((c) => ids.includes(c.id)).map((c) => c.path)).size);
    const result = ids.length ? await applyHoldingLock(host, plan, ids, opts) : null;
    return { thread, plan, distiller: distiller.name, result };
  });
}

export interface AutoOutcome {
  result: 'applied' | 'inbox' | 'unchanged';
  /** Changes applied without review. */
  applied: number;
  /** The proposal note left in the inbox, when something waits for a person. */
  proposal?: string;
  /** Set when a checkpoint was written. */
  checkpoint?: string;
}

/**
 * An automatic checkpoint (the hooks' drain, the plugin's watcher): always the offline distiller, so nothing
 * leaves the machine behind the person's back and no `codex exec` runs from inside a Codex hook.
 *   apply: the changes `checkpoint --yes` would apply (never those marked "needs review");
 *   inbox: nothing applied.
 * What is left to decide becomes the session's proposal note. One hold of the vault lock from plan to
 * proposal: another checkpoint cannot slip in between, and a crash leaves the lock, whose next holder
 * finishes the journal first.
 */
export async function autoCheckpoint(
  host: CheckpointHost,
  thread: Thread,
  session: ProposedSession,
  mode: Exclude<AutoCheckpoint, 'off'>,
): Promise<AutoOutcome> {
  const learnings = await distillSession(host, thread, await host.distiller('offline'));
  return host.store.withLock(async () => {
    let plan = await planLearnings(host, thread, learnings, false);
    let applied = 0;
    let checkpoint: string | undefined;
    if (mode === 'apply' && autoAcceptable(plan).length) {
      const result = await applyHoldingLock(host, plan, autoAcceptable(plan));
      applied = result.applied.length;
      checkpoint = result.checkpoint ?? undefined;
      // What is left (changes that need review) is planned again against the notes as they now are.
      plan = await planLearnings(host, thread, learnings, false);
    }
    if (effectiveChanges(plan).length === 0) return { result: applied ? 'applied' : 'unchanged', applied, ...(checkpoint ? { checkpoint } : {}) };
    const proposal = await writeCheckpointProposal(host.store, host.state, host.settings, session, plan, applied, host.now());
    return { result: 'inbox', applied, proposal, ...(checkpoint ? { checkpoint } : {}) };
  });
}

/** MCP `remember`: the agent's proposed memory, as a proposal in the inbox for the person to review. */
export function rememberForReview(host: Pick<CheckpointHost, 'store' | 'settings' | 'now'>, input: RememberInput): Promise<Remembered> {
  return writeRememberedProposal(host.store, host.settings, input, host.now());
}

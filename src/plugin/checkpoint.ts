// A checkpoint as the plugin runs it, in two steps with a person in between: plan (distil the session and
// work out the note changes; nothing is written), then apply exactly the changes the person accepted. Both
// steps are the core's (src/core/checkpoint/workflow.ts); this only words the progress for a notice.
import { applyReviewed, planSession, type PlannedCheckpoint, type Progress } from '../core/checkpoint/workflow';
import type { Thread } from '../core/codex/thread';
import type { ApplyResult } from '../core/memory/apply';
import type { Plan } from '../core/memory/plan';
import type { DistillerKind } from '../core/settings';
import type { CodexMemoryHost } from './host';
import { servicesOf } from './services';

export type { PlannedCheckpoint, Progress };

export const DISTILLER_LABEL: Record<DistillerKind, string> = {
  offline: 'offline rules',
  openai: 'OpenAI-compatible model',
  codex: 'Codex CLI',
};

/** Distils the thread (with the configured distiller unless told otherwise) and plans the note changes. Writes no note. */
export async function planThread(
  host: CodexMemoryHost,
  thread: Thread,
  progress: Progress = () => undefined,
  kind: DistillerKind = host.settings.distiller,
): Promise<PlannedCheckpoint> {
  return planSession(await servicesOf(host).memoryHost(), thread, {
    distiller: kind,
    onProgress: progress,
    onStep: (step) => progress(step === 'distilling' ? `Distilling with the ${DISTILLER_LABEL[kind]}…` : 'Planning note changes…'),
    // Planned without the lock: the person may take minutes, or cancel, and a cancelled review must leave
    // no trace. Apply takes the lock, finishes any interrupted run and re-checks every note against the plan.
    look: true,
  });
}

/** Writes the accepted changes (each note only while it still reads as the plan saw it). */
export async function applyAccepted(host: CodexMemoryHost, plan: Plan, accepted: Iterable<string>): Promise<ApplyResult> {
  return applyReviewed(await servicesOf(host).memoryHost(), plan, accepted);
}

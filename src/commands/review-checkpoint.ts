// What every "checkpoint …" command does once it knows which session: distil and plan it with progress in the
// status bar and one updating notice, open the review modal, apply what the person accepts, and link the
// session note in a notice. Nothing is written before the person presses "Apply selected".
import { Notice, type App } from 'obsidian';
import type { Thread } from '../core/codex/thread';
import type { ApplyResult } from '../core/memory/apply';
import { applyAccepted, DISTILLER_LABEL, planThread } from '../plugin/checkpoint';
import type { CodexMemoryHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { Progress } from '../ui/progress';
import { ReviewModal } from '../ui/review-modal';
import { plural } from '../core/text';

/** A failure whose message already says what to do; shown as it is. */
export class CheckpointStop extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointStop';
  }
}

export type ThreadLoader = (progress: Progress) => Promise<Thread>;

function sessionLabel(thread: Thread): string {
  return thread.name ? `"${thread.name}"` : `session ${thread.id.slice(0, 8)}`;
}

/** The notice after applying: how much was written, a link to the session note, what was left out. */
export function noticeApplied(app: App, result: ApplyResult, sessionNote: string): Notice {
  const frag = createFragment();
  if (!result.checkpoint) {
    const why = result.skipped.map((s) => `${s.path}: ${s.reason}`).join('\n');
    frag.appendText(`Nothing was written.${why ? `\n${why}` : ''}`);
    return new Notice(frag, 0);
  }
  const n = result.applied.length;
  const m = result.written.length;
  frag.appendText(`Applied ${plural(n, 'change')} to ${plural(m, 'note')}. `);
  if (result.written.includes(sessionNote) || app.vault.getFileByPath(sessionNote)) {
    const link = frag.createEl('a', { text: 'Open the session note', href: '#', cls: 'codex-memory-notice-link' });
    link.addEventListener('click', (evt) => {
      evt.preventDefault();
      void app.workspace.openLinkText(sessionNote, '', true);
    });
  }
  if (result.skipped.length)
    frag.appendText(` ${result.skipped.length} not written: ${result.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}.`);
  return new Notice(frag, 15_000);
}

/**
 * Loads a thread, plans its checkpoint and opens the review. Resolves with what was applied, or null when
 * nothing was (cancelled, nothing to do, or a failure already reported in a notice).
 */
export async function reviewCheckpoint(host: CodexMemoryHost, load: ThreadLoader): Promise<ApplyResult | null> {
  const services = servicesOf(host);
  if (services.checkpointRunning) {
    new Notice('A checkpoint is already being prepared or reviewed; finish that one first.');
    return null;
  }
  services.checkpointRunning = true;
  const progress = new Progress(services.status);
  try {
    let planned;
    try {
      const thread = await load(progress);
      planned = await planThread(host, thread, (m) => progress.step(m));
    } finally {
      progress.done();
    }
    const { thread, plan, distiller } = planned;
    const modal = new ReviewModal(host.app, {
      plan,
      source: `Codex ${sessionLabel(thread)}, ${plural(thread.turns.length, 'turn')}, read by the ${DISTILLER_LABEL[distiller]}. Session note: ${plan.note}`,
      apply: (edited, accepted) => applyAccepted(host, edited, accepted),
    });
    modal.open();
    const result = await modal.result;
    if (result) noticeApplied(host.app, result, plan.note);
    return result;
  } catch (err) {
    const message = err instanceof CheckpointStop ? err.message : `Could not checkpoint: ${(err as Error).message} Nothing was written.`;
    new Notice(message, 0);
    return null;
  } finally {
    services.checkpointRunning = false;
  }
}

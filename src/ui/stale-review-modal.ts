// Review stale memory: what may no longer be true (a named file gone, a note not updated for long), what Codex
// is given and never cites, and what is marked superseded but still stands in a current section. Each entry
// has its one-click actions; each action is written as a checkpoint (src/core/memory/stale-review.ts), so
// "Undo last change" — the same undo as after a checkpoint — takes it back. Nothing here deletes a note.
import { Modal, Notice, type App } from 'obsidian';
import type { ReviewAction, StaleEntry, StaleReason } from '../core/memory/stale-review';
import type { NoteStats } from '../core/recall/usage';
import { plural } from '../core/text';

export interface StaleReviewActions {
  list(): Promise<StaleEntry[]>;
  /** Given and cited counts per note (the usage summary at the top). */
  stats(): Promise<NoteStats[]>;
  /** Takes the action; resolves to what a notice should say. Throws when nothing was written. */
  act(entry: StaleEntry, action: ReviewAction): Promise<string>;
  /** Undoes the last applied change (a checkpoint or an action here); resolves to what a notice should say. */
  undo(): Promise<string>;
  open(entry: StaleEntry): void;
}

const REASON_LABEL: Record<StaleReason, string> = { gone: 'File gone', old: 'Old', unused: 'Not used', superseded: 'Superseded' };
const ACTION_LABEL: Record<ReviewAction, string> = { tick: 'Mark done', supersede: 'Mark superseded', never: 'Never give to Codex' };

export class StaleReviewModal extends Modal {
  private listEl: HTMLElement | null = null;
  private summaryEl: HTMLElement | null = null;
  /** Settles when the list has been drawn (again). */
  rendered: Promise<void> = Promise.resolve();

  constructor(
    app: App,
    private readonly actions: StaleReviewActions,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle('Review stale memory');
    this.modalEl.addClass('codex-memory-stale-review');
    this.contentEl.empty();
    this.contentEl.createEl('p', {
      cls: 'codex-memory-muted',
      text: 'Memory that may no longer be true or is not used. Every change here can be undone like a checkpoint; nothing is deleted.',
    });
    this.summaryEl = this.contentEl.createDiv({ cls: 'codex-memory-muted' });
    const bar = this.contentEl.createDiv({ cls: 'codex-memory-proposal-actions' });
    bar.createEl('button', { text: 'Undo last change' }).addEventListener('click', () => void this.run(null, () => this.actions.undo()));
    this.listEl = this.contentEl.createDiv();
    void this.refresh();
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  refresh(): Promise<void> {
    this.rendered = Promise.all([this.actions.list(), this.actions.stats()]).then(
      ([entries, stats]) => this.draw(entries, stats),
      (err: Error) => {
        this.listEl?.empty();
        this.listEl?.createDiv({ cls: 'codex-memory-error', text: `Could not read the notes: ${err.message}` });
      },
    );
    return this.rendered;
  }

  private draw(entries: StaleEntry[], stats: NoteStats[]): void {
    const given = stats.filter((s) => s.given > 0);
    const cited = stats.filter((s) => s.cited > 0);
    this.summaryEl?.setText(
      given.length || cited.length
        ? `${plural(given.length, 'note')} given to Codex, ${cited.length} cited back (Memory used: [[note]]).`
        : 'No note has been given to Codex yet.',
    );
    const list = this.listEl;
    if (!list) return;
    list.empty();
    if (entries.length === 0) {
      list.createEl('p', { text: 'Nothing looks stale.' });
      return;
    }
    for (const entry of entries) {
      const card = list.createDiv({ cls: 'codex-memory-proposal' });
      card.dataset.id = entry.id;
      card.createDiv({ cls: 'codex-memory-proposal-title', text: entry.text ?? entry.path });
      const counts = entry.given !== undefined ? ` · given ${entry.given}, cited ${entry.cited ?? 0}` : '';
      card.createDiv({
        cls: 'codex-memory-muted',
        text: `${entry.text ? `${entry.path} · ` : ''}${entry.reasons.map((r) => `${REASON_LABEL[r.kind]}: ${r.detail}`).join(' · ')}${counts}`,
      });
      const error = card.createDiv({ cls: 'codex-memory-error' });
      const buttons = card.createDiv({ cls: 'codex-memory-proposal-actions' });
      for (const action of entry.actions) {
        buttons
          .createEl('button', { text: ACTION_LABEL[action] })
          .addEventListener('click', () => void this.run(error, () => this.actions.act(entry, action)));
      }
      buttons.createEl('button', { text: 'Open note' }).addEventListener('click', () => {
        this.close();
        this.actions.open(entry);
      });
    }
  }

  /** Runs one action; a failure is shown on its card (or in a notice) and changes nothing else. */
  private async run(errorEl: HTMLElement | null, action: () => Promise<string>): Promise<void> {
    errorEl?.setText('');
    try {
      new Notice(await action());
    } catch (err) {
      if (errorEl) errorEl.setText((err as Error).message);
      else new Notice((err as Error).message, 0);
      return;
    }
    await this.refresh();
  }
}

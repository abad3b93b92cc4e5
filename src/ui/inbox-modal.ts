// The memory inbox: what automatic checkpoints and Codex (through the MCP `remember` tool) proposed, waiting
// for the person. A remembered item can be reworded, sent to the note of their choice, or rejected; a
// proposed checkpoint opens the review modal. Rejected proposals go to the trash, after Obsidian's confirmation.
import { Modal, Notice, type App } from 'obsidian';
import { USAGE_REVIEW_SOURCE, type AcceptTarget, type Proposal } from '../core/checkpoint/inbox';
import { confirmDestructive, type ConfirmRequest } from './confirm';

export interface InboxActions {
  list(): Promise<Proposal[]>;
  targets(p: Proposal): Promise<AcceptTarget[]>;
  accept(p: Proposal, target: AcceptTarget, words: string): Promise<void>;
  /** Opens the review of a proposed checkpoint; true when something was applied (the proposal is then done). */
  review(p: Proposal): Promise<boolean>;
  reject(p: Proposal): Promise<void>;
  open(p: Proposal): void;
  /** Opens Review stale memory (for the suggestion to look at notes Codex does not use). */
  reviewStale(): void;
  /** Called after every change to the inbox (the status bar count). */
  changed(): void;
}

function sourceLabel(p: Proposal): string {
  const when = p.created ? ` on ${p.created.slice(0, 10)}` : '';
  if (p.source === 'auto-checkpoint') return `Automatic checkpoint of session ${p.thread?.slice(0, 8) ?? '?'}${when}`;
  if (p.source === USAGE_REVIEW_SOURCE) return `Notes Codex is given and does not use${when}`;
  if (p.source === 'mcp remember') return `Remembered by Codex${when}: ${p.kind ?? 'fact'}${p.subject ? ` about ${p.subject}` : ''}`;
  return `From ${p.source}${when}`;
}

export function rejectQuestion(p: Proposal): ConfirmRequest {
  return {
    title: 'Reject this proposal?',
    text: `"${p.title}" moves to the trash and nothing of it is added to your notes.`,
    action: 'Reject',
  };
}

export class InboxModal extends Modal {
  private listEl: HTMLElement | null = null;
  /** Settles when the list has been drawn (again). */
  rendered: Promise<void> = Promise.resolve();

  constructor(
    app: App,
    private readonly actions: InboxActions,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle('Memory inbox');
    this.modalEl.addClass('codex-memory-inbox');
    this.contentEl.empty();
    this.contentEl.createEl('p', {
      cls: 'codex-memory-muted',
      text: 'Proposed memories wait here until you accept, edit or reject them. Nothing in them is given to Codex until you accept it.',
    });
    this.listEl = this.contentEl.createDiv();
    void this.refresh();
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  refresh(): Promise<void> {
    this.rendered = this.actions.list().then(
      (items) => this.draw(items),
      (err: Error) => {
        this.listEl?.empty();
        this.listEl?.createDiv({ cls: 'codex-memory-error', text: `Could not read the inbox: ${err.message}` });
      },
    );
    return this.rendered;
  }

  private draw(items: Proposal[]): void {
    const list = this.listEl;
    if (!list) return;
    list.empty();
    if (items.length === 0) {
      list.createEl('p', { text: 'The inbox is empty.' });
      return;
    }
    for (const p of items) {
      const card = list.createDiv({ cls: 'codex-memory-proposal' });
      card.dataset.path = p.path;
      card.createDiv({ cls: 'codex-memory-proposal-title', text: p.title });
      card.createDiv({ cls: 'codex-memory-muted', text: sourceLabel(p) });
      // What the proposal says (and its words to edit) comes before its buttons, on the page and in Tab order.
      if (p.source === USAGE_REVIEW_SOURCE) card.createDiv({ cls: 'codex-memory-proposal-text', text: p.text });
      const area = p.source === 'auto-checkpoint' || p.source === USAGE_REVIEW_SOURCE ? null : this.wordsOf(card, p);
      const error = card.createDiv({ cls: 'codex-memory-error' });
      const buttons = card.createDiv({ cls: 'codex-memory-proposal-actions' });
      if (p.source === 'auto-checkpoint') {
        buttons.createEl('button', { cls: 'mod-cta', text: 'Review…' }).addEventListener(
          'click',
          () =>
            void this.run(error, async () => {
              if (await this.actions.review(p)) new Notice(`Applied; ${p.path} moved to the trash.`);
            }),
        );
      } else if (p.source === USAGE_REVIEW_SOURCE) {
        buttons.createEl('button', { cls: 'mod-cta', text: 'Review stale memory…' }).addEventListener('click', () => {
          this.close();
          this.actions.reviewStale();
        });
      } else if (area) {
        const select = buttons.createEl('select', { cls: 'dropdown' });
        select.setAttribute('aria-label', 'Note to add it to');
        const targets: AcceptTarget[] = [];
        void this.actions.targets(p).then((ts) => {
          targets.push(...ts);
          ts.forEach((t, i) => select.createEl('option', { text: t.label, value: String(i) }));
        });
        buttons.createEl('button', { cls: 'mod-cta', text: 'Accept' }).addEventListener(
          'click',
          () =>
            void this.run(error, async () => {
              const target = targets[Number(select.value)];
              if (!target) throw new Error('Pick the note to add it to.');
              await this.actions.accept(p, target, area.value);
              new Notice(`Added to ${target.path}.`);
            }),
        );
      }
      buttons.createEl('button', { cls: 'mod-warning', text: 'Reject' }).addEventListener('click', () => void this.reject(p, error));
      buttons.createEl('button', { text: 'Open note' }).addEventListener('click', () => {
        this.close();
        this.actions.open(p);
      });
    }
  }

  /** Asks first (Obsidian's confirmation dialog): a rejected proposal goes to the trash, with any words edited here. */
  private async reject(p: Proposal, errorEl: HTMLElement): Promise<void> {
    if (!(await confirmDestructive(this.app, rejectQuestion(p)))) return;
    await this.run(errorEl, () => this.actions.reject(p));
  }

  /** The remembered item's words, editable before it is accepted. */
  private wordsOf(card: HTMLElement, p: Proposal): HTMLTextAreaElement {
    const area = card.createEl('textarea', { cls: 'codex-memory-review-text' });
    area.value = p.text;
    area.rows = 3;
    area.setAttribute('aria-label', 'Text of the proposed memory');
    return area;
  }

  /** Runs one action; a failure is shown on its card and changes nothing else. */
  private async run(errorEl: HTMLElement, action: () => Promise<void>): Promise<void> {
    errorEl.setText('');
    try {
      await action();
    } catch (err) {
      errorEl.setText((err as Error).message);
      return;
    }
    this.actions.changed();
    await this.refresh();
  }
}

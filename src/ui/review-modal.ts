// The review modal: every change a checkpoint proposes, grouped by note, each with its operation, its diff,
// a checkbox and its words editable. "Apply selected" writes exactly the checked changes; "Cancel" (or
// closing the modal) writes nothing.
import { Modal, type App } from 'obsidian';
import type { ApplyResult } from '../core/memory/apply';
import type { Plan, PlannedChange } from '../core/memory/plan';
import { countsLine } from '../core/memory/plan-text';
import { dependentsOf, editableText, groupByNote, initialSelection, ReviewEditError, withEditedText } from '../plugin/review-state';
import { renderDiff } from './diff-view';

export interface ReviewOptions {
  plan: Plan;
  /** One line about where the plan came from (session, distiller). */
  source: string;
  /** Writes the accepted changes of the (possibly edited) plan. */
  apply(plan: Plan, accepted: string[]): Promise<ApplyResult>;
}

const OP_LABEL: Record<PlannedChange['op'], string> = {
  add: 'Add',
  update: 'Update',
  supersede: 'Supersede',
  create: 'New note',
  noop: 'Already known',
};

export class ReviewModal extends Modal {
  private plan: Plan;
  private readonly selected: Set<string>;
  private readonly boxes = new Map<string, HTMLInputElement>();
  private errorEl: HTMLElement | null = null;
  private applyButton: HTMLButtonElement | null = null;
  private settled = false;
  private resolveResult: (r: ApplyResult | null) => void = () => undefined;
  /** The apply result, or null when the person cancelled or closed the modal. */
  readonly result: Promise<ApplyResult | null>;

  constructor(
    app: App,
    private readonly options: ReviewOptions,
  ) {
    super(app);
    this.plan = options.plan;
    this.selected = initialSelection(options.plan);
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
  }

  override onOpen(): void {
    this.setTitle('Review checkpoint');
    this.modalEl.addClass('codex-memory-review');
    const { contentEl } = this;
    contentEl.empty();
    contentEl.createEl('p', { cls: 'codex-memory-review-source', text: this.options.source });
    contentEl.createEl('p', { cls: 'codex-memory-muted', text: countsLine(this.plan) });

    const groups = groupByNote(this.plan);
    const list = contentEl.createDiv({ cls: 'codex-memory-review-list' });
    if (!groups.some((g) => g.changes.length)) {
      list.createEl('p', { text: 'Nothing new: everything this session taught is already in your notes.' });
    }
    for (const group of groups) {
      const noteEl = list.createDiv({ cls: 'codex-memory-review-note' });
      noteEl.createEl('h3', { cls: 'codex-memory-review-path', text: group.path });
      for (const change of group.changes) this.renderChange(noteEl, change);
      if (group.known.length) {
        const known = noteEl.createDiv({ cls: 'codex-memory-review-known' });
        for (const c of group.known) {
          const row = known.createDiv({ cls: 'codex-memory-review-change is-known' });
          badge(row, c.op);
          row.createSpan({ cls: 'codex-memory-review-text', text: c.text ?? '' });
          if (c.reason) row.createSpan({ cls: 'codex-memory-muted', text: ` (${c.reason})` });
        }
      }
    }
    if (this.plan.skipped.length) {
      const skipped = contentEl.createDiv({ cls: 'codex-memory-review-skipped' });
      skipped.createEl('h3', { text: 'Left alone' });
      const ul = skipped.createEl('ul');
      for (const s of this.plan.skipped) ul.createEl('li', { text: `${s.path}: ${s.reason}${s.text ? ` ("${s.text}")` : ''}` });
    }

    this.errorEl = contentEl.createDiv({ cls: 'codex-memory-error' });
    const buttons = contentEl.createDiv({ cls: 'modal-button-container' });
    this.applyButton = buttons.createEl('button', { cls: 'mod-cta', text: 'Apply selected' });
    this.applyButton.addEventListener('click', () => void this.applySelected());
    buttons.createEl('button', { text: 'Cancel' }).addEventListener('click', () => this.close());
    this.refreshButton();
  }

  override onClose(): void {
    this.contentEl.empty();
    this.settle(null);
  }

  private renderChange(parent: HTMLElement, change: PlannedChange): void {
    const row = parent.createDiv({ cls: 'codex-memory-review-change' });
    row.dataset.change = change.id;
    const head = row.createDiv({ cls: 'codex-memory-review-head' });
    const box = head.createEl('input', { type: 'checkbox' });
    box.checked = this.selected.has(change.id);
    box.setAttribute('aria-label', `Apply change ${change.id}`);
    box.addEventListener('change', () => this.toggle(change.id, box.checked));
    this.boxes.set(change.id, box);
    badge(head, change.op);
    if (change.needsReview) head.createSpan({ cls: 'codex-memory-badge mod-warning', text: 'Needs review' });
    if (change.reason) head.createSpan({ cls: 'codex-memory-muted', text: change.reason });

    const editable = editableText(change);
    const diffEl = row.createEl('details', { cls: 'codex-memory-review-diff' });
    diffEl.createEl('summary', { text: 'Diff' });
    const diffBody = diffEl.createDiv();
    renderDiff(diffBody, change.diff);
    if (editable !== null) {
      const area = row.createEl('textarea', { cls: 'codex-memory-review-text' });
      area.value = editable;
      area.rows = change.edit.type === 'create' ? 8 : 2;
      area.setAttribute('aria-label', change.edit.type === 'create' ? 'Text of the new note' : 'Text of the item');
      area.addEventListener('change', () => this.reword(change.id, area, diffBody));
    }
    if (change.dependsOn) this.syncDependent(change.id);
  }

  private reword(id: string, area: HTMLTextAreaElement, diffBody: HTMLElement): void {
    try {
      this.plan = withEditedText(this.plan, id, area.value);
      area.removeClass('is-invalid');
      this.showError('');
      const now = this.plan.changes.find((c) => c.id === id)!;
      diffBody.empty();
      renderDiff(diffBody, now.diff);
    } catch (err) {
      if (!(err instanceof ReviewEditError)) throw err;
      area.addClass('is-invalid');
      this.showError(err.message);
    }
  }

  private toggle(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    for (const d of dependentsOf(this.plan, id)) this.syncDependent(d.id);
    this.refreshButton();
  }

  /** An item for a note another change creates can only be applied with that change. */
  private syncDependent(id: string): void {
    const change = this.plan.changes.find((c) => c.id === id);
    const box = this.boxes.get(id);
    if (!change?.dependsOn || !box) return;
    const parentOn = this.selected.has(change.dependsOn);
    box.disabled = !parentOn;
    if (!parentOn) {
      box.checked = false;
      this.selected.delete(id);
    }
  }

  private refreshButton(): void {
    if (!this.applyButton) return;
    const n = this.selected.size;
    this.applyButton.disabled = n === 0;
    this.applyButton.setText(n ? `Apply selected (${n})` : 'Apply selected');
  }

  private showError(message: string): void {
    this.errorEl?.setText(message);
  }

  private async applySelected(): Promise<void> {
    if (this.settled || this.selected.size === 0) return;
    const accepted = this.plan.changes.filter((c) => this.selected.has(c.id)).map((c) => c.id);
    if (this.applyButton) this.applyButton.disabled = true;
    try {
      const result = await this.options.apply(this.plan, accepted);
      this.settle(result);
      this.close();
    } catch (err) {
      // Nothing is lost: the modal stays open with the person's choices and words.
      this.showError(`Nothing was written: ${(err as Error).message}`);
      this.refreshButton();
    }
  }

  private settle(result: ApplyResult | null): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveResult(result);
  }
}

function badge(parent: HTMLElement, op: PlannedChange['op']): void {
  parent.createSpan({ cls: `codex-memory-badge codex-memory-op-${op}`, text: OP_LABEL[op] });
}

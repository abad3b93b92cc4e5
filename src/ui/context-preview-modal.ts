// The context preview: the notes a new Codex session for this task and project would be given, why each was
// chosen, and the token count against the budget. Per note, "Pin" (always include) and "Never" (never
// include) write `memory:` into the note's frontmatter; the preview is rebuilt at once. "Copy" puts the pack
// on the clipboard, ready to paste into Codex.
import { Modal, Notice, type App } from 'obsidian';
import { SECTION_TITLE } from '../core/recall/pack';
import type { ContextPack, MemoryMode, PackItem } from '../core/recall/types';

export interface PreviewSource {
  /** Builds the pack as the notes now are. */
  pack(): Promise<ContextPack>;
  /** The note's current `memory:` mode. */
  modeOf(path: string): MemoryMode;
  /** Writes `memory:` (auto removes the key) and brings the index up to date. */
  setMode(path: string, mode: MemoryMode): Promise<void>;
  /** Puts text on the clipboard. */
  copy(text: string): Promise<void>;
}

export class ContextPreviewModal extends Modal {
  private pack: ContextPack | null = null;
  /** Notes set to "never" here, still listed so the choice can be taken back. */
  private readonly excluded = new Set<string>();
  private bodyEl: HTMLElement | null = null;
  /** Settles when the preview has been drawn (again). */
  rendered: Promise<void> = Promise.resolve();

  constructor(
    app: App,
    private readonly title: string,
    private readonly source: PreviewSource,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle('Context preview');
    this.modalEl.addClass('codex-memory-preview');
    this.contentEl.empty();
    this.contentEl.createEl('p', { cls: 'codex-memory-muted', text: this.title });
    this.bodyEl = this.contentEl.createDiv();
    const buttons = this.contentEl.createDiv({ cls: 'modal-button-container' });
    buttons.createEl('button', { cls: 'mod-cta', text: 'Copy' }).addEventListener('click', () => void this.copy());
    buttons.createEl('button', { text: 'Close' }).addEventListener('click', () => this.close());
    void this.refresh();
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  get current(): ContextPack | null {
    return this.pack;
  }

  refresh(): Promise<void> {
    this.rendered = this.source.pack().then(
      (pack) => {
        this.pack = pack;
        this.draw();
      },
      (err: Error) => {
        this.bodyEl?.empty();
        this.bodyEl?.createDiv({ cls: 'codex-memory-error', text: `Could not build the context: ${err.message}` });
      },
    );
    return this.rendered;
  }

  private draw(): void {
    const body = this.bodyEl;
    const pack = this.pack;
    if (!body || !pack) return;
    body.empty();
    const meter = body.createDiv({ cls: 'codex-memory-budget' });
    meter.createSpan({ text: `${pack.tokens.toLocaleString('en-US')} of ${pack.budget.toLocaleString('en-US')} tokens` });
    const bar = meter.createEl('progress');
    bar.max = pack.budget;
    bar.value = pack.tokens;
    if (pack.project) body.createEl('p', { cls: 'codex-memory-muted', text: `Project: ${pack.project}` });
    if (pack.items.length === 0) body.createEl('p', { text: 'No notes would be given for this task and project.' });

    const byNote = new Map<string, PackItem[]>();
    for (const item of pack.items) byNote.set(item.path, [...(byNote.get(item.path) ?? []), item]);
    for (const [path, items] of byNote) {
      const noteEl = body.createDiv({ cls: 'codex-memory-preview-note' });
      const head = noteEl.createDiv({ cls: 'codex-memory-preview-head' });
      head.createSpan({ cls: 'codex-memory-preview-path', text: path });
      head.createSpan({ cls: 'codex-memory-badge', text: SECTION_TITLE[items[0].section] });
      this.toggles(head, path);
      const ul = noteEl.createEl('ul');
      for (const item of items) {
        const li = ul.createEl('li');
        li.createSpan({ text: item.text });
        li.createSpan({ cls: 'codex-memory-muted', text: ` (${item.why})` });
      }
    }
    const left = [...this.excluded].filter((p) => !byNote.has(p));
    if (left.length) {
      const out = body.createDiv({ cls: 'codex-memory-preview-excluded' });
      out.createEl('h3', { text: 'Never given to Codex' });
      for (const path of left) {
        const row = out.createDiv({ cls: 'codex-memory-preview-head' });
        row.createSpan({ cls: 'codex-memory-preview-path', text: path });
        this.toggles(row, path);
      }
    }
  }

  private toggles(parent: HTMLElement, path: string): void {
    const mode = this.source.modeOf(path);
    const group = parent.createDiv({ cls: 'codex-memory-toggles' });
    const button = (label: string, target: MemoryMode, help: string) => {
      const on = mode === target;
      const b = group.createEl('button', { text: label, cls: on ? 'is-active' : '' });
      b.setAttribute('aria-pressed', String(on));
      b.setAttribute('aria-label', on ? `Back to automatic for ${path}` : `${help} ${path}`);
      b.addEventListener('click', () => void this.setMode(path, on ? 'auto' : target));
    };
    button('Pin', 'pin', 'Always give Codex');
    button('Never', 'never', 'Never give Codex');
  }

  async setMode(path: string, mode: MemoryMode): Promise<void> {
    try {
      await this.source.setMode(path, mode);
    } catch (err) {
      new Notice(`Could not change ${path}: ${(err as Error).message}`, 0);
      return;
    }
    if (mode === 'never') this.excluded.add(path);
    await this.refresh();
  }

  private async copy(): Promise<void> {
    const pack = this.pack;
    if (!pack || pack.items.length === 0) {
      new Notice('There is nothing to copy for this task and project.');
      return;
    }
    try {
      await this.source.copy(pack.text);
      new Notice(`Context copied (${pack.tokens} tokens). Paste it into your Codex session.`);
      this.close();
    } catch (err) {
      new Notice(`Could not copy: ${(err as Error).message}`, 0);
    }
  }
}

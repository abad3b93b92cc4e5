// The plugin's status bar item: what a running checkpoint is doing, else how many proposals wait in the
// memory inbox (clicking it opens the inbox). Empty, and hidden by styles.css, when there is nothing to say.
export class MemoryStatusBar {
  private busy: string | null = null;
  private inbox = 0;

  constructor(
    private readonly el: HTMLElement,
    onClick: () => void,
  ) {
    el.addClass('codex-memory-status');
    el.addEventListener('click', () => {
      if (!this.busy && this.inbox > 0) onClick();
    });
    this.render();
  }

  /** Shows what a long task is doing; null when it is done. */
  setBusy(message: string | null): void {
    this.busy = message;
    this.render();
  }

  setInboxCount(count: number): void {
    this.inbox = count;
    this.render();
  }

  private render(): void {
    if (this.busy) {
      this.el.setText(`Codex Memory: ${this.busy}`);
      this.el.setAttribute('aria-label', this.busy);
    } else if (this.inbox > 0) {
      this.el.setText(`Memory inbox: ${this.inbox}`);
      this.el.setAttribute(
        'aria-label',
        `${this.inbox} proposed memor${this.inbox === 1 ? 'y waits' : 'ies wait'} for review; click to open the inbox`,
      );
    } else {
      this.el.setText('');
      this.el.removeAttribute('aria-label');
    }
    this.el.toggleClass('mod-clickable', !this.busy && this.inbox > 0);
  }
}

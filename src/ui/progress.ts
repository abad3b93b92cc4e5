// Progress of a long task, shown twice: in the status bar, and in one notice whose message is updated in
// place (a new notice per step would pile up).
import { Notice } from 'obsidian';
import type { MemoryStatusBar } from './status-bar';

export class Progress {
  private notice: Notice | null = null;

  constructor(private readonly status: MemoryStatusBar | null) {}

  step(message: string): void {
    this.status?.setBusy(message);
    if (this.notice) this.notice.setMessage(message);
    else this.notice = new Notice(message, 0);
  }

  done(): void {
    this.status?.setBusy(null);
    this.notice?.hide();
    this.notice = null;
  }
}

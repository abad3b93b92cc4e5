// Asks before a destructive action, with Obsidian's own confirmation dialog (1.13 ConfirmationModal): the
// action's button is styled as a warning, Escape or Cancel leaves everything as it was.
import { ConfirmationModal, type App } from 'obsidian';

export interface ConfirmRequest {
  title: string;
  text: string;
  /** The verb on the destructive button, e.g. "Undo". */
  action: string;
}

/** Resolves true once the person chose the action, false when they cancelled or closed the dialog. */
export function confirmDestructive(app: App, request: ConfirmRequest): Promise<boolean> {
  return new Promise((resolve) => {
    const modal = new ConfirmationModal(app);
    modal.setTitle(request.title);
    modal.contentEl.createEl('p', { text: request.text });
    modal.addButton((b) =>
      b
        .setButtonText(request.action)
        .setDestructive()
        .onClick(() => resolve(true)),
    );
    modal.addCancelButton();
    // Resolving twice is harmless: a chosen action has already resolved true before the dialog closes.
    modal.onClose = () => resolve(false);
    modal.open();
  });
}

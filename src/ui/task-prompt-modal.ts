// Asks what the next Codex session is for: the task in a few words, and which project it works in.
import { Modal, Setting, type App } from 'obsidian';

export interface TaskChoice {
  task: string;
  /** Vault path of the project note, or null for none. */
  project: string | null;
}

export class TaskPromptModal extends Modal {
  private task = '';
  private project: string | null;

  constructor(
    app: App,
    private readonly projects: { path: string; title: string }[],
    initialProject: string | null,
    private readonly onSubmit: (choice: TaskChoice) => void,
  ) {
    super(app);
    this.project = initialProject;
  }

  override onOpen(): void {
    this.setTitle('Context for a new Codex session');
    const { contentEl } = this;
    contentEl.empty();
    new Setting(contentEl)
      .setName('Task')
      .setDesc('What the session is for, in a few words. Empty: what matters for the project in general.')
      .addTextArea((t) => {
        t.setPlaceholder('Fix the flaky import test').onChange((v) => (this.task = v));
        t.inputEl.rows = 3;
        t.inputEl.addEventListener('keydown', (evt) => {
          if (evt.key === 'Enter' && (evt.metaKey || evt.ctrlKey)) this.submit();
        });
      });
    new Setting(contentEl)
      .setName('Project')
      .setDesc('Its project note, open TODOs and people come first.')
      .addDropdown((d) => {
        d.addOption('', 'No project');
        for (const p of this.projects) d.addOption(p.path, p.title);
        d.setValue(this.project ?? '').onChange((v) => (this.project = v || null));
      });
    new Setting(contentEl).addButton((b) =>
      b
        .setButtonText('Preview')
        .setCta()
        .onClick(() => this.submit()),
    );
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private submit(): void {
    this.close();
    this.onSubmit({ task: this.task.trim(), project: this.project });
  }
}

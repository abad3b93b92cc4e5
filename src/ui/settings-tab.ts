// The settings tab: folders, where Codex keeps its sessions, which distiller, recall and automatic
// checkpoints. Every change is validated and saved at once; a value that is not valid is explained under
// the setting and not saved. The API key is picked from Obsidian's SecretStorage, so only its name is
// stored in data.json.
import { PluginSettingTab, SecretComponent, Setting, type App, type Plugin } from 'obsidian';
import type { AutoCheckpoint, CodexMemorySettings, DistillerKind, FolderSettings } from '../core/settings';
import { checkFolderSetting, isHttpUrl, SETTING_LIMITS } from '../core/settings-migrate';
import type { CodexMemoryHost } from '../plugin/host';

const FOLDER_FIELDS: { key: keyof FolderSettings; name: string; desc: string }[] = [
  { key: 'people', name: 'People folder', desc: 'One note per person.' },
  { key: 'projects', name: 'Projects folder', desc: 'One note per workstream.' },
  { key: 'agent', name: 'Agent folder', desc: "The agent's own memory." },
  { key: 'sessions', name: 'Session notes folder', desc: 'One note per checkpointed Codex session.' },
  { key: 'inbox', name: 'Inbox folder', desc: 'Proposed changes waiting for review.' },
  { key: 'notes', name: 'Topic notes folder', desc: 'Lasting notes on topics.' },
  { key: 'todoFile', name: 'TODO.md note', desc: 'Where open tasks go.' },
  { key: 'preferencesFile', name: 'Agent preferences note', desc: 'How Codex should work; given to every session.' },
  { key: 'stateDir', name: 'State folder', desc: 'Program state. Start it with a dot to hide it from Obsidian.' },
];

const DISTILLERS: Record<DistillerKind, string> = {
  offline: 'Offline rules (no network, no key)',
  openai: 'OpenAI-compatible API',
  codex: 'Codex CLI (codex exec)',
};

const AUTO_CHECKPOINT: Record<AutoCheckpoint, string> = {
  off: 'Off',
  inbox: 'Propose changes in the inbox',
  apply: 'Apply changes directly',
};

type Host = CodexMemoryHost & Plugin;

// Imperative on purpose: the declarative settings API needs Obsidian 1.13 and minAppVersion is 1.11.4.
export class CodexMemorySettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly host: Host,
  ) {
    super(app, host);
  }

  display(): void {
    const { containerEl } = this;
    containerEl.empty();

    new Setting(containerEl).setName('Folders').setHeading();
    containerEl.createEl('p', {
      cls: 'setting-item-description',
      text: 'Changing a folder does not move existing notes; move them yourself, then change the setting.',
    });
    for (const field of FOLDER_FIELDS) this.folderSetting(field.key, field.name, field.desc);

    new Setting(containerEl).setName('Codex sessions').setHeading();
    this.textSetting(
      'CODEX_HOME',
      'Where Codex keeps its sessions. Empty: $CODEX_HOME, else ~/.codex.',
      this.host.settings.codexHome,
      '~/.codex',
      (v) => {
        this.host.settings.codexHome = v.trim();
        return null;
      },
    );

    new Setting(containerEl).setName('Distiller').setHeading();
    this.choiceSetting(
      'Distiller',
      'How a finished session is turned into proposed notes. Only the offline rules work without a network.',
      'distiller',
      DISTILLERS,
    );
    this.textSetting(
      'Base URL',
      'OpenAI-compatible endpoint, used only by the OpenAI-compatible distiller.',
      this.host.settings.openaiBaseUrl,
      'https://api.openai.com/v1',
      (v) => {
        if (!isHttpUrl(v.trim())) return 'Enter an http:// or https:// address.';
        this.host.settings.openaiBaseUrl = v.trim();
        return null;
      },
    );
    this.textSetting('Model', 'Model name sent to that endpoint.', this.host.settings.openaiModel, 'gpt-4.1-mini', (v) => {
      if (!v.trim()) return 'Enter a model name.';
      this.host.settings.openaiModel = v.trim();
      return null;
    });
    new Setting(containerEl)
      .setName('API key')
      .setDesc("Kept in Obsidian's secret storage, never in the plugin's settings file. The command line reads its key from the environment instead.")
      .addComponent((el) =>
        new SecretComponent(this.app, el).setValue(this.host.settings.apiKeySecretName).onChange(async (name) => {
          if (!name) return;
          this.host.settings.apiKeySecretName = name;
          await this.host.saveSettings();
        }),
      );
    this.numberSetting('Token limit per checkpoint', 'Most tokens of a session sent to a model in one checkpoint.', 'checkpointTokenCap');

    new Setting(containerEl).setName('Recall').setHeading();
    this.numberSetting('Context budget', 'Most tokens of memory handed to a new Codex session.', 'contextBudget');
    this.toggleSetting(
      'Memory for each prompt',
      'With the Codex hooks installed, add the notes relevant to each prompt that the session has not been given yet.',
      'promptRecall',
    );
    this.numberSetting('Budget per prompt', 'Most tokens of memory one prompt adds.', 'promptBudget');
    this.toggleSetting(
      'Embeddings',
      'Also rank notes by meaning, using the embeddings endpoint of the OpenAI-compatible API. Off: keyword ranking only, fully offline.',
      'embeddings',
    );
    this.textSetting('Embeddings model', 'Model used for embeddings.', this.host.settings.embeddingsModel, 'text-embedding-3-small', (v) => {
      if (!v.trim()) return 'Enter a model name.';
      this.host.settings.embeddingsModel = v.trim();
      return null;
    });

    new Setting(containerEl).setName('Automatic checkpoints').setHeading();
    this.choiceSetting(
      'When a session finishes',
      'What to do with sessions that finished while you were away (from Codex hooks or the watcher).',
      'autoCheckpoint',
      AUTO_CHECKPOINT,
    );
    this.toggleSetting('Watch for finished sessions', 'Look in CODEX_HOME now and then for sessions that finished.', 'watcherEnabled');
    this.numberSetting('Check every (minutes)', 'How often the watcher looks.', 'watcherIntervalMinutes');
  }

  /** A text setting that saves when `apply` accepts the value and shows its complaint otherwise. */
  private textSetting(name: string, desc: string, value: string, placeholder: string, apply: (v: string) => string | null): Setting {
    const setting = new Setting(this.containerEl).setName(name).setDesc(desc);
    const error = setting.descEl.createDiv({ cls: 'codex-memory-setting-error' });
    setting.addText((t) =>
      t
        .setPlaceholder(placeholder)
        .setValue(value)
        .onChange(async (v) => {
          const problem = apply(v);
          error.setText(problem ?? '');
          if (!problem) await this.host.saveSettings();
        }),
    );
    return setting;
  }

  private choiceSetting<K extends 'distiller' | 'autoCheckpoint'>(
    name: string,
    desc: string,
    key: K,
    choices: Record<CodexMemorySettings[K], string>,
  ): void {
    new Setting(this.containerEl)
      .setName(name)
      .setDesc(desc)
      .addDropdown((d) => {
        d.addOptions(choices);
        d.setValue(this.host.settings[key]).onChange(async (v) => {
          this.host.settings[key] = v as CodexMemorySettings[K];
          await this.host.saveSettings();
        });
      });
  }

  private toggleSetting(name: string, desc: string, key: 'embeddings' | 'watcherEnabled' | 'promptRecall'): void {
    new Setting(this.containerEl)
      .setName(name)
      .setDesc(desc)
      .addToggle((t) =>
        t.setValue(this.host.settings[key]).onChange(async (v) => {
          this.host.settings[key] = v;
          await this.host.saveSettings();
        }),
      );
  }

  private folderSetting(key: keyof FolderSettings, name: string, desc: string): void {
    this.textSetting(name, desc, this.host.settings.folders[key], this.host.settings.folders[key], (v) => {
      const checked = checkFolderSetting(key, v);
      if ('problem' in checked) return checked.problem;
      this.host.settings.folders = { ...this.host.settings.folders, [key]: checked.path };
      return null;
    });
  }

  private numberSetting(name: string, desc: string, key: keyof typeof SETTING_LIMITS): void {
    const { min, max } = SETTING_LIMITS[key];
    this.textSetting(name, desc, String(this.host.settings[key]), String(min), (v) => {
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) return `Enter a whole number from ${min} to ${max}.`;
      this.host.settings[key] = n;
      return null;
    });
  }
}

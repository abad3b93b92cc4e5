// The settings tab, declared (Obsidian 1.13 `getSettingDefinitions`): Obsidian draws it, puts every row in
// its settings search, and calls `validate` before it saves; a value that is not valid is explained under the
// setting and not saved. Values are read and written through getControlValue / setControlValue, which know
// the nested folder settings and save at once. The API key is picked from Obsidian's SecretStorage, so only
// its name is stored in data.json.
import { PluginSettingTab, SecretComponent, type App, type Plugin, type SettingDefinition, type SettingDefinitionItem } from 'obsidian';
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

const FOLDER_PREFIX = 'folders.';
type Host = CodexMemoryHost & Plugin;
type NumberKey = keyof typeof SETTING_LIMITS;
type TextKey = 'codexHome' | 'openaiBaseUrl' | 'openaiModel' | 'embeddingsModel';
type ToggleKey = 'embeddings' | 'watcherEnabled' | 'promptRecall' | 'recallServer';

const trimmed = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const required = (v: string): string | void => (v.trim() ? undefined : 'Enter a model name.');

export class CodexMemorySettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly host: Host,
  ) {
    super(app, host);
  }

  override getSettingDefinitions(): SettingDefinitionItem[] {
    return [
      {
        type: 'group',
        heading: 'Folders',
        items: [
          { name: 'Moving notes', desc: 'Changing a folder does not move existing notes; move them yourself, then change the setting.' },
          ...FOLDER_FIELDS.map((f) => this.folder(f.key, f.name, f.desc)),
        ],
      },
      {
        type: 'group',
        heading: 'Codex sessions',
        items: [this.text('codexHome', 'CODEX_HOME', 'Where Codex keeps its sessions. Empty: $CODEX_HOME, else ~/.codex.', '~/.codex')],
      },
      {
        type: 'group',
        heading: 'Distiller',
        items: [
          this.choice(
            'distiller',
            'Distiller',
            'How a finished session is turned into proposed notes. Only the offline rules work without a network.',
            DISTILLERS,
          ),
          this.text(
            'openaiBaseUrl',
            'Base URL',
            'OpenAI-compatible endpoint, used only by the OpenAI-compatible distiller.',
            'https://api.openai.com/v1',
            (v) => (isHttpUrl(v.trim()) ? undefined : 'Enter an http:// or https:// address.'),
          ),
          this.text('openaiModel', 'Model', 'Model name sent to that endpoint.', 'gpt-4.1-mini', required),
          {
            name: 'API key',
            desc: "Kept in Obsidian's secret storage, never in the plugin's settings file. The command line reads its key from the environment instead.",
            aliases: ['secret', 'OpenAI key'],
            render: (setting) => {
              setting.addComponent((el) =>
                new SecretComponent(this.app, el).setValue(this.host.settings.apiKeySecretName).onChange(async (name) => {
                  if (!name) return;
                  this.host.settings.apiKeySecretName = name;
                  await this.host.saveSettings();
                }),
              );
            },
          },
          this.number('checkpointTokenCap', 'Token limit per checkpoint', 'Most tokens of a session sent to a model in one checkpoint.'),
        ],
      },
      {
        type: 'group',
        heading: 'Recall',
        items: [
          this.number('contextBudget', 'Context budget', 'Most tokens of memory handed to a new Codex session.'),
          this.toggle(
            'promptRecall',
            'Memory for each prompt',
            'With the Codex hooks installed, add the notes relevant to each prompt that the session has not been given yet.',
          ),
          this.number('promptBudget', 'Budget per prompt', 'Most tokens of memory one prompt adds.'),
          this.toggle(
            'recallServer',
            'Keep recall warm between prompts',
            'The Codex hooks start a background process that answers them quickly and exits after 15 minutes without a prompt. Off: each hook loads the index itself.',
          ),
          this.number('staleAfterDays', 'Stale after (days)', 'An item older than this shows its date when it is given to Codex.'),
          this.toggle(
            'embeddings',
            'Embeddings',
            'Also rank notes by meaning, using the embeddings endpoint of the OpenAI-compatible API. Off: keyword ranking only, fully offline.',
          ),
          this.text('embeddingsModel', 'Embeddings model', 'Model used for embeddings.', 'text-embedding-3-small', required),
        ],
      },
      {
        type: 'group',
        heading: 'Automatic checkpoints',
        items: [
          this.choice(
            'autoCheckpoint',
            'When a session finishes',
            'What to do with sessions that finished while you were away (from Codex hooks or the watcher).',
            AUTO_CHECKPOINT,
          ),
          this.toggle('watcherEnabled', 'Watch for finished sessions', 'Look in CODEX_HOME now and then for sessions that finished.'),
          this.number('watcherIntervalMinutes', 'Check every (minutes)', 'How often the watcher looks.'),
        ],
      },
    ];
  }

  /** Folder settings are nested (`folders.people`); the rest are top-level keys of the settings. */
  override getControlValue(key: string): unknown {
    const s = this.host.settings;
    if (key.startsWith(FOLDER_PREFIX)) return s.folders[key.slice(FOLDER_PREFIX.length) as keyof FolderSettings];
    return (s as unknown as Record<string, unknown>)[key];
  }

  /** Called by Obsidian after `validate` accepted the value: store it in its clean form and save. */
  override async setControlValue(key: string, value: unknown): Promise<void> {
    const s = this.host.settings;
    if (key.startsWith(FOLDER_PREFIX)) {
      const field = key.slice(FOLDER_PREFIX.length) as keyof FolderSettings;
      const checked = checkFolderSetting(field, trimmed(value));
      if ('problem' in checked) return;
      s.folders = { ...s.folders, [field]: checked.path };
    } else if (key in SETTING_LIMITS) {
      const n = Number(value);
      const { min, max } = SETTING_LIMITS[key as NumberKey];
      if (!Number.isInteger(n) || n < min || n > max) return;
      s[key as NumberKey] = n;
    } else if (typeof value === 'string') {
      (s as unknown as Record<string, unknown>)[key] = key === 'distiller' || key === 'autoCheckpoint' ? value : value.trim();
    } else {
      (s as unknown as Record<string, unknown>)[key] = value;
    }
    await this.host.saveSettings();
  }

  private folder(key: keyof FolderSettings, name: string, desc: string): SettingDefinition {
    const isFolder = key !== 'todoFile' && key !== 'preferencesFile' && key !== 'stateDir';
    const validate = (v: string): string | void => {
      const checked = checkFolderSetting(key, v);
      return 'problem' in checked ? checked.problem : undefined;
    };
    const placeholder = this.host.settings.folders[key];
    return {
      name,
      desc,
      control: isFolder
        ? { type: 'folder', key: `${FOLDER_PREFIX}${key}`, placeholder, validate }
        : { type: 'text', key: `${FOLDER_PREFIX}${key}`, placeholder, validate },
    };
  }

  private text(key: TextKey, name: string, desc: string, placeholder: string, validate?: (v: string) => string | void): SettingDefinition {
    return { name, desc, control: { type: 'text', key, placeholder, validate } };
  }

  private number(key: NumberKey, name: string, desc: string): SettingDefinition {
    const { min, max } = SETTING_LIMITS[key];
    const validate = (n: number): string | void =>
      Number.isInteger(n) && n >= min && n <= max ? undefined : `Enter a whole number from ${min} to ${max}.`;
    return { name, desc, control: { type: 'number', key, min, max, step: 1, placeholder: String(min), validate } };
  }

  private toggle(key: ToggleKey, name: string, desc: string): SettingDefinition {
    return { name, desc, control: { type: 'toggle', key } };
  }

  private choice<K extends 'distiller' | 'autoCheckpoint'>(
    key: K,
    name: string,
    desc: string,
    options: Record<CodexMemorySettings[K], string>,
  ): SettingDefinition {
    return { name, desc, control: { type: 'dropdown', key, options } };
  }
}

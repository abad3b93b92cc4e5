// Settings shared by the plugin and the CLI. Every vault folder is a setting (docs/architecture.md, The vault).

export type DistillerKind = 'offline' | 'openai' | 'codex';
export type AutoCheckpoint = 'off' | 'inbox' | 'apply';

export interface FolderSettings {
  people: string;
  projects: string;
  agent: string;
  sessions: string;
  inbox: string;
  notes: string;
  todoFile: string;
  preferencesFile: string;
  stateDir: string;
}

export interface CodexMemorySettings {
  version: number;
  folders: FolderSettings;
  /** Empty means: $CODEX_HOME, else ~/.codex. */
  codexHome: string;
  distiller: DistillerKind;
  openaiBaseUrl: string;
  openaiModel: string;
  /** Name of the secret in Obsidian's SecretStorage that holds the API key (never the key itself). */
  apiKeySecretName: string;
  /** Upper bound on tokens sent to a model for one checkpoint. */
  checkpointTokenCap: number;
  contextBudget: number;
  /** A packed item whose note is older than this many days shows its date (src/core/recall/stale.ts). */
  staleAfterDays: number;
  /** The UserPromptSubmit hook: notes relevant to each prompt that the session does not hold yet. */
  promptRecall: boolean;
  /** Upper bound on tokens one prompt adds. */
  promptBudget: number;
  /**
   * The recall hooks keep a background process warm between prompts (src/node/recall-server/), which answers
   * them in a fraction of the time; off: every hook works alone.
   */
  recallServer: boolean;
  autoCheckpoint: AutoCheckpoint;
  watcherEnabled: boolean;
  watcherIntervalMinutes: number;
  embeddings: boolean;
  embeddingsModel: string;
}

export const SETTINGS_VERSION = 1;

export const DEFAULT_FOLDERS: FolderSettings = {
  people: 'people',
  projects: 'projects',
  agent: 'agent',
  sessions: 'agent/sessions',
  inbox: 'agent/inbox',
  notes: 'notes',
  todoFile: 'TODO.md',
  preferencesFile: 'agent/preferences.md',
  stateDir: '.codex-memory',
};

export const DEFAULT_SETTINGS: CodexMemorySettings = {
  version: SETTINGS_VERSION,
  folders: DEFAULT_FOLDERS,
  codexHome: '',
  distiller: 'offline',
  openaiBaseUrl: 'https://api.openai.com/v1',
  openaiModel: 'gpt-4.1-mini',
  apiKeySecretName: 'codex-memory-openai-api-key',
  checkpointTokenCap: 60000,
  contextBudget: 2000,
  staleAfterDays: 90,
  promptRecall: true,
  promptBudget: 600,
  recallServer: true,
  autoCheckpoint: 'off',
  watcherEnabled: false,
  watcherIntervalMinutes: 5,
  embeddings: false,
  embeddingsModel: 'text-embedding-3-small',
};

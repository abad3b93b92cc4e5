// What commands, views and the settings tab may use of the plugin. They depend on this, not on main.ts,
// so each can be tested with a real plugin instance or a small stand-in.
import type { App, Plugin } from 'obsidian';
import type { CodexMemorySettings } from '../core/settings';
import type { ObsidianVault } from '../obsidian/open-vault';

export interface CodexMemoryHost {
  readonly app: App;
  settings: CodexMemorySettings;
  /** Writes settings to data.json (never the API key). */
  saveSettings(): Promise<void>;
  /** Vault and state stores for the current settings; cheap, make one per operation. */
  openVault(): ObsidianVault;
  /** The OpenAI-compatible API key from Obsidian's SecretStorage, or null when none is set. */
  apiKey(): string | null;
  /** Runs heavy start-up work (index, watcher) once the workspace is ready, never during onload. */
  whenLayoutReady(task: () => unknown): void;
  /** A file shipped beside main.js (e.g. recall-worker.js), read as text; null when it is not there. */
  pluginFile?(name: string): Promise<string | null>;
}

/** The host plus the Plugin methods that register things (released on unload). */
export type CodexMemoryPluginHost = CodexMemoryHost &
  Pick<Plugin, 'addCommand' | 'addRibbonIcon' | 'addStatusBarItem' | 'register' | 'registerCliHandler' | 'registerEvent' | 'registerInterval'>;

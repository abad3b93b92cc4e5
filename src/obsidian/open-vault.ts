// The plugin's counterpart of src/node/open-vault.ts: the same two interfaces over app.vault.
import type { App } from 'obsidian';
import type { CodexMemorySettings } from '../core/settings';
import type { LockTiming } from '../core/vault/lock-info';
import { ObsidianStateStore } from './state-store';
import { ObsidianVaultStore } from './vault-store';

export interface ObsidianVault {
  store: ObsidianVaultStore;
  state: ObsidianStateStore;
  settings: CodexMemorySettings;
}

export function openObsidianVault(app: App, settings: CodexMemorySettings, lock?: LockTiming): ObsidianVault {
  const stateDir = settings.folders.stateDir;
  return {
    store: new ObsidianVaultStore(app, { stateDir, lock }),
    state: new ObsidianStateStore(app.vault.adapter, stateDir),
    settings,
  };
}

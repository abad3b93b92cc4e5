// Codex Memory for Obsidian: lifecycle and wiring only. onload reads settings and registers things;
// it touches no notes. Anything heavy waits for the workspace (whenLayoutReady).
import { FileSystemAdapter, normalizePath, Plugin } from 'obsidian';
import { registerCommands, registerRibbon } from './commands';
import type { CodexMemorySettings } from './core/settings';
import { migrateSettings, settingsForSaving } from './core/settings-migrate';
import { setPluginFolder } from './obsidian/lazy/bundle';
import { openObsidianVault, type ObsidianVault } from './obsidian/open-vault';
import type { CodexMemoryPluginHost } from './plugin/host';
import { startServices } from './plugin/services';
import { CodexMemorySettingTab } from './ui/settings-tab';

export default class CodexMemoryPlugin extends Plugin implements CodexMemoryPluginHost {
  override settings: CodexMemorySettings = migrateSettings(undefined);

  override async onload(): Promise<void> {
    // Only a getter: lazy.js (tokenizer, model distillers) is read the first time it is needed.
    setPluginFolder(() => {
      const adapter = this.app.vault.adapter;
      return adapter instanceof FileSystemAdapter ? `${adapter.getBasePath()}/${this.pluginDir()}` : null;
    });
    await this.loadSettings();
    registerCommands(this);
    registerRibbon(this);
    startServices(this);
    this.addSettingTab(new CodexMemorySettingTab(this.app, this));
  }

  /** data.json changed on disk (a sync, another device): take the new settings. */
  override async onExternalSettingsChange(): Promise<void> {
    await this.loadSettings();
  }

  async loadSettings(): Promise<void> {
    this.settings = migrateSettings(await this.loadData());
  }

  async saveSettings(): Promise<void> {
    await this.saveData(settingsForSaving(this.settings));
  }

  /** The plugin's folder, relative to the vault (where main.js and the files beside it are). */
  private pluginDir(): string {
    return this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`;
  }

  async pluginFile(name: string): Promise<string | null> {
    try {
      return await this.app.vault.adapter.read(normalizePath(`${this.pluginDir()}/${name}`));
    } catch {
      return null;
    }
  }

  openVault(): ObsidianVault {
    return openObsidianVault(this.app, this.settings);
  }

  apiKey(): string | null {
    return this.app.secretStorage.getSecret(this.settings.apiKeySecretName) || null;
  }

  whenLayoutReady(task: () => unknown): void {
    this.app.workspace.onLayoutReady(() => {
      Promise.resolve()
        .then(task)
        .catch((err: unknown) => console.error('Codex Memory: start-up task failed', err));
    });
  }
}

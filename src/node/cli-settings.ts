// The CLI reads the plugin's own settings when the vault has them, so both write to the same folders.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { migrateSettings } from '../core/settings-migrate';
import type { CodexMemorySettings } from '../core/settings';

export const PLUGIN_ID = 'codex-memory';

/** Obsidian's config folder unless the person renamed it; the CLI has no Vault#configDir to ask. */
export const DEFAULT_CONFIG_DIR = '.obsidian';

/** `<vault>/<configDir>/plugins/codex-memory/data.json`; configDir is `.obsidian` unless Obsidian was told otherwise. */
export function pluginDataPath(vaultDir: string, configDir = DEFAULT_CONFIG_DIR): string {
  return path.join(vaultDir, configDir, 'plugins', PLUGIN_ID, 'data.json');
}

export interface LoadedCliSettings {
  settings: CodexMemorySettings;
  /** The data.json that was read, or null when the defaults were used. */
  source: string | null;
  /** Set when data.json exists but could not be read or parsed (the defaults were used). */
  problem?: string;
}

/** Settings for the CLI, with where they came from; never throws for a missing or broken data.json. */
export async function loadCliSettingsWithSource(vaultDir: string, configDir = DEFAULT_CONFIG_DIR): Promise<LoadedCliSettings> {
  const file = pluginDataPath(vaultDir, configDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { settings: migrateSettings(undefined), source: null };
    return { settings: migrateSettings(undefined), source: null, problem: `${file}: ${(err as Error).message}` };
  }
  try {
    return { settings: migrateSettings(JSON.parse(text) as unknown), source: file };
  } catch (err) {
    return { settings: migrateSettings(undefined), source: null, problem: `${file} is not valid JSON (${(err as Error).message})` };
  }
}

// The one way Node code (every CLI command, the MCP server, the hooks) opens a vault.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CodexMemorySettings } from '../core/settings';
import type { StateStore } from '../core/vault/store';
import { loadCliSettingsWithSource } from './cli-settings';
import type { LockOptions } from './lock';
import { NodeStateStore } from './state-store';
import { NodeVaultStore } from './vault-store';

export interface NodeVault {
  /** Absolute, symlink-resolved vault folder. */
  root: string;
  store: NodeVaultStore;
  state: StateStore;
  settings: CodexMemorySettings;
  /** Set when the plugin's data.json exists but could not be used (the defaults were); worth a warning. */
  settingsProblem?: string;
}

export interface OpenVaultOptions {
  /** Create the vault folder when it does not exist (only `init` wants this). */
  create?: boolean;
  /** Base for a relative `dir` (the CLI passes io.cwd). Default: process.cwd(). */
  cwd?: string;
  lock?: LockOptions;
}

/** The vault folder is missing or is not a folder. */
export class VaultNotFoundError extends Error {
  constructor(
    readonly dir: string,
    detail: string,
  ) {
    super(`${detail}: ${dir}. Create one with: codex-memory init --vault ${JSON.stringify(dir)}`);
    this.name = 'VaultNotFoundError';
  }
}

/**
 * Opens the vault at `dir`. Settings default to the plugin's data.json in that vault (so the CLI uses the
 * folders the person chose in Obsidian), else the defaults.
 */
export async function openNodeVault(dir: string, settings?: CodexMemorySettings, options: OpenVaultOptions = {}): Promise<NodeVault> {
  const wanted = path.resolve(options.cwd ?? process.cwd(), dir);
  if (options.create) await fs.mkdir(wanted, { recursive: true });
  let root: string;
  try {
    root = await fs.realpath(wanted);
    if (!(await fs.stat(root)).isDirectory()) throw new VaultNotFoundError(wanted, 'Not a folder');
  } catch (err) {
    if (err instanceof VaultNotFoundError) throw err;
    throw new VaultNotFoundError(wanted, 'No vault folder');
  }
  const loaded = settings ? { settings, problem: undefined } : await loadCliSettingsWithSource(root);
  const resolved = loaded.settings;
  const store = new NodeVaultStore(root, { stateDir: resolved.folders.stateDir, lock: options.lock, lockOwner: 'codex-memory cli' });
  const state = new NodeStateStore(path.join(root, ...store.stateDir.split('/')), root);
  return { root, store, state, settings: resolved, ...(loaded.problem ? { settingsProblem: loaded.problem } : {}) };
}

// The long-lived parts of the plugin that commands share: the status bar, the recall index, the inbox count
// and the watcher. startServices() is called from onload and only registers things; everything that reads
// the vault or CODEX_HOME waits for the workspace to be ready, and every listener and timer is registered
// with the plugin, so unloading releases all of them.
import { TFile, type TAbstractFile } from 'obsidian';
import { isWithin } from '../core/vault/paths';
import { desktopCodex } from '../obsidian/desktop-codex';
import { VaultIndex } from '../obsidian/vault-index';
import { INDEX_WORKER_FILE } from '../obsidian/index-worker/protocol';
import { problemLogLine, type IndexProblem } from '../core/recall/memory-index';
import { LOG_FILE, logLine } from '../core/delivery/log-file';
import { MemoryStatusBar } from '../ui/status-bar';
import type { CodexMemoryHost, CodexMemoryPluginHost } from './host';
import { listProposals } from '../core/checkpoint/inbox';
import type { MemoryHost } from '../core/host';
import { pluginMemoryHost } from './memory-host';
import { followRename } from './ledger-renames';
import { SessionWatcher } from './watcher';

/** How often the watcher's heartbeat looks whether its interval has passed. */
export const HEARTBEAT_MS = 60_000;

export class PluginServices {
  status: MemoryStatusBar | null = null;
  readonly index: VaultIndex;
  readonly watcher: SessionWatcher;
  /** Set while a checkpoint is being prepared or reviewed, so a second click does not start another. */
  checkpointRunning = false;
  /** Opens the memory inbox (set by the commands, used by the status bar). */
  openInbox: () => void = () => undefined;

  constructor(private readonly host: CodexMemoryHost) {
    this.index = new VaultIndex(
      host.app,
      () => host.settings.folders.stateDir,
      (problems) => this.logProblems(problems),
      { code: () => host.pluginFile?.(INDEX_WORKER_FILE) ?? Promise.resolve(null) },
    );
    this.watcher = new SessionWatcher(
      host,
      async () => (await desktopCodex()).sessions(host.settings.codexHome),
      (now) => this.memoryHost(now),
      () => void this.refreshInbox(),
    );
  }

  /** The same log the hooks and the command line write (`.codex-memory/log`), one line per broken note. */
  private async logProblems(problems: IndexProblem[]): Promise<void> {
    const state = this.host.openVault().state;
    const now = new Date();
    for (const p of problems) await state.appendState(LOG_FILE, logLine(problemLogLine(p), now));
  }

  /** The host the core workflows take, for one operation (the clock fixed when given). */
  memoryHost(now?: () => Date): Promise<MemoryHost> {
    return pluginMemoryHost(this.host, { index: () => this.index.get(), now });
  }

  /** Counts the pending proposals and shows the count in the status bar. */
  async refreshInbox(): Promise<number> {
    const vault = this.host.openVault();
    const count = (await listProposals(vault.store, vault.settings)).length;
    this.status?.setInboxCount(count);
    return count;
  }

  private inInbox(path: string): boolean {
    return isWithin(path, this.host.settings.folders.inbox);
  }

  /** A vault event: keep the index current, follow renames in the ledger, recount the inbox. */
  async noteEvent(kind: 'modify' | 'create' | 'delete' | 'rename', file: TAbstractFile, oldPath?: string): Promise<void> {
    if (kind === 'delete') this.index.deleted(file);
    else if (kind === 'rename') await this.index.renamed(file, oldPath ?? file.path);
    else await this.index.changed(file);
    if (kind === 'rename' && oldPath && file instanceof TFile && file.extension === 'md') {
      await followRename(this.host.openVault(), oldPath, file.path);
    }
    if (this.inInbox(file.path) || (oldPath !== undefined && this.inInbox(oldPath))) await this.refreshInbox();
  }
}

const running = new WeakMap<CodexMemoryHost, PluginServices>();

/** The services of this plugin instance (made on first use; a host that never started gets them too). */
export function servicesOf(host: CodexMemoryHost): PluginServices {
  let s = running.get(host);
  if (!s) {
    s = new PluginServices(host);
    running.set(host, s);
  }
  return s;
}

function report(what: string) {
  return (err: unknown) => console.error(`Codex Memory: ${what} failed`, err);
}

/** Called from onload: a status bar item now, vault events and the heartbeat once the layout is ready. */
export function startServices(plugin: CodexMemoryPluginHost): PluginServices {
  const services = servicesOf(plugin);
  services.status = new MemoryStatusBar(plugin.addStatusBarItem(), () => services.openInbox());
  let unloaded = false;
  plugin.register(() => {
    unloaded = true;
    running.delete(plugin);
  });
  plugin.whenLayoutReady(async () => {
    // Registered only now: the vault's start-up "create" storm is not ours to index one by one.
    if (unloaded) return;
    const vault = plugin.app.vault;
    const on = (kind: 'modify' | 'create' | 'delete') => (file: TAbstractFile) =>
      void services.noteEvent(kind, file).catch(report(`following ${file.path}`));
    plugin.registerEvent(vault.on('modify', on('modify')));
    plugin.registerEvent(vault.on('create', on('create')));
    plugin.registerEvent(vault.on('delete', on('delete')));
    plugin.registerEvent(
      vault.on('rename', (file, oldPath) => void services.noteEvent('rename', file, oldPath).catch(report(`following the rename of ${oldPath}`))),
    );
    plugin.registerInterval(window.setInterval(() => void services.watcher.heartbeat().catch(report('the session watcher')), HEARTBEAT_MS));
    await services.refreshInbox();
  });
  return services;
}

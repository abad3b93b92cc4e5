// VaultStore over app.vault: Vault.process for compare-before-write (the comparison runs inside the
// callback, so nothing can slip in between), fileManager.trashFile for removal (the person's trash
// setting), the shared `.codex-memory/lock` for multi-step changes.
import { normalizePath, TFile, type App } from 'obsidian';
import type { LockTiming } from '../core/vault/lock-info';
import { comparePaths, isIgnoredPath, isWithin, normaliseVaultPath, parentFolder } from '../core/vault/paths';
import { AlreadyExistsError, WriteConflictError, type FileStat, type VaultStore } from '../core/vault/store';
import { AdapterLock } from './adapter-lock';

export interface ObsidianVaultStoreOptions {
  /** settings.folders.stateDir */
  stateDir?: string;
  lock?: LockTiming;
}

/** Vault path in Obsidian's form; rejects anything our own rules reject first. */
export function obsidianPath(path: string, allowRoot = false): string {
  const safe = normaliseVaultPath(path, allowRoot);
  return safe === '' ? '' : normalizePath(safe);
}

export class ObsidianVaultStore implements VaultStore {
  private readonly stateDir: string;
  private readonly lock: AdapterLock;
  /** >0 while a withLock body runs: its own writes must not queue behind it. */
  private holding = 0;

  constructor(
    private readonly app: App,
    options: ObsidianVaultStoreOptions = {},
  ) {
    this.stateDir = obsidianPath(options.stateDir ?? '.codex-memory');
    this.lock = new AdapterLock(app.vault.adapter, `${this.stateDir}/lock`, options.lock);
  }

  private file(path: string): TFile | null {
    return this.app.vault.getFileByPath(path);
  }

  async read(path: string): Promise<string | null> {
    const file = this.file(obsidianPath(path));
    // vault.read, not cachedRead: a compare-before-write must compare against what is on disk.
    return file ? this.app.vault.read(file) : null;
  }

  async stat(path: string): Promise<FileStat | null> {
    const file = this.file(obsidianPath(path));
    // The adapter asks the disk; TFile.stat can lag behind a write that just happened.
    const st = file ? await this.app.vault.adapter.stat(file.path) : null;
    return st ? { mtime: st.mtime, size: st.size } : null;
  }

  // async so a bad folder rejects like every other method instead of throwing synchronously.
  async listMarkdown(folder = ''): Promise<string[]> {
    const root = obsidianPath(folder, true);
    const paths = this.app.vault
      .getMarkdownFiles()
      .map((f) => f.path)
      .filter((p) => isWithin(p, root) && !isIgnoredPath(p, this.stateDir));
    return paths.sort(comparePaths);
  }

  async ensureFolder(path: string): Promise<boolean> {
    const target = obsidianPath(path, true);
    if (target === '') return false;
    let created = false;
    let prefix = '';
    for (const segment of target.split('/')) {
      prefix = prefix ? `${prefix}/${segment}` : segment;
      const existing = this.app.vault.getAbstractFileByPath(prefix);
      if (existing instanceof TFile) throw new AlreadyExistsError(prefix);
      if (!existing) {
        try {
          await this.app.vault.createFolder(prefix);
          created = true;
        } catch (err) {
          // Made by someone else in the meantime: fine. Anything else is a real failure.
          if (!this.app.vault.getFolderByPath(prefix)) throw err;
        }
      }
    }
    return created;
  }

  async create(path: string, content: string): Promise<void> {
    const target = obsidianPath(path);
    await this.locked(async () => {
      if (this.app.vault.getAbstractFileByPath(target)) throw new AlreadyExistsError(target);
      await this.ensureFolder(parentFolder(target));
      try {
        await this.app.vault.create(target, content);
      } catch (err) {
        // Obsidian refuses to create over an existing file; report it the way the contract says.
        if (this.app.vault.getAbstractFileByPath(target)) throw new AlreadyExistsError(target);
        throw err;
      }
    });
  }

  async replace(path: string, expected: string, next: string): Promise<void> {
    const target = obsidianPath(path);
    await this.locked(async () => {
      const file = this.file(target);
      if (!file) throw new WriteConflictError(target, `${target} was deleted since it was read; the change was not written`);
      await this.app.vault.process(file, (current) => {
        if (current !== expected) throw new WriteConflictError(target);
        return next;
      });
    });
  }

  async remove(path: string, expected: string): Promise<void> {
    const target = obsidianPath(path);
    await this.locked(async () => {
      const file = this.file(target);
      if (!file) return;
      if ((await this.app.vault.read(file)) !== expected) {
        throw new WriteConflictError(target, `${target} changed since it was read; it was not removed`);
      }
      await this.app.fileManager.trashFile(file);
    });
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      this.holding++;
      try {
        return await fn();
      } finally {
        this.holding--;
      }
    });
  }

  /**
   * Single writes take the lock unless a withLock body is running. Not re-entrant: a withLock inside
   * withLock would wait for itself (the browser has no async context to tell them apart).
   */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.holding > 0 ? fn() : this.withLock(fn);
  }
}

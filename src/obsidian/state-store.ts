// StateStore over app.vault.adapter: `.codex-memory/` is a dot-folder, invisible to the Vault API.
import type { DataAdapter } from 'obsidian';
import type { StateStore } from '../core/vault/store';
import { obsidianPath } from './vault-store';

export class ObsidianStateStore implements StateStore {
  private readonly dir: string;

  constructor(
    private readonly adapter: DataAdapter,
    stateDir = '.codex-memory',
  ) {
    this.dir = obsidianPath(stateDir);
  }

  private file(name: string): string {
    return `${this.dir}/${obsidianPath(name)}`;
  }

  async readState(name: string): Promise<string | null> {
    const file = this.file(name);
    return (await this.adapter.exists(file)) ? this.adapter.read(file) : null;
  }

  /** As atomic as Obsidian's adapter write (the adapter offers no rename-over). */
  async writeState(name: string, content: string | Iterable<string>): Promise<void> {
    const file = this.file(name);
    await this.ensureParent(file);
    await this.adapter.write(file, typeof content === 'string' ? content : [...content].join(''));
  }

  async appendState(name: string, line: string): Promise<void> {
    const file = this.file(name);
    const text = line.endsWith('\n') ? line : `${line}\n`;
    await this.ensureParent(file);
    if (await this.adapter.exists(file)) await this.adapter.append(file, text);
    else await this.adapter.write(file, text);
  }

  async removeState(name: string): Promise<void> {
    const file = this.file(name);
    if (await this.adapter.exists(file)) await this.adapter.remove(file);
  }

  private async ensureParent(file: string): Promise<void> {
    const folder = file.slice(0, file.lastIndexOf('/'));
    if (!(await this.adapter.exists(folder))) await this.adapter.mkdir(folder);
  }
}

// StateStore over `<vault>/.codex-memory/`: the ledger, index cache, queue and log. Hidden from Obsidian.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { normaliseVaultPath } from '../core/vault/paths';
import type { StateStore } from '../core/vault/store';
import { storageError, writeFileAtomic } from './atomic-write';
import { crashPoint } from './crash-point';

/**
 * Creates `dir` and its parents inside `vaultRoot`, which must still be a folder (ENOENT or ENOTDIR otherwise):
 * a recursive mkdir would otherwise bring back a vault deleted or moved while a process held it.
 */
export async function mkdirInVault(vaultRoot: string | undefined, dir: string): Promise<void> {
  if (vaultRoot && !(await fs.stat(vaultRoot)).isDirectory()) throw Object.assign(new Error('vault is not a folder'), { code: 'ENOTDIR' });
  await fs.mkdir(dir, { recursive: true });
}

export class NodeStateStore implements StateStore {
  /**
   * `dir` is the absolute state folder, e.g. `<vault>/.codex-memory`; `vaultRoot`, when given, must still be
   * there for anything to be written, so a process finishing its work (the recall server's index save) never
   * brings back a vault folder that was deleted or moved meanwhile.
   */
  constructor(
    readonly dir: string,
    private readonly vaultRoot?: string,
  ) {}

  private file(name: string): { rel: string; abs: string } {
    // Names may have sub-folders ('index/cache.json') but can never leave the state folder. `rel` is what error
    // messages show, so it names the state folder too (".codex-memory/ledger.json", not "ledger.json").
    const inside = normaliseVaultPath(name);
    return { rel: `${path.basename(this.dir)}/${inside}`, abs: path.join(this.dir, ...inside.split('/')) };
  }

  async readState(name: string): Promise<string | null> {
    const { rel, abs } = this.file(name);
    try {
      return await fs.readFile(abs, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw storageError(err, rel);
    }
  }

  async writeState(name: string, content: string | Iterable<string>): Promise<void> {
    const { rel, abs } = this.file(name);
    await this.ensureParent(abs, rel);
    await writeFileAtomic(abs, content, { displayPath: rel });
  }

  /** Appends one line (a newline is added when missing); a crash can only lose the line being appended. */
  async appendState(name: string, line: string): Promise<void> {
    const { rel, abs } = this.file(name);
    await this.ensureParent(abs, rel);
    try {
      await fs.appendFile(abs, line.endsWith('\n') ? line : `${line}\n`, 'utf8');
      crashPoint();
    } catch (err) {
      throw storageError(err, rel);
    }
  }

  async removeState(name: string): Promise<void> {
    const { rel, abs } = this.file(name);
    try {
      await fs.rm(abs, { force: true });
      crashPoint();
    } catch (err) {
      throw storageError(err, rel);
    }
  }

  private async ensureParent(abs: string, rel: string): Promise<void> {
    try {
      await mkdirInVault(this.vaultRoot, path.dirname(abs));
    } catch (err) {
      throw storageError(err, rel);
    }
  }
}

// VaultStore over a real directory: atomic writes, compare-before-write under the vault lock, and no
// path (nor symlink) that leads out of the vault.
import { constants, promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { comparePaths, isIgnoredPath, normaliseVaultPath } from '../core/vault/paths';
import { AlreadyExistsError, NotUtf8Error, UnsafePathError, WriteConflictError, type FileStat, type VaultStore } from '../core/vault/store';
import { storageError, tempNameFor, writeFileAtomic } from './atomic-write';
import { crashPoint } from './crash-point';
import { pidAlive, VaultLock, type LockOptions } from './lock';
import { sweepAbandonedTemps } from './temp-sweep';

export interface NodeVaultStoreOptions {
  /** Vault-relative state folder (settings.folders.stateDir); holds the lock and is never listed. */
  stateDir?: string;
  lock?: LockOptions;
  /** Who holds the lock, as shown to a waiting process. */
  lockOwner?: string;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class NodeVaultStore implements VaultStore {
  readonly stateDir: string;
  private readonly lock: VaultLock;

  /** `root` must be an absolute, real (symlink-resolved) path: use openNodeVault, which ensures it. */
  constructor(
    readonly root: string,
    options: NodeVaultStoreOptions = {},
  ) {
    this.stateDir = normaliseVaultPath(options.stateDir ?? '.codex-memory');
    // A writer killed mid-write leaves its temp files behind; whoever takes over its lock clears them.
    this.lock = new VaultLock(path.join(root, this.stateDir, 'lock'), options.lock, options.lockOwner ?? 'codex-memory', async (abandoned, dead) => {
      if (abandoned && dead) await sweepAbandonedTemps(root, this.stateDir, (pid) => !pidAlive(pid));
    });
  }

  /**
   * Absolute path for a vault path, after checking that neither it nor any existing parent is a
   * symlink leading outside the vault.
   */
  private async resolve(vaultPath: string, allowRoot = false): Promise<{ rel: string; abs: string }> {
    const rel = normaliseVaultPath(vaultPath, allowRoot);
    const abs = path.join(this.root, ...rel.split('/'));
    let probe = abs;
    for (;;) {
      try {
        const real = await fs.realpath(probe);
        if (real !== this.root && !real.startsWith(this.root + path.sep)) {
          throw new UnsafePathError(rel, 'it leads outside the vault through a symbolic link');
        }
        break;
      } catch (err) {
        if (err instanceof UnsafePathError) throw err;
        if (!isMissing(err) || probe === this.root) throw storageError(err, rel);
        probe = path.dirname(probe);
      }
    }
    return { rel, abs };
  }

  async read(vaultPath: string): Promise<string | null> {
    const { rel, abs } = await this.resolve(vaultPath);
    return (await this.readBytes(rel, abs))?.toString('utf8') ?? null;
  }

  /**
   * The note's bytes; null when there is no note. Only a regular file is a note: a FIFO, socket or device named
   * `x.md` would block a plain read forever (or never end), so it is opened without blocking and looked at first.
   */
  private async readBytes(rel: string, abs: string): Promise<Buffer | null> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw storageError(err, rel);
    }
    try {
      if (!(await handle.stat()).isFile()) return null;
      return await handle.readFile();
    } catch (err) {
      throw storageError(err, rel);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * Throws unless the note's bytes are exactly `expected`. Comparing bytes, not decoded text, is what keeps a
   * note that is not valid UTF-8 from being "repaired" with replacement characters by a write.
   */
  private static expectBytes(rel: string, raw: Buffer, expected: string, changed: string): void {
    if (raw.equals(Buffer.from(expected, 'utf8'))) return;
    if (raw.toString('utf8') === expected) throw new NotUtf8Error(rel);
    throw new WriteConflictError(rel, changed);
  }

  async stat(vaultPath: string): Promise<FileStat | null> {
    const { rel, abs } = await this.resolve(vaultPath);
    try {
      const st = await fs.stat(abs);
      return st.isFile() ? { mtime: st.mtimeMs, size: st.size } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw storageError(err, rel);
    }
  }

  async listMarkdown(folder = ''): Promise<string[]> {
    const { rel, abs } = await this.resolve(folder, true);
    const out: string[] = [];
    await this.walk(abs, rel, out);
    return out.sort(comparePaths);
  }

  private async walk(absDir: string, relDir: string, out: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absDir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw storageError(err, relDir || '.');
    }
    for (const entry of entries) {
      // Dot-entries are hidden from Obsidian too (.obsidian, .trash, .codex-memory, .git, our temp files).
      if (entry.name.startsWith('.')) continue;
      const rel = (relDir ? `${relDir}/${entry.name}` : entry.name).normalize('NFC');
      if (isIgnoredPath(rel, this.stateDir)) continue;
      const abs = path.join(absDir, entry.name);
      if (entry.isDirectory()) {
        await this.walk(abs, rel, out);
      } else if (entry.isFile()) {
        if (entry.name.endsWith('.md')) out.push(rel);
      } else if (entry.isSymbolicLink() && entry.name.endsWith('.md')) {
        // A linked note counts only if it stays inside the vault; linked folders are never followed
        // (they could leave the vault or loop).
        const real = await fs.realpath(abs).catch(() => null);
        const st = real ? await fs.stat(real).catch(() => null) : null;
        if (real && st?.isFile() && real.startsWith(this.root + path.sep)) out.push(rel);
      }
    }
  }

  async ensureFolder(vaultPath: string): Promise<boolean> {
    const { rel, abs } = await this.resolve(vaultPath, true);
    try {
      return (await fs.mkdir(abs, { recursive: true })) !== undefined;
    } catch (err) {
      throw storageError(err, rel);
    }
  }

  async create(vaultPath: string, content: string): Promise<void> {
    const { rel, abs } = await this.resolve(vaultPath);
    await this.withLock(async () => {
      try {
        await fs.mkdir(path.dirname(abs), { recursive: true });
      } catch (err) {
        throw storageError(err, rel);
      }
      await createExclusive(abs, rel, content);
    });
  }

  async replace(vaultPath: string, expected: string, next: string): Promise<void> {
    const { rel, abs } = await this.resolve(vaultPath);
    await this.withLock(async () => {
      const check = async () => {
        const raw = await this.readBytes(rel, abs);
        if (raw === null) throw new WriteConflictError(rel, `${rel} was deleted since it was read; the change was not written`);
        NodeVaultStore.expectBytes(rel, raw, expected, `${rel} changed since it was read; the change was not written`);
      };
      await check();
      if (next === expected) return;
      // Checked again just before the rename: Obsidian or an editor does not take our lock.
      await writeFileAtomic(abs, next, { displayPath: rel, beforeRename: check });
    });
  }

  /** Moves the note to the vault's `.trash/` folder (Obsidian's own trash), so a removal can be undone by hand. */
  async remove(vaultPath: string, expected: string): Promise<void> {
    const { rel, abs } = await this.resolve(vaultPath);
    await this.withLock(async () => {
      const raw = await this.readBytes(rel, abs);
      if (raw === null) return;
      NodeVaultStore.expectBytes(rel, raw, expected, `${rel} changed since it was read; it was not removed`);
      const trashDir = path.join(this.root, '.trash');
      try {
        await fs.mkdir(trashDir, { recursive: true });
        await fs.rename(abs, await freeName(trashDir, path.basename(abs)));
        crashPoint();
      } catch (err) {
        throw storageError(err, rel);
      }
    });
  }

  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(fn);
  }
}

/** `name`, or `name 1`, `name 2`… (Obsidian's own scheme) — the first that is free in `dir`. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, i === 0 ? name : `${stem} ${i}${ext}`);
    try {
      await fs.lstat(candidate);
    } catch (err) {
      if (isMissing(err)) return candidate;
      throw err;
    }
  }
}

/**
 * Writes a new file without ever replacing one: the content goes to a durable temp file, which is then
 * hard-linked to the target name (fails atomically if the name is taken), so a reader never sees a partial
 * note. File systems without hard links fall back to an exclusive create.
 */
async function createExclusive(abs: string, rel: string, content: string): Promise<void> {
  const tmp = tempNameFor(abs);
  try {
    await writeDurably(tmp, rel, content);
    crashPoint();
    try {
      await fs.link(tmp, abs);
      crashPoint();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new AlreadyExistsError(rel);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw storageError(err, rel);
      await writeDurably(abs, rel, content);
    }
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Exclusive create + write + fsync; on failure the half-written file is removed. */
async function writeDurably(abs: string, rel: string, content: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(abs, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AlreadyExistsError(rel);
    throw storageError(err, rel);
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(abs, { force: true }).catch(() => undefined);
    throw storageError(err, rel);
  }
}

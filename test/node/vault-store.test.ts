// The Node VaultStore over a real temp folder: the shared contract, plus what only a real disk can show
// (symlinks, temp files, refusals by the disk).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StorageError, UnsafePathError } from '../../src/core/vault/store';
import { writeFileAtomic } from '../../src/node/atomic-write';
import { openNodeVault } from '../../src/node/open-vault';
import { describeVaultStoreContract } from '../contract/vault-store.contract';

async function tempVault(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'cm-vault-'));
}

describeVaultStoreContract('Node (real folder)', async () => {
  const dir = await tempVault();
  const { store, root } = await openNodeVault(dir);
  return {
    store,
    async writeBehind(p, content) {
      const abs = path.join(root, p);
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, content);
    },
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
});

describe('Node VaultStore on a real disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempVault();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('writes leave no temp files behind', async () => {
    const { store } = await openNodeVault(dir);
    await store.create('notes/a.md', 'one');
    await store.replace('notes/a.md', 'one', 'two');
    await store.create('notes/b.md', 'b');
    expect((await fs.readdir(path.join(dir, 'notes'))).sort()).toEqual(['a.md', 'b.md']);
  });

  test('a replaced note keeps its file mode', async () => {
    const { store } = await openNodeVault(dir);
    await store.create('notes/a.md', 'one');
    await fs.chmod(path.join(dir, 'notes/a.md'), 0o600);
    await store.replace('notes/a.md', 'one', 'two');
    expect((await fs.stat(path.join(dir, 'notes/a.md'))).mode & 0o777).toBe(0o600);
  });

  test('removed notes go to the vault trash, where the person can get them back', async () => {
    const { store } = await openNodeVault(dir);
    await store.create('agent/inbox/p.md', 'first');
    await store.remove('agent/inbox/p.md', 'first');
    await store.create('notes/p.md', 'second');
    await store.remove('notes/p.md', 'second');
    expect(await fs.readFile(path.join(dir, '.trash/p.md'), 'utf8')).toBe('first');
    expect(await fs.readFile(path.join(dir, '.trash/p 1.md'), 'utf8')).toBe('second');
  });

  test('a symlinked folder that points outside the vault is neither listed nor written through', async () => {
    const outside = await tempVault();
    try {
      await fs.writeFile(path.join(outside, 'secret.md'), 'outside');
      await fs.symlink(outside, path.join(dir, 'escape'));
      const { store } = await openNodeVault(dir);
      await store.create('inside.md', 'in');
      expect(await store.listMarkdown()).toEqual(['inside.md']);
      await expect(store.read('escape/secret.md')).rejects.toBeInstanceOf(UnsafePathError);
      await expect(store.create('escape/new.md', 'x')).rejects.toBeInstanceOf(UnsafePathError);
      await expect(store.replace('escape/secret.md', 'outside', 'x')).rejects.toBeInstanceOf(UnsafePathError);
      expect(await fs.readdir(outside)).toEqual(['secret.md']);
      expect(await fs.readFile(path.join(outside, 'secret.md'), 'utf8')).toBe('outside');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  test('a symlinked note pointing outside the vault is skipped; one pointing inside is listed', async () => {
    const outside = await tempVault();
    try {
      await fs.writeFile(path.join(outside, 'secret.md'), 'outside');
      await fs.symlink(path.join(outside, 'secret.md'), path.join(dir, 'leak.md'));
      await fs.writeFile(path.join(dir, 'real.md'), 'real');
      await fs.symlink(path.join(dir, 'real.md'), path.join(dir, 'alias.md'));
      const { store } = await openNodeVault(dir);
      expect(await store.listMarkdown()).toEqual(['alias.md', 'real.md']);
      await expect(store.read('leak.md')).rejects.toBeInstanceOf(UnsafePathError);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  test('opening a vault through a symlinked path works', async () => {
    const link = `${dir}-link`;
    await fs.symlink(dir, link);
    try {
      const { store, root } = await openNodeVault(link);
      expect(root).toBe(await fs.realpath(dir));
      await store.create('a.md', 'a');
      expect(await fs.readFile(path.join(dir, 'a.md'), 'utf8')).toBe('a');
    } finally {
      await fs.rm(link, { force: true });
    }
  });

  test('opening a missing vault says how to create one', async () => {
    await expect(openNodeVault(path.join(dir, 'nope'))).rejects.toThrow(/No vault folder.*codex-memory init --vault/);
  });

  test('a full disk during a write gives a clear error and leaves the old note and no temp file', async () => {
    const target = path.join(dir, 'note.md');
    await fs.writeFile(target, 'old');
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const err = await writeFileAtomic(target, 'new', {
      displayPath: 'note.md',
      beforeRename: () => Promise.reject(full),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('NO_SPACE');
    expect((err as Error).message).toBe('Could not write note.md: the disk is full (ENOSPC); nothing was changed');
    expect(await fs.readFile(target, 'utf8')).toBe('old');
    expect(await fs.readdir(dir)).toEqual(['note.md']);
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? test.skip : test)('a read-only folder gives a permission error and leaves the note as it was', async () => {
    const { store } = await openNodeVault(dir);
    await store.create('notes/a.md', 'one');
    await fs.chmod(path.join(dir, 'notes'), 0o555);
    try {
      const err = await store.replace('notes/a.md', 'one', 'two').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('PERMISSION');
      expect(await fs.readFile(path.join(dir, 'notes/a.md'), 'utf8')).toBe('one');
    } finally {
      await fs.chmod(path.join(dir, 'notes'), 0o755);
    }
  });
});

/** @jest-environment jsdom */
// The Obsidian VaultStore over obsidian-test-mocks' in-memory vault: the shared contract, plus the
// plugin-only parts (the on-disk lock shared with the CLI, state through the adapter, frontmatter).
import type { App as AppOriginal } from 'obsidian';
import { App } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { formatLockInfo, parseLockInfo } from '../../src/core/vault/lock-info';
import { AlreadyExistsError, LockBusyError, WriteConflictError } from '../../src/core/vault/store';
import { setFrontmatter } from '../../src/obsidian/frontmatter';
import { ObsidianVaultStore } from '../../src/obsidian/vault-store';
import { describeVaultStoreContract } from '../contract/vault-store.contract';

beforeAll(() => setup());
afterAll(() => teardown());

function newApp(files: Record<string, string> = {}): AppOriginal {
  return App.createConfigured__({ files }).asOriginalType__();
}

describeVaultStoreContract('Obsidian (app.vault)', async () => {
  const app = newApp();
  const store = new ObsidianVaultStore(app);
  return {
    store,
    async writeBehind(p, content) {
      // Dot-folders are invisible to the Vault API; everything else is a person typing in Obsidian.
      if (p.startsWith('.')) {
        await app.vault.adapter.write(p, content);
        return;
      }
      const file = app.vault.getFileByPath(p);
      if (file) await app.vault.modify(file, content);
      else await app.vault.create(p, content);
    },
  };
});

describe('Obsidian VaultStore, plugin side', () => {
  test('remove goes through fileManager.trashFile (the person’s trash setting)', async () => {
    const app = newApp({ 'agent/inbox/p.md': 'proposal' });
    const trash = jest.spyOn(app.fileManager, 'trashFile');
    await new ObsidianVaultStore(app).remove('agent/inbox/p.md', 'proposal');
    expect(trash).toHaveBeenCalledTimes(1);
    expect(app.vault.getFileByPath('agent/inbox/p.md')).toBeNull();
  });

  test('replace compares inside Vault.process, so an edit landing first wins', async () => {
    const app = newApp({ 'notes/a.md': 'one' });
    const store = new ObsidianVaultStore(app);
    const process = jest.spyOn(app.vault, 'process');
    await store.replace('notes/a.md', 'one', 'two');
    expect(process).toHaveBeenCalledTimes(1);
    await expect(store.replace('notes/a.md', 'one', 'three')).rejects.toBeInstanceOf(WriteConflictError);
    expect(await store.read('notes/a.md')).toBe('two');
  });

  test('a note created by someone else between the check and the create is reported as AlreadyExistsError', async () => {
    const app = newApp();
    const create = app.vault.create.bind(app.vault);
    jest.spyOn(app.vault, 'create').mockImplementationOnce(async (p: string) => {
      await create(p, 'theirs');
      throw new Error('File already exists.');
    });
    await expect(new ObsidianVaultStore(app).create('notes/a.md', 'mine')).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await app.vault.adapter.read('notes/a.md')).toBe('theirs');
  });

  test('the lock file the CLI holds keeps the plugin waiting, then LockBusyError', async () => {
    const app = newApp();
    await app.vault.adapter.mkdir('.codex-memory');
    await app.vault.adapter.write(
      '.codex-memory/lock',
      formatLockInfo({ pid: 4242, hostname: 'laptop', started: 'now', token: 'cli', owner: 'codex-memory cli' }),
    );
    const store = new ObsidianVaultStore(app, { lock: { timeoutMs: 150 } });
    await expect(store.create('a.md', 'a')).rejects.toThrow(LockBusyError);
    await expect(store.create('a.md', 'a')).rejects.toThrow(/codex-memory cli pid 4242 on laptop/);
    expect(await store.read('a.md')).toBeNull();
    expect(parseLockInfo(await app.vault.adapter.read('.codex-memory/lock'))?.token).toBe('cli');
  });

  test('while the plugin works under the lock, the lock file names it; afterwards it is gone', async () => {
    const app = newApp();
    const store = new ObsidianVaultStore(app);
    const during = await store.withLock(async () => app.vault.adapter.read('.codex-memory/lock'));
    expect(parseLockInfo(during)?.owner).toBe('obsidian');
    expect(await app.vault.adapter.exists('.codex-memory/lock')).toBe(false);
  });

  test('a lock file whose holder stopped refreshing it is taken over', async () => {
    const app = newApp();
    await app.vault.adapter.mkdir('.codex-memory');
    await app.vault.adapter.write('.codex-memory/lock', formatLockInfo({ pid: 1, hostname: 'h', started: 'then', token: 'old' }));
    jest.spyOn(app.vault.adapter, 'stat').mockResolvedValue({ type: 'file', ctime: 0, mtime: Date.now() - 10 * 60_000, size: 10 });
    const store = new ObsidianVaultStore(app, { lock: { timeoutMs: 200, staleMs: 60_000 } });
    await store.create('a.md', 'a');
    expect(await store.read('a.md')).toBe('a');
  });

  test('setFrontmatter sets and clears one key and keeps the body', async () => {
    const app = newApp({ 'projects/alpha.md': '---\ntype: project\n---\n# Alpha\n' });
    await setFrontmatter(app, 'projects/alpha.md', 'memory', 'pin');
    let text = await app.vault.adapter.read('projects/alpha.md');
    expect(text).toMatch(/^---\ntype: project\nmemory: pin\n---\n/);
    expect(text).toContain('# Alpha\n');
    await setFrontmatter(app, 'projects/alpha.md', 'memory', undefined);
    text = await app.vault.adapter.read('projects/alpha.md');
    expect(text).not.toContain('memory');
    await expect(setFrontmatter(app, 'projects/missing.md', 'memory', 'pin')).rejects.toThrow('projects/missing.md does not exist');
  });
});

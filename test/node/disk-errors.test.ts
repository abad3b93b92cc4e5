// Real refusals by a real disk: a tiny tmpfs that fills up, then goes read-only. Needs permission to
// mount (root in a container or CI); skipped with a notice elsewhere.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StorageError } from '../../src/core/vault/store';
import { openNodeVault } from '../../src/node/open-vault';

let mnt: string;
let mounted = false;

beforeAll(async () => {
  mnt = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-disk-'));
  if (process.platform === 'linux') {
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt], { stdio: 'ignore' }).status === 0;
  }
  if (!mounted) console.warn('disk-errors: cannot mount a tmpfs here (needs root on Linux); full-disk and read-only cases skipped');
});
afterAll(async () => {
  if (mounted) spawnSync('umount', [mnt], { stdio: 'ignore' });
  await fs.rm(mnt, { recursive: true, force: true });
});

const whenMounted = (name: string, fn: () => Promise<void>) => test(name, async () => (mounted ? fn() : undefined));

/** Writes until the file system is full; returns the filler's path. */
async function fillDisk(): Promise<string> {
  const file = path.join(mnt, `filler-${Date.now()}`);
  const filler = await fs.open(file, 'w');
  try {
    const block = Buffer.alloc(4096, 1);
    for (;;) await filler.write(block);
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await filler.close();
  }
  return file;
}

whenMounted('a disk that fills up during a change: NO_SPACE, the note as it was, no temp file left', async () => {
  const vault = path.join(mnt, 'full');
  await fs.mkdir(vault);
  const { store } = await openNodeVault(vault);
  await store.create('notes/a.md', 'small\n');
  const filler = await store.withLock(async () => {
    const f = await fillDisk();
    const err = await store.replace('notes/a.md', 'small\n', 'x'.repeat(64 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('NO_SPACE');
    expect((err as Error).message).toBe('Could not write notes/a.md: the disk is full (ENOSPC); nothing was changed');
    return f;
  });
  expect(await fs.readFile(path.join(vault, 'notes/a.md'), 'utf8')).toBe('small\n');
  expect(await fs.readdir(path.join(vault, 'notes'))).toEqual(['a.md']);
  await fs.rm(filler);
});

whenMounted('a disk already full: the first write says so and nothing is created', async () => {
  const vault = path.join(mnt, 'full-before');
  await fs.mkdir(vault);
  const { store } = await openNodeVault(vault);
  const filler = await fillDisk();
  try {
    const err = await store.create('notes/new.md', 'y'.repeat(16 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('NO_SPACE');
    expect(await store.read('notes/new.md')).toBeNull();
  } finally {
    await fs.rm(filler);
  }
});

whenMounted('a file system that turns read-only: READ_ONLY and the note as it was', async () => {
  const vault = path.join(mnt, 'ro');
  await fs.mkdir(vault);
  const { store } = await openNodeVault(vault);
  await store.create('notes/a.md', 'before\n');
  try {
    await store.withLock(async () => {
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
      const err = await store.replace('notes/a.md', 'before\n', 'after\n').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('READ_ONLY');
      expect((err as Error).message).toBe('Could not write notes/a.md: the file system is read-only (EROFS); nothing was changed');
    });
    expect(await fs.readFile(path.join(vault, 'notes/a.md'), 'utf8')).toBe('before\n');
  } finally {
    spawnSync('mount', ['-o', 'remount,rw', mnt]);
  }
});

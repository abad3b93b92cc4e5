// The vault lock across real processes: two writers never interleave, a dead holder's lock is taken
// over, a live one makes the waiter give up with a message naming the holder.
import { spawn, type ChildProcess } from 'node:child_process';
import { buildSync } from 'esbuild';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatLockInfo, parseLockInfo } from '../../src/core/vault/lock-info';
import { LockBusyError } from '../../src/core/vault/store';
import { acquireFileLock } from '../../src/node/lock';
import { openNodeVault } from '../../src/node/open-vault';

let work: string;
let childJs: string;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-lock-'));
  childJs = path.join(work, 'lock-child.js');
  buildSync({
    entryPoints: [path.join(__dirname, 'support/lock-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: childJs,
    logLevel: 'error',
  });
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

function run(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [childJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  return { child, done };
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes(line)) resolve();
    });
    child.on('close', () => reject(new Error(`child exited before printing ${line}`)));
  });
}

async function newVault(): Promise<string> {
  return fs.mkdtemp(path.join(work, 'vault-'));
}

test('two processes bumping one note under the lock never interleave and lose no update', async () => {
  const vault = await newVault();
  await fs.writeFile(path.join(vault, 'counter.md'), '0');
  const log = path.join(work, 'bump.log');
  const a = run(['bump', vault, '25', log]);
  const b = run(['bump', vault, '25', log]);
  const [ra, rb] = await Promise.all([a.done, b.done]);
  expect(ra.err + rb.err).toBe('');
  expect([ra.code, rb.code]).toEqual([0, 0]);
  expect(await fs.readFile(path.join(vault, 'counter.md'), 'utf8')).toBe('50');
  const lines = (await fs.readFile(log, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(100);
  for (let i = 0; i < lines.length; i += 2) {
    const [pidStart, what] = lines[i].split(' ');
    expect(what).toBe('start');
    expect(lines[i + 1]).toBe(`${pidStart} end`);
  }
  expect(new Set(lines.map((l) => l.split(' ')[0])).size).toBe(2);
  await expect(fs.access(path.join(vault, '.codex-memory/lock'))).rejects.toThrow();
}, 60_000);

test('a lock left by a killed process is taken over', async () => {
  const vault = await newVault();
  const holder = run(['hold', vault]);
  await waitForLine(holder.child, 'held');
  const info = parseLockInfo(await fs.readFile(path.join(vault, '.codex-memory/lock'), 'utf8'));
  expect(info?.pid).toBe(holder.child.pid);
  holder.child.kill('SIGKILL');
  await holder.done;
  const { store } = await openNodeVault(vault, undefined, { lock: { timeoutMs: 2000 } });
  await expect(store.withLock(async () => 'mine')).resolves.toBe('mine');
}, 30_000);

test('a live holder makes the waiter give up with LockBusyError naming it', async () => {
  const vault = await newVault();
  const holder = run(['hold', vault]);
  await waitForLine(holder.child, 'held');
  try {
    const { store } = await openNodeVault(vault, undefined, { lock: { timeoutMs: 300 } });
    const started = Date.now();
    const err = await store.create('a.md', 'a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as Error).message).toContain(`pid ${holder.child.pid}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await store.read('a.md')).toBeNull();
  } finally {
    holder.child.kill('SIGKILL');
    await holder.done;
  }
}, 30_000);

test('a lock nobody has refreshed for longer than the stale bound is taken over', async () => {
  const vault = await newVault();
  const lockPath = path.join(vault, '.codex-memory/lock');
  await fs.mkdir(path.dirname(lockPath), { recursive: true });
  // A live pid on another machine: only its age can tell it was abandoned.
  await fs.writeFile(lockPath, formatLockInfo({ pid: 1, hostname: 'other-host', started: '2020-01-01T00:00:00Z', token: 'abandoned' }));
  const old = new Date(Date.now() - 60_000);
  await fs.utimes(lockPath, old, old);
  const lock = await acquireFileLock(lockPath, { staleMs: 30_000, timeoutMs: 1000 });
  expect(parseLockInfo(await fs.readFile(lockPath, 'utf8'))?.token).toBe(lock.info.token);
  await lock.release();
  await expect(fs.access(lockPath)).rejects.toThrow();
});

test('a fresh lock from another machine is respected until the timeout', async () => {
  const vault = await newVault();
  const lockPath = path.join(vault, '.codex-memory/lock');
  await fs.mkdir(path.dirname(lockPath), { recursive: true });
  await fs.writeFile(lockPath, formatLockInfo({ pid: 1, hostname: 'other-host', started: 'now', token: 'theirs', owner: 'obsidian' }));
  await expect(acquireFileLock(lockPath, { staleMs: 30_000, timeoutMs: 200 })).rejects.toThrow(/obsidian pid 1 on other-host/);
  expect(parseLockInfo(await fs.readFile(lockPath, 'utf8'))?.token).toBe('theirs');
});

test('releasing never removes a lock that another holder has taken since', async () => {
  const vault = await newVault();
  const lockPath = path.join(vault, '.codex-memory/lock');
  const lock = await acquireFileLock(lockPath);
  await fs.writeFile(lockPath, formatLockInfo({ pid: 1, hostname: 'other-host', started: 'now', token: 'successor' }));
  await lock.release();
  expect(parseLockInfo(await fs.readFile(lockPath, 'utf8'))?.token).toBe('successor');
});

test('a holder keeps its lock fresh, so a long operation is not mistaken for an abandoned one', async () => {
  const vault = await newVault();
  const lockPath = path.join(vault, '.codex-memory/lock');
  const lock = await acquireFileLock(lockPath, { staleMs: 300 });
  try {
    await new Promise((r) => setTimeout(r, 700));
    await expect(acquireFileLock(lockPath, { staleMs: 300, timeoutMs: 100 })).rejects.toBeInstanceOf(LockBusyError);
  } finally {
    await lock.release();
  }
});

test('writes inside withLock do not wait for the lock they already hold', async () => {
  const vault = await newVault();
  const { store } = await openNodeVault(vault, undefined, { lock: { timeoutMs: 500 } });
  await store.withLock(async () => {
    await store.create('a.md', 'a');
    await store.replace('a.md', 'a', 'b');
    await store.withLock(async () => store.remove('a.md', 'b'));
  });
  expect(await store.read('a.md')).toBeNull();
});

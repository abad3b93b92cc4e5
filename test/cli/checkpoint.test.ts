import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatLockInfo } from '../../src/core/vault/lock-info';
import { runCliCaptured } from '../support/cli';
import { EXAMPLES } from '../core/memory/fixtures';

let tmp: string;
let home: string;
let vault: string;
let files: string[];

async function listRollouts(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.startsWith('rollout-')) out.push(path.join(e.parentPath, e.name));
  }
  return out.sort();
}

async function vaultFiles(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(vault, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[path.relative(vault, path.join(e.parentPath, e.name))] = await fs.readFile(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-cli-checkpoint-'));
  home = path.join(tmp, 'codex-home');
  vault = path.join(tmp, 'vault');
  await fs.cp(EXAMPLES, home, { recursive: true });
  files = await listRollouts(home);
  expect((await runCliCaptured(['init', '--vault', vault])).code).toBe(0);
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const run = (args: string[], opts: { isTTY?: boolean; stdin?: string } = {}) =>
  runCliCaptured(['checkpoint', ...args], { env: { CODEX_HOME: home }, cwd: tmp, ...opts });

describe('what is asked of the command line', () => {
  test('--help explains the options', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--latest', '--thread ID', '--vault DIR', '--codex-home DIR', '--distiller', '--dry-run', '--yes', '--json'])
      expect(r.stdout).toContain(opt);
  });

  test.each([
    [['--vault', 'v'], 'give exactly one of: a rollout FILE, --latest, or --thread ID'],
    [['x.jsonl', '--latest', '--vault', 'v'], 'give exactly one of'],
    [['--latest', '--vault', 'v', '--yes', '--dry-run'], '--yes and --dry-run do not go together'],
    [['--latest', '--vault', 'v', '--distiller', 'gpt'], '--distiller takes offline, openai or codex, not "gpt"'],
    [['--latest'], '--vault is required'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage:');
  });

  test('a missing vault or rollout is a clear one-line error (exit 1)', async () => {
    let r = await run(['--latest', '--vault', path.join(tmp, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^codex-memory checkpoint: No vault folder: .*nope\. Create one with: codex-memory init/);
    r = await run([path.join(tmp, 'missing.jsonl'), '--vault', vault]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No such file');
  });
});

describe('review before anything is written', () => {
  test('--dry-run prints the plan as readable diffs and writes nothing', async () => {
    const before = await vaultFiles();
    const r = await run([files[0], '--vault', vault, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^c\d+ +create +projects\/tidepool\.md$/m);
    expect(r.stdout).toContain('+++ b/projects/tidepool.md');
    expect(r.stdout).toMatch(/^ +\+- Always run `npm run lint` before committing anything\. \^cm-[0-9a-z]{8}$/m);
    expect(r.stdout).toMatch(/\d+ changes \(.*create.*\) to \d+ notes/);
    expect(r.stdout).toContain('Dry run: nothing was written.');
    expect(await vaultFiles()).toEqual(before);
  });

  test('--dry-run does not finish an index warm-up that another run left cut short', async () => {
    // The lock of a warm-up whose process is gone: the next checkpoint that writes finishes it; a dry run does not.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const info = { pid: gone, hostname: os.hostname(), started: new Date().toISOString(), token: 'cut-short', owner: 'codex-memory hook warm' };
    await fs.writeFile(path.join(vault, '.codex-memory', 'warm.lock'), formatLockInfo(info));
    const before = await vaultFiles();
    expect((await run([files[0], '--vault', vault, '--dry-run'])).code).toBe(0);
    expect(await vaultFiles()).toEqual(before);
    expect((await run([files[0], '--vault', vault, '--yes'])).code).toBe(0);
    await expect(fs.stat(path.join(vault, '.codex-memory', 'warm.lock'))).rejects.toThrow();
  });

  test('without a terminal and without --yes, the plan is only shown, with how to apply it', async () => {
    const before = await vaultFiles();
    const r = await run([files[0], '--vault', vault]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+++ b/projects/tidepool.md');
    expect(r.stdout).toContain(`Nothing was written (no terminal to ask). To apply: codex-memory checkpoint ${files[0]} --vault ${vault} --yes`);
    expect(await vaultFiles()).toEqual(before);
  });

  test('on a terminal it asks, and only "y" writes', async () => {
    const before = await vaultFiles();
    let r = await run([files[0], '--vault', vault], { isTTY: true, stdin: 'n\n' });
    expect(r.stdout).toMatch(/Apply \d+ changes\? \[y\/N\] /);
    expect(r.stdout).toContain('Nothing was written.');
    expect(await vaultFiles()).toEqual(before);

    r = await run([files[0], '--vault', vault], { isTTY: true, stdin: 'y\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Applied \d+ changes to \d+ notes \(checkpoint \S+\):/);
    expect(await fs.readFile(path.join(vault, 'projects', 'tidepool.md'), 'utf8')).toContain('better-sqlite3');
  });
});

describe('applying', () => {
  test('--yes writes the notes, says which, and how to undo', async () => {
    const r = await run([files[0], '--vault', vault, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  wrote  projects/tidepool.md');
    expect(r.stdout).toContain('  wrote  people/Kofi.md');
    expect(r.stdout).toContain(`Undo with: codex-memory undo --vault ${vault}`);
    expect(r.stdout).not.toContain('+++ b/'); // --yes lists; the diffs are for review
    const notes = await vaultFiles();
    expect(Object.keys(notes).filter((p) => p.startsWith(path.join('agent', 'sessions')))).toHaveLength(1);
  });

  test('--json has the DESIGN.md shape, and a second run of the same session has zero changes', async () => {
    let r = await run([files[0], '--vault', vault, '--yes', '--json']);
    expect(r.code).toBe(0);
    const first = JSON.parse(r.stdout);
    expect(first).toMatchObject({
      thread: '0195a1c2-7d3e-7a10-9c11-5e1f2a3b4c01',
      note: expect.stringMatching(/^agent\/sessions\/2026-03-02 .+\.md$/),
    });
    expect(first.changes.length).toBeGreaterThan(0);
    for (const c of first.changes) {
      expect(['add', 'update', 'supersede', 'noop', 'create']).toContain(c.op);
      expect(typeof c.path).toBe('string');
    }
    expect(first.skipped).toEqual([]);
    expect(first.applied).toEqual(first.changes.filter((c: { op: string }) => c.op !== 'noop').map((c: { id: string }) => c.id));

    r = await run([files[0], '--vault', vault, '--yes', '--json']);
    const second = JSON.parse(r.stdout);
    expect(second.changes.every((c: { op: string }) => c.op === 'noop')).toBe(true);
    expect(second.applied).toEqual([]);
    expect(second.checkpoint).toBeNull();
  });

  test('--latest takes the most recently active session; --thread takes an id or a unique prefix', async () => {
    const old = new Date('2026-01-01T00:00:00Z');
    for (const f of files) await fs.utimes(f, old, old);
    const now = new Date();
    await fs.utimes(files[1], now, now);
    let r = await run(['--latest', '--vault', vault, '--dry-run', '--json']);
    expect(JSON.parse(r.stdout).thread).toBe('0195a8e0-41b2-7c55-8d20-6a7b8c9d0e02');
    r = await run(['--thread', '0195bc41', '--vault', vault, '--dry-run', '--json']);
    expect(JSON.parse(r.stdout).thread).toBe('0195bc41-9f07-7e21-a3c4-7d8e9f0a1b03');
    r = await run(['--thread', 'ffffffff', '--vault', vault, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No session with thread id ffffffff');
  });

  test('a note that does not parse is named under "Left alone" and stays byte-identical', async () => {
    const broken = '---\ntype: todo\n  bad: [indent\n---\n# TODO\n';
    await fs.writeFile(path.join(vault, 'TODO.md'), broken);
    const r = await run([files[0], '--vault', vault, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Left alone:\n {2}! TODO\.md: cannot be read \(TODO\.md:\d+: .+\); left exactly as it is/);
    expect(await fs.readFile(path.join(vault, 'TODO.md'), 'utf8')).toBe(broken);
  });

  test('a corrupt ledger stops the run with a clear message and nothing written', async () => {
    await fs.writeFile(path.join(vault, '.codex-memory', 'ledger.json'), '{"version": 1, "items": ');
    const before = await vaultFiles();
    const r = await run([files[0], '--vault', vault, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The ledger \.codex-memory\/ledger\.json is unreadable \(not JSON: .+\)\. Nothing was written\./);
    expect(await vaultFiles()).toEqual(before);
  });

  test('two checkpoints at once do not interleave or lose a change', async () => {
    const [a, b] = await Promise.all([run([files[0], '--vault', vault, '--yes', '--json']), run([files[1], '--vault', vault, '--yes', '--json'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(JSON.parse(a.stdout).skipped).toEqual([]);
    expect(JSON.parse(b.stdout).skipped).toEqual([]);
    for (const f of files.slice(0, 2)) {
      const again = JSON.parse((await run([f, '--vault', vault, '--dry-run', '--json'])).stdout);
      expect(again.changes.filter((c: { op: string }) => c.op !== 'noop')).toEqual([]);
    }
    const ledger = JSON.parse(await fs.readFile(path.join(vault, '.codex-memory', 'ledger.json'), 'utf8'));
    expect(Object.keys(ledger.sessions).sort()).toEqual(['0195a1c2-7d3e-7a10-9c11-5e1f2a3b4c01', '0195a8e0-41b2-7c55-8d20-6a7b8c9d0e02']);
    expect(ledger.checkpoints).toHaveLength(2);
  });
});

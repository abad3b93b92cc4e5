// Case 3: the machine runs short. A disk that fills up part-way through a checkpoint, or a vault that turns
// read-only, gives one clear line and exit 1, with every note wholly old or wholly new and the ledger agreeing;
// once there is room again, the same command finishes the job. A 10 MB single-line note and a rollout larger
// than the whole heap are handled by the built CLI in a child whose heap is capped at 256 MB (the 1 GB rollout
// is a row of `npm run bench`, scripts/bench/hardening.mjs, to keep this suite short).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { exampleRollouts, EXAMPLES } from '../core/memory/fixtures';
import { requireBuiltCli, runBuiltCli, type ChildResult } from '../support/child-cli';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs';
import { stderrProblems } from '../support/stderr-lines';
import { copyTree, normaliseTree, readTree, tempDir } from '../support/vault-files';
import { checkFinished, checkInterruptedVault, type Expectation } from '../support/vault-invariants';
import { BIG_THREAD, writeBigRollout } from '../../scripts/gen-big-rollout.mjs';

jest.setTimeout(180_000);

const since = Date.now() - 60 * 60 * 1000;
const HEAP = '--max-old-space-size=256';
let root: string;
let afterA: string;
let b: string;
let job: Expectation;

const cli = (args: string[], more: NodeJS.ProcessEnv = {}): Promise<ChildResult> => runBuiltCli(args, { env: { CODEX_HOME: EXAMPLES, ...more } });

/** Exit 1 and exactly one line on stderr that names the problem; nothing that looks like a stack trace. */
function expectOneClearLine(r: ChildResult, words: RegExp): void {
  expect({ code: r.code, said: stderrProblems(r.stderr) }).toEqual({ code: 1, said: [expect.stringMatching(words) as unknown] });
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  requireBuiltCli();
  root = await tempDir('cm-resources-');
  const [a, b2] = await exampleRollouts();
  b = b2;
  afterA = path.join(root, 'after-a');
  expect((await cli(['init', '--vault', afterA])).code).toBe(0);
  expect((await cli(['checkpoint', a, '--vault', afterA, '--yes'])).code).toBe(0);
  const clean = path.join(root, 'clean');
  await copyTree(afterA, clean);
  expect((await cli(['checkpoint', b, '--vault', clean, '--yes'])).code).toBe(0);
  job = { pre: await readTree(afterA), post: normaliseTree(await readTree(clean), since), since };
});

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

describe('a small disk of its own (tmpfs; needs root to mount)', () => {
  let disk: Tmpfs;
  beforeAll(async () => {
    disk = await mountTmpfs(path.join(root, 'mnt'), 4096);
    if (!disk.mounted) console.warn('resources: cannot mount a tmpfs here (needs root on Linux); disk-full and read-only cases skipped');
  });
  afterAll(async () => disk?.unmount());
  const whenMounted = (name: string, fn: () => Promise<void>) => test(name, async () => (disk.mounted ? fn() : undefined));

  whenMounted('the disk fills up at every point of a checkpoint: one clear line, nothing half-written, a rerun finishes', async () => {
    const outcomes = new Set<string>();
    // From no room at all to enough for everything, in steps of a few pages: each step runs out somewhere else.
    for (let room = 0; room <= 168 * 1024; room += 24 * 1024) {
      const vault = path.join(disk.dir, `v-${room}`);
      await copyTree(afterA, vault);
      const filler = await disk.fill(room);
      const r = await cli(['checkpoint', b, '--vault', vault, '--yes']);
      // A write refused for lack of room leaves no lock behind (an empty one would stall the next writer).
      await expect(fs.stat(path.join(vault, '.codex-memory/lock'))).rejects.toThrow();
      const where = `checkpoint with ${room >> 10} KiB free`;
      if (r.code === 0) {
        outcomes.add('fit');
      } else {
        expectOneClearLine(
          r,
          /^codex-memory checkpoint: Could not write .+: the disk is full \(ENOSPC\)\. Every note is either as it was or fully written; once there is free space, run `codex-memory checkpoint` again to finish\.$/,
        );
        outcomes.add(r.stderr.replace(/\d+/g, 'N'));
        await checkInterruptedVault(job, vault, where);
      }
      await fs.rm(filler);
      // With room again, the same command finishes the job.
      expect((await cli(['checkpoint', b, '--vault', vault, '--yes'])).code).toBe(0);
      await checkFinished(job, vault, `${where}, then run again with room`);
      await fs.rm(vault, { recursive: true, force: true });
    }
    // Not vacuous: the disk ran out at several different writes, and the last step had room enough.
    expect(outcomes.size).toBeGreaterThanOrEqual(3);
    expect(outcomes.has('fit')).toBe(true);
  });

  whenMounted('a read-only vault: one clear line, not a byte changed; writable again, the job completes', async () => {
    const vault = path.join(disk.dir, 'ro');
    await copyTree(afterA, vault);
    const before = await readTree(vault);
    disk.readOnly(true);
    try {
      const r = await cli(['checkpoint', b, '--vault', vault, '--yes']);
      expectOneClearLine(
        r,
        /^codex-memory checkpoint: Could not write .+: the file system is read-only \(EROFS\)\. .*once the vault is writable, run `codex-memory checkpoint` again/,
      );
      const undo = await cli(['undo', '--vault', vault]);
      expectOneClearLine(undo, /^codex-memory undo: Could not write .+: the file system is read-only \(EROFS\)\. .*run `codex-memory undo` again/);
      // Reading still works on a read-only vault.
      expect((await cli(['checkpoint', b, '--vault', vault, '--dry-run'])).code).toBe(0);
      expect((await cli(['context', 'NOAA cache', '--vault', vault, '--json'])).code).toBe(0);
    } finally {
      disk.readOnly(false);
    }
    expect(await readTree(vault)).toEqual(before);
    expect((await cli(['checkpoint', b, '--vault', vault, '--yes'])).code).toBe(0);
    await checkFinished(job, vault, 'after the vault was writable again');
  });
});

describe('size, with the heap capped at 256 MB', () => {
  test('a 10 MB single-line note in the project note: checkpoint, context, search and undo finish; the line survives', async () => {
    const vault = path.join(root, 'huge-note');
    await copyTree(afterA, vault);
    const project = path.join(vault, 'projects/tidepool.md');
    const paste = `Pasted gauge log: ${'2026-03-01T12:00:01Z harbour gauge 1.42 m ok; '.repeat(220_000)}`;
    expect(paste.length).toBeGreaterThan(10_000_000);
    const text = (await fs.readFile(project, 'utf8')).replace('## Decisions', `${paste}\n\n## Decisions`);
    await fs.writeFile(project, text);

    const capped = { NODE_OPTIONS: HEAP };
    const cp = await cli(['checkpoint', b, '--vault', vault, '--yes', '--json'], capped);
    expect([cp.code, cp.signal, cp.stderr.match(/heap out of memory|allocation failed/i)]).toEqual([0, null, null]);
    const applied = JSON.parse(cp.stdout) as { applied: string[]; changes: { path: string }[] };
    expect(applied.changes.some((c) => c.path === 'projects/tidepool.md')).toBe(true);
    const after = await fs.readFile(project, 'utf8');
    // The program added its bullets around the paste and never touched it.
    expect(after).toContain(`\n${paste}\n`);
    expect(after).not.toBe(text);

    const ctx = await cli(['context', 'harbour gauge', '--vault', vault, '--cwd', '/home/ana/src/tidepool', '--json'], capped);
    expect([ctx.code, ctx.signal]).toEqual([0, null]);
    const pack = JSON.parse(ctx.stdout) as { tokens: number; budget: number; text: string };
    expect(pack.tokens).toBeLessThanOrEqual(pack.budget);
    const found = await cli(['search', 'harbour', '--vault', vault, '--json'], capped);
    expect([found.code, found.signal]).toEqual([0, null]);
    expect((JSON.parse(found.stdout) as { items: { path: string; snippet: string }[] }).items[0]).toMatchObject({ path: 'projects/tidepool.md' });

    const undo = await cli(['undo', '--vault', vault], capped);
    expect([undo.code, undo.signal]).toEqual([0, null]);
    expect(await fs.readFile(project, 'utf8')).toBe(text);
  });

  test('a rollout bigger than the heap (320 MB) is checkpointed by streaming it', async () => {
    const home = path.join(root, 'big-home');
    const file = writeBigRollout(home, 320 * 1024 * 1024);
    const vault = path.join(root, 'big');
    await copyTree(afterA, vault);
    const r = await cli(['checkpoint', file, '--vault', vault, '--dry-run', '--json'], { NODE_OPTIONS: HEAP });
    expect([r.code, r.signal, r.stderr.match(/heap out of memory|allocation failed/i)]).toEqual([0, null, null]);
    const plan = JSON.parse(r.stdout) as { thread: string; changes: { path: string; text?: string }[] };
    expect(plan.thread).toBe(BIG_THREAD);
    // What the user said in the session made it through the gigabytes of tool output around it.
    expect(JSON.stringify(plan.changes)).toContain('three attempts');
    await fs.rm(home, { recursive: true, force: true });
  });
});

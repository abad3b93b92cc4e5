// Case 2a: the CLI killed (SIGKILL) between any two of its writes, hundreds of times. After every kill each note
// is wholly as it was or wholly as a clean run leaves it, and the ledger (as the next writer will read it)
// agrees with the notes; running the command again — itself killed once more first — finishes the job, and the
// vault then equals what one clean run leaves.
//
// The kills are exact, not timed: CODEX_MEMORY_CRASH_AFTER_WRITES=N (src/node/crash-point.ts) makes the child
// SIGKILL itself right after its N-th durable write (a temp file synced, a rename, a link, an append, the lock
// file). Each scenario is swept over every N until the command gets through, so every gap between two writes
// is hit.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { QUEUE_FILE, queueLine } from '../../src/core/delivery/queue';
import { exampleRollouts, EXAMPLES } from '../core/memory/fixtures';
import { requireBuiltCli, runBuiltCli, type ChildResult } from '../support/child-cli';
import { copyTree, normaliseTree, readTree, tempDir } from '../support/vault-files';
import { checkFinished, checkInterruptedVault, differenceFromClean, STATE, type Expectation } from '../support/vault-invariants';

jest.setTimeout(360_000);

/** Children run side by side: the machine has two cores and each child spends time waiting on fsync. */
const PARALLEL = 3;
const since = Date.now() - 60 * 60 * 1000;

interface Scenario {
  name: string;
  /** The vault before the command. */
  pre: string;
  /** argv; `--vault DIR` is appended. */
  args: string[];
  /**
   * Files whose wording may differ from a clean run's once a rerun finished the job (the inbox proposal says how
   * many changes the run itself applied; the queue's done line says the same): only that they exist is compared.
   */
  loose?: (rel: string) => boolean;
  /** Set in beforeAll: the vault before and after one clean run. */
  x?: Expectation;
}

let root: string;
let kills = 0;

function run(args: string[], vault: string, crashAfter?: number): Promise<ChildResult> {
  return runBuiltCli([...args, '--vault', vault], {
    env: { CODEX_HOME: EXAMPLES, ...(crashAfter ? { CODEX_MEMORY_CRASH_AFTER_WRITES: String(crashAfter) } : {}) },
  });
}

function wasKilled(r: ChildResult, what: string): boolean {
  if (r.signal === 'SIGKILL') {
    kills++;
    return true;
  }
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  return false;
}

/**
 * Whether running the command again is the way to finish: always for checkpoint and drain (a second run of the
 * same session changes nothing); for undo only while its job is unfinished, since an undo run after a finished
 * one undoes the checkpoint before (what a person running it twice asks for).
 */
async function needsRerun(s: Scenario, vault: string): Promise<boolean> {
  return s.args[0] !== 'undo' || (await differenceFromClean(s.x!, vault, true)) !== null;
}

/**
 * Kill after `n` writes; kill each rerun (which first finishes what the one before left) after the next of
 * `then`; finally run the command once more, to the end, and expect the vault of one clean run.
 */
async function killChain(s: Scenario, n: number, then: number[]): Promise<boolean> {
  const vault = path.join(root, `${s.name.replace(/\W+/g, '-')}-${n}`);
  await copyTree(s.pre, vault);
  if (!wasKilled(await run(s.args, vault, n), `${s.name} with a crash after ${n} writes`)) {
    await checkFinished(s.x!, vault, `${s.name}: uninterrupted`);
    await fs.rm(vault, { recursive: true, force: true });
    return false;
  }
  let where = `${s.name}: killed after ${n} writes`;
  await checkInterruptedVault(s.x!, vault, where);
  let killed = true;
  for (const m of then) {
    if (!(await needsRerun(s, vault))) break;
    killed = wasKilled(await run(s.args, vault, m), `${where}, rerun`);
    where += killed ? `, rerun killed after ${m}` : ', rerun to the end';
    if (!killed) break;
    await checkInterruptedVault(s.x!, vault, where);
  }
  if (killed && (await needsRerun(s, vault))) {
    const r = await run(s.args, vault);
    expect([where, r.code, r.signal]).toEqual([where, 0, null]);
    where += ', run again to the end';
    killed = false;
  }
  await checkFinished(s.x!, vault, where, killed);
  await fs.rm(vault, { recursive: true, force: true });
  return true;
}

/** Runs `jobs` with at most PARALLEL at a time; the first failure stops the queue (after running ones end). */
async function pool(jobs: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < jobs.length && failures.length === 0) await jobs[next++]().catch((e: unknown) => failures.push(e));
    }),
  );
  if (failures.length) throw failures[0];
}

const scenarios: Scenario[] = [];

beforeAll(async () => {
  requireBuiltCli();
  root = await tempDir('cm-crash-');
  const [a, b, c] = await exampleRollouts();
  const stage = async (name: string, from: string | null, args: string[][]): Promise<string> => {
    const dir = path.join(root, `stage-${name}`);
    if (from) await copyTree(from, dir);
    else expect((await runBuiltCli(['init', '--vault', dir])).code).toBe(0);
    for (const a2 of args) expect((await run(a2, dir)).code).toBe(0);
    return dir;
  };
  const fresh = await stage('fresh', null, []);
  const afterA = await stage('a', fresh, [['checkpoint', a, '--yes']]);
  const afterAB = await stage('ab', afterA, [['checkpoint', b, '--yes']]);
  const afterABC = await stage('abc', afterAB, [['checkpoint', c, '--yes']]);
  // What a Stop hook leaves for the background drain, per auto-checkpoint setting.
  const queued = async (mode: 'apply' | 'inbox'): Promise<string> => {
    const dir = await stage(`queued-${mode}`, afterA, []);
    const data = path.join(dir, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ version: 1, autoCheckpoint: mode }));
    const thread = path.basename(b).slice('rollout-2026-03-04T16-40-31-'.length, -'.jsonl'.length);
    await fs.writeFile(
      path.join(dir, STATE, QUEUE_FILE),
      queueLine({ thread, transcript: b, cwd: '/home/ana/src/tidepool', event: 'stop', at: new Date().toISOString() }),
    );
    return dir;
  };
  const drainLoose = (rel: string) => rel.startsWith('agent/inbox/') || rel === `${STATE}/${QUEUE_FILE}` || rel === `${STATE}/inbox-proposals.json`;

  scenarios.push(
    { name: 'checkpoint A into a fresh vault', pre: fresh, args: ['checkpoint', a, '--yes'] },
    { name: 'checkpoint B onto A', pre: afterA, args: ['checkpoint', b, '--yes'] },
    { name: 'checkpoint C onto A and B', pre: afterAB, args: ['checkpoint', c, '--yes'] },
    { name: 'undo C', pre: afterABC, args: ['undo'] },
    { name: 'hook drain (auto-checkpoint: apply) of B onto A', pre: await queued('apply'), args: ['hook', 'drain'], loose: drainLoose },
    { name: 'hook drain (auto-checkpoint: inbox) of B onto A', pre: await queued('inbox'), args: ['hook', 'drain'], loose: drainLoose },
  );
  await pool(
    scenarios.map((s) => async () => {
      const pre = await readTree(s.pre);
      const clean = path.join(root, `clean-${s.name.replace(/\W+/g, '-')}`);
      await copyTree(s.pre, clean);
      expect((await run(s.args, clean)).code).toBe(0);
      s.x = { pre, post: normaliseTree(await readTree(clean), since), since, loose: s.loose };
    }),
  );
});

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

test('killed between any two writes, at least 200 times: nothing half-written, the ledger agrees, a rerun finishes', async () => {
  // Every N from 1 until the command gets through, for each scenario, all in one queue; each rerun is killed
  // too, after a pseudo-random few writes (fixed seed: a failure can be replayed).
  const jobs: (() => Promise<void>)[] = [];
  const done = new Map<string, number>();
  let x = 0x2f6b1d3;
  const rng = (k: number) => ((x = (x * 1103515245 + 12345) & 0x7fffffff), 1 + (x % k));
  const sweep =
    (s: Scenario, n: number, then: number[]): (() => Promise<void>) =>
    async () => {
      if ((done.get(s.name) ?? Infinity) < n) return;
      if (!(await killChain(s, n, then))) done.set(s.name, Math.min(done.get(s.name) ?? Infinity, n));
    };
  for (let n = 1; n <= 40; n++) for (const s of scenarios) jobs.push(sweep(s, n, [rng(5), rng(5)]));
  await pool(jobs);
  const points = scenarios.map((s) => `${s.name}: ${done.get(s.name)! - 1} crash points`);
  process.stderr.write(`crash test: ${kills} kills\n  ${points.join('\n  ')}\n`);
  for (const s of scenarios) expect(done.get(s.name)).toBeLessThan(40);
  expect(kills).toBeGreaterThanOrEqual(200);
});

// Case 2b: two writers at once never interleave or lose a change, and a person who edits a note between the plan
// and the apply wins. The writers are real processes of the built CLI; the result is compared with what the
// same work done one after the other leaves (in either order), ignoring only the clock.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { readQueue } from '../../src/core/delivery/queue';
import { LedgerStore } from '../../src/core/memory/ledger';
import { runCli } from '../../src/cli/run';
import { openNodeVault } from '../../src/node/open-vault';
import { exampleRollouts, EXAMPLES } from '../core/memory/fixtures';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { stopBody } from '../support/delivery-vault';
import { copyTree, normaliseTree, readTree, tempDir, type Files } from '../support/vault-files';

jest.setTimeout(120_000);

const since = Date.now() - 60 * 60 * 1000;
let root: string;
let afterA: string;
let b: string;
let c: string;

const env = { CODEX_HOME: EXAMPLES };
const cli = (args: string[]) => runBuiltCli(args, { env });

/** Notes and ledger, normalised; the lock, logs, the queue and the inbox index are bookkeeping of who ran when. */
async function outcome(vault: string): Promise<Files> {
  const all = normaliseTree(await readTree(vault), since);
  const keep = (k: string) => !/^\.codex-memory\/(lock|drain\.lock|log|queue\.jsonl|undo-.*|recall\/.*)$/.test(k) && !k.startsWith('.obsidian/');
  const out = Object.fromEntries(Object.entries(all).filter(([k]) => keep(k)));
  // The ledger's checkpoint list is in the order the runs happened; what it records per session is compared.
  if (out['.codex-memory/ledger.json']) {
    const l = JSON.parse(out['.codex-memory/ledger.json']) as { checkpoints: { thread: string }[]; lastTx?: string };
    l.checkpoints.sort((x, y) => x.thread.localeCompare(y.thread));
    delete l.lastTx;
    out['.codex-memory/ledger.json'] = JSON.stringify(l, null, 2);
  }
  return out;
}

/** What running `first` then `second` one after the other leaves, from a copy of `from`. */
async function sequential(from: string, runs: string[][], name: string): Promise<Files> {
  const dir = path.join(root, name);
  await copyTree(from, dir);
  for (const args of runs) expect((await cli([...args, '--vault', dir])).code).toBe(0);
  return outcome(dir);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  requireBuiltCli();
  root = await tempDir('cm-concurrency-');
  const [a, b2, c2] = await exampleRollouts();
  b = b2;
  c = c2;
  afterA = path.join(root, 'after-a');
  expect((await cli(['init', '--vault', afterA])).code).toBe(0);
  expect((await cli(['checkpoint', a, '--vault', afterA, '--yes'])).code).toBe(0);
});

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

test('two CLI processes checkpointing two sessions at once: both land whole, as if run one after the other', async () => {
  const bThenC = await sequential(
    afterA,
    [
      ['checkpoint', b, '--yes'],
      ['checkpoint', c, '--yes'],
    ],
    'b-then-c',
  );
  const cThenB = await sequential(
    afterA,
    [
      ['checkpoint', c, '--yes'],
      ['checkpoint', b, '--yes'],
    ],
    'c-then-b',
  );
  for (let round = 0; round < 3; round++) {
    const dir = path.join(root, `together-${round}`);
    await copyTree(afterA, dir);
    const [rb, rc] = await Promise.all([cli(['checkpoint', b, '--vault', dir, '--yes']), cli(['checkpoint', c, '--vault', dir, '--yes'])]);
    expect([rb.code, rb.stderr.includes('Error'), rc.code, rc.stderr.includes('Error')]).toEqual([0, false, 0, false]);
    // Neither run skipped a change because the other had just written the note.
    expect(`${rb.stdout}${rc.stdout}`).not.toContain('not written');
    const got = await outcome(dir);
    expect([bThenC, cThenB]).toContainEqual(got);
  }
});

test('a Stop hook (auto-checkpoint: apply) firing while a checkpoint holds the lock: both sessions land, nothing lost', async () => {
  const dir = path.join(root, 'hook-during-checkpoint');
  await copyTree(afterA, dir);
  const data = path.join(dir, '.obsidian/plugins/codex-memory/data.json');
  await fs.mkdir(path.dirname(data), { recursive: true });
  await fs.writeFile(data, JSON.stringify({ version: 1, autoCheckpoint: 'apply' }));
  const reference = await sequential(
    dir,
    [
      ['checkpoint', c, '--yes'],
      ['checkpoint', b, '--yes'],
    ],
    'c-then-b-apply',
  );

  const lock = path.join(dir, '.codex-memory/lock');
  const checkpoint = cli(['checkpoint', c, '--vault', dir, '--yes']);
  await waitFor(
    'the checkpoint to take the vault lock',
    () =>
      fs.stat(lock).then(
        () => true,
        () => false,
      ),
    30_000,
  );
  const threadB = path.basename(b).slice(-'0195a8e0-41b2-7c55-8d20-6a7b8c9d0e02.jsonl'.length, -'.jsonl'.length);
  const hook = await runBuiltCli(['hook', 'stop', '--vault', dir], { stdin: stopBody(b, '/home/ana/src/tidepool', 'Stop', threadB) });
  expect(hook).toMatchObject({ code: 0, stdout: '', stderr: '' });
  expect((await checkpoint).code).toBe(0);
  const done = await waitFor('the background drain to finish', async () => {
    const q = readQueue(await fs.readFile(path.join(dir, '.codex-memory/queue.jsonl'), 'utf8').catch(() => null));
    // Done in the queue, and the drain gone (after its last checkpoint it still warms the index, holding its lock).
    const gone = await fs.stat(path.join(dir, '.codex-memory/drain.lock')).then(
      () => false,
      () => true,
    );
    return q.pending.length === 0 && gone && q.done.get(threadB);
  });
  expect(done.result).toBe('applied');
  expect(await outcome(dir)).toEqual(reference);
});

test('a person edits a note between the plan and the apply: their edit stays, that change is skipped and said so', async () => {
  const dir = path.join(root, 'edit-between');
  await copyTree(afterA, dir);
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', () => undefined);
  const running = runCli(['checkpoint', c, '--vault', dir], { stdin, stdout, stderr, env, cwd: root, isTTY: true });
  await waitFor('the question', async () => /Apply \d+ changes?\? \[y\/N\] $/.test(out));
  // The plan is on screen; the person adds a line of their own to a note it will add to, then answers yes.
  const target = /^c\d+ +add +(\S+\.md) /m.exec(out)?.[1];
  expect(target).toBeDefined();
  const file = path.join(dir, target!);
  const mine = `${await fs.readFile(file, 'utf8')}\n- My own line, typed while the plan was on screen\n`;
  await fs.writeFile(file, mine);
  stdin.write('y\n');
  expect(await running).toBe(0);

  expect(await fs.readFile(file, 'utf8')).toBe(mine);
  expect(out).toContain(`  not written  ${target}: changed since the plan was made; not written`);
  // The rest of the plan went ahead: the session note was written.
  expect(out).toMatch(/ {2}wrote {2}agent\/sessions\/2026-03-09 /);
  // The ledger does not claim what it did not write.
  const vault = await openNodeVault(dir);
  const ledger = await new LedgerStore(vault.state).read();
  expect(Object.values(ledger.items).filter((i) => i.path === target && i.thread.startsWith('0195bc41'))).toEqual([]);
});

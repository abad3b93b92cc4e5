// `codex-memory goal` against a real temp vault: set a goal with its oracle, see it lead the context a new
// session gets, show it as JSON, close it; bad input changes nothing.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { runCliCaptured } from '../support/cli';

let vault: string;
const repo = '/home/oskar/src/heron-ledger';

beforeEach(async () => {
  vault = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-goal-'));
  expect((await runCliCaptured(['init', '--vault', vault])).code).toBe(0);
  await fs.writeFile(
    path.join(vault, 'projects', 'heron-ledger.md'),
    `---\ntype: project\nrepo:\n  - ${repo}\n---\n# heron-ledger\n\nDouble-entry ledger for the bird sanctuary's donations.\n`,
  );
});
afterEach(() => fs.rm(vault, { recursive: true, force: true }));

test('set, then the next session leads with it, then show --json, then done', async () => {
  const set = await runCliCaptured([
    'goal',
    'set',
    'Reconcile every 2025 donation',
    '--oracle',
    'pytest tests/reconcile',
    '--vault',
    vault,
    '--cwd',
    `${repo}/src`,
  ]);
  expect(set).toMatchObject({ code: 0, stdout: 'Goal set in projects/heron-ledger.md.\n' });
  const note = await fs.readFile(path.join(vault, 'projects', 'heron-ledger.md'), 'utf8');
  expect(note).toMatch(
    /## Goal\n\n- Objective: Reconcile every 2025 donation \^cm-\w+\n- Oracle: `pytest tests\/reconcile` \^cm-\w+\n- Status: active \^cm-\w+\n/,
  );
  expect(note).toContain('Double-entry ledger');

  const ctx = await runCliCaptured(['context', '', '--vault', vault, '--cwd', repo, '--json']);
  const pack = JSON.parse(ctx.stdout) as { text: string; tokens: number; items: { why: string }[] };
  expect(pack.text.split('\n').slice(0, 5)).toEqual([
    expect.stringMatching(/^Active goal of this project/),
    '- Objective: Reconcile every 2025 donation ([[projects/heron-ledger]])',
    '- Oracle: `pytest tests/reconcile`',
    '- Last result: not run yet',
    '- Next step: run `pytest tests/reconcile` to get a first result',
  ]);
  expect(pack.items[0].why).toBe('active goal');
  expect(Math.abs(pack.tokens - countTokens(pack.text))).toBeLessThanOrEqual(2);

  const again = await runCliCaptured(['goal', 'set', 'Something else', '--oracle', 'make', '--vault', vault, '--project', 'heron-ledger']);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/already has a goal \(active\)/);

  const show = await runCliCaptured(['goal', 'show', '--json', '--vault', vault, '--project', 'heron-ledger']);
  expect(JSON.parse(show.stdout)).toMatchObject({
    objective: 'Reconcile every 2025 donation',
    oracle: 'pytest tests/reconcile',
    status: 'active',
    results: [],
  });

  expect((await runCliCaptured(['goal', 'done', '--vault', vault, '--project', 'heron-ledger'])).stdout).toMatch(/marked done/);
  const after = JSON.parse((await runCliCaptured(['goal', 'show', '--json', '--vault', vault, '--cwd', repo])).stdout) as { status: string };
  expect(after.status).toBe('done');
  const quiet = await runCliCaptured(['context', '', '--vault', vault, '--cwd', repo]);
  expect(quiet.stdout).not.toMatch(/Active goal/);
});

test('usage errors exit 2 and write nothing', async () => {
  const before = await fs.readFile(path.join(vault, 'projects', 'heron-ledger.md'), 'utf8');
  expect((await runCliCaptured(['goal', 'set', 'x', '--vault', vault])).code).toBe(2);
  expect((await runCliCaptured(['goal', 'launch', '--vault', vault, '--project', 'p'])).code).toBe(2);
  expect((await runCliCaptured(['goal', 'done', '--vault', vault, '--project', 'heron-ledger'])).code).toBe(1);
  expect(await fs.readFile(path.join(vault, 'projects', 'heron-ledger.md'), 'utf8')).toBe(before);
});

// `codex-memory sessions` run in-process against real temp CODEX_HOMEs (and the shared one when present).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LedgerStore, emptyLedger } from '../../src/core/memory/ledger';
import { openNodeVault } from '../../src/node/open-vault';
import { OWN_FIXTURE, OWN_ID, rolloutText, sessionPath, tempDir, writeFile } from '../node/support/temp-codex-home';
import { runCliCaptured } from '../support/cli';
import { describeShared, sharedDir } from '../support/shared';

const OTHER = '0199c000-0000-7000-8000-0000000000aa';
let home: string;

beforeAll(async () => {
  home = await tempDir();
  await writeFile(sessionPath(home, OWN_ID), await fs.readFile(OWN_FIXTURE));
  await writeFile(
    sessionPath(home, OTHER, '2026-09-20'),
    rolloutText({
      id: OTHER,
      cwd: '/home/ana/src/billing',
      prompt: 'Why is the invoice PDF blank?',
      start: '2026-09-20T08:00:00.000Z',
      finished: false,
    }),
  );
  await writeFile(path.join(home, 'session_index.jsonl'), JSON.stringify({ id: OWN_ID, thread_name: 'Nightly export', updated_at: 'x' }) + '\n');
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

test('a readable table, newest first, with project, status and first prompt', async () => {
  const r = await runCliCaptured(['sessions', '--codex-home', home]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const rows = r.stdout.trimEnd().split('\n');
  expect(rows[0]).toMatch(/^UPDATED\s+STATUS\s+SAVED\s+PROJECT\s+THREAD\s+NAME \/ FIRST PROMPT$/);
  expect(rows).toHaveLength(3);
  expect(rows[1]).toMatch(/unfinished\s+-\s+billing\s+0199c000\s+Why is the invoice PDF blank\?/);
  expect(rows[2]).toMatch(/finished\s+-\s+atlas\s+0199a1b2\s+Nightly export: Find out why the nightly export job fails/);
});

test('CODEX_HOME from the environment is used when no flag is given', async () => {
  const r = await runCliCaptured(['sessions', '--json'], { env: { CODEX_HOME: home } });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toHaveLength(2);
});

test('--json has the DESIGN.md shape', async () => {
  const r = await runCliCaptured(['sessions', '--codex-home', home, '--json']);
  expect(r.code).toBe(0);
  const list = JSON.parse(r.stdout) as Record<string, unknown>[];
  expect(list.map((s) => s.thread)).toEqual([OTHER, OWN_ID]);
  for (const s of list) {
    expect(Object.keys(s).sort()).toEqual(
      [
        'branch',
        'checkpointed',
        'commit',
        'cwd',
        'finished',
        'first_prompt',
        'name',
        'path',
        'remote',
        'size',
        'started',
        'thread',
        'updated',
      ].sort(),
    );
  }
  expect(list[1]).toMatchObject({
    thread: OWN_ID,
    name: 'Nightly export',
    cwd: '/home/ana/src/atlas',
    branch: 'fix/nightly-export',
    commit: '5f3a9c1e7b2d4f6081a3c5e7092b4d6f8a1c3e50',
    remote: 'https://github.com/ana-lima/atlas.git',
    started: '2026-09-14T08:00:00.250Z',
    finished: true,
    checkpointed: false,
    first_prompt: 'Find out why the nightly export job fails, and check GitHub issue #88 about it.',
    path: sessionPath(home, OWN_ID),
    size: (await fs.stat(OWN_FIXTURE)).size,
  });
  expect(list[0]).toMatchObject({ finished: false, name: null });
});

test('--vault marks the sessions that vault has checkpointed', async () => {
  const vaultDir = await tempDir('cm-vault-');
  try {
    const vault = await openNodeVault(vaultDir);
    const ledger = emptyLedger();
    ledger.sessions[OWN_ID] = { note: 'agent/sessions/x.md', checkpoint: 'c1', at: '2026-09-14T10:00:00Z', turns: 3 };
    await new LedgerStore(vault.state, vault.store.stateDir).write(ledger);
    const r = await runCliCaptured(['sessions', '--codex-home', home, '--vault', vaultDir, '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { thread: string; checkpointed: boolean }[];
    expect(list.map((s) => [s.thread, s.checkpointed])).toEqual([
      [OTHER, false],
      [OWN_ID, true],
    ]);
    const table = await runCliCaptured(['sessions', '--codex-home', home, '--vault', vaultDir]);
    expect(table.stdout).toMatch(/finished\s+yes\s+atlas/);
  } finally {
    await fs.rm(vaultDir, { recursive: true, force: true });
  }
});

test('a missing CODEX_HOME is a clear one-line error, exit 1', async () => {
  const missing = path.join(home, 'does-not-exist');
  const r = await runCliCaptured(['sessions', '--codex-home', missing]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`codex-memory sessions: No Codex home at ${missing}. Set CODEX_HOME or pass --codex-home DIR.\n`);
});

test('an empty CODEX_HOME says so, exit 1', async () => {
  const empty = await tempDir();
  try {
    const r = await runCliCaptured(['sessions', '--codex-home', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No Codex sessions in .*: it has no sessions\/ folder\. Is this the right CODEX_HOME\?\n$/);
    await fs.mkdir(path.join(empty, 'sessions'));
    const r2 = await runCliCaptured(['sessions', '--codex-home', empty]);
    expect(r2.stderr).toMatch(/its sessions\/ and archived_sessions\/ folders are empty/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  } finally {
    await fs.rm(empty, { recursive: true, force: true });
  }
});

test('unknown options are usage errors (exit 2)', async () => {
  const r = await runCliCaptured(['sessions', '--codex-hom', home]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('Usage:\n  codex-memory sessions');
});

describeShared('the shared CODEX_HOME', () => {
  test('lists all five sessions, the truncated one unfinished', async () => {
    const r = await runCliCaptured(['sessions', '--codex-home', path.join(sharedDir ?? '', 'fixtures/codex-sessions'), '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { thread: string; finished: boolean; name: string | null }[];
    expect(list).toHaveLength(5);
    expect(list.filter((s) => !s.finished).map((s) => s.thread)).toEqual(['019dd31f-58a5-7269-ab11-0b75d05d1964']);
    expect(list.find((s) => s.thread.startsWith('01a01e05'))!.name).toBe('Revolut BOM check');
  });
});

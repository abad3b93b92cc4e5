// `codex-memory session (FILE | THREAD_ID)` run in-process against real files and temp CODEX_HOMEs.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { OWN_FIXTURE, OWN_ID, sessionPath, tempDir, writeFile } from '../node/support/temp-codex-home';
import { runCliCaptured } from '../support/cli';
import { describeShared, sharedDir } from '../support/shared';

let home: string;
beforeAll(async () => {
  home = await tempDir();
  await writeFile(sessionPath(home, OWN_ID), await fs.readFile(OWN_FIXTURE));
  await writeFile(path.join(home, 'session_index.jsonl'), JSON.stringify({ id: OWN_ID, thread_name: 'Nightly export', updated_at: 'x' }) + '\n');
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

test('by thread id: a readable transcript without injected context', async () => {
  const r = await runCliCaptured(['session', OWN_ID, '--codex-home', home]);
  expect(r.code).toBe(0);
  expect(r.stdout.startsWith('Session  0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b  "Nightly export"\n')).toBe(true);
  expect(r.stdout).toContain('Project  /home/ana/src/atlas  (fix/nightly-export @ 5f3a9c1)');
  expect(r.stdout).toContain('You:\n  Find out why the nightly export job fails');
  expect(r.stdout).toContain('$ journalctl -u nightly-export --since yesterday | tail -3  (exit 1)');
  expect(r.stdout).toContain('+ migrations/0042_grant_usage.sql');
  expect(r.stdout).toContain('Codex:\n  Added `migrations/0042_grant_usage.sql`');
  expect(r.stdout).not.toMatch(/AGENTS\.md instructions|environment_context|permissions instructions|Use make targets/);
});

test('by file path (relative to the working directory), as JSON in the DESIGN.md shape', async () => {
  const r = await runCliCaptured(['session', path.relative(home, sessionPath(home, OWN_ID)), '--json'], { cwd: home, env: { CODEX_HOME: home } });
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({
    thread: OWN_ID,
    path: sessionPath(home, OWN_ID),
    format: 'envelope',
    cwd: '/home/ana/src/atlas',
    model: 'gpt-5.5',
    started: '2026-09-14T08:00:00.250Z',
    branch: 'fix/nightly-export',
    commit: '5f3a9c1e7b2d4f6081a3c5e7092b4d6f8a1c3e50',
    remote: 'https://github.com/ana-lima/atlas.git',
    name: 'Nightly export',
    counts: { user_prompts: 3, turns: 3, tool_calls: 4, final_answers: 2, invalid_lines: 0 },
    files_changed: ['migrations/0042_grant_usage.sql', 'docs/runbook.md'],
    redactions: {},
  });
  expect(j.prompts).toHaveLength(3);
  expect(j.final_answers).toHaveLength(2);
});

test('a thread id prefix is enough when it is unique', async () => {
  const r = await runCliCaptured(['session', '0199a1b2-c3d4', '--codex-home', home, '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).thread).toBe(OWN_ID);
});

test('secrets are redacted in the transcript and counted in the JSON', async () => {
  const dir = await tempDir();
  try {
    const token = ['ghp_', 'R8t2Yv6Bn1Mq4Wz7Xc3Kd9Lf5Hg0Js2Pa8Qe'].join('');
    const text = (await fs.readFile(OWN_FIXTURE, 'utf8')).replace(
      'check GitHub issue #88 about it.',
      `check GitHub issue #88 about it. My token is ${token}`,
    );
    const file = await writeFile(path.join(dir, `rollout-2026-09-14T10-00-00-${OWN_ID}.jsonl`), text);
    const t = await runCliCaptured(['session', file, '--codex-home', dir]);
    expect(t.stdout).toContain('My token is [REDACTED:github-token]');
    expect(t.stdout).not.toContain(token);
    expect(t.stdout).toContain('Secrets  1 redacted');
    const j = await runCliCaptured(['session', file, '--codex-home', dir, '--json']);
    expect(JSON.parse(j.stdout).redactions).toEqual({ 'github-token': 1 });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

describe('clear failures, never a stack trace', () => {
  test.each([
    [
      'an unknown thread id',
      () => ['session', 'ffffffff-ffff-7fff-8fff-ffffffffffff', '--codex-home', home],
      1,
      /No session with thread id ffffffff-ffff-7fff-8fff-ffffffffffff in .*Run codex-memory sessions/,
    ],
    ['a missing file', () => ['session', 'no/such/rollout.jsonl', '--codex-home', home], 1, /No such file: .*no\/such\/rollout\.jsonl/],
    ['a folder', () => ['session', home], 1, /is a folder; give a rollout file/],
    ['a thread id with no CODEX_HOME', () => ['session', OWN_ID, '--codex-home', path.join(home, 'nope')], 1, /No Codex home at .*nope/],
    ['no argument', () => ['session'], 2, /give a rollout file or a thread id\nUsage:/],
  ])('%s', async (_name, argv, code, message) => {
    const r = await runCliCaptured(argv());
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a file that is not a rollout', async () => {
    const file = await writeFile(path.join(home, 'notes.jsonl'), '{"todo":"buy milk"}\n');
    const r = await runCliCaptured(['session', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`codex-memory session: ${file} is not a Codex session file (no session lines in it)\n`);
  });
});

describeShared('shared fixtures through the CLI', () => {
  test('the truncated rollout parses, reporting its invalid last line', async () => {
    const file = path.join(
      sharedDir ?? '',
      'fixtures/codex-sessions/sessions/2026/04/28/rollout-2026-04-28T10-05-40-019dd31f-58a5-7269-ab11-0b75d05d1964.jsonl',
    );
    const r = await runCliCaptured(['session', file, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.counts).toEqual({ user_prompts: 1, turns: 1, tool_calls: 3, web_searches: 0, final_answers: 0, invalid_lines: 1 });
    expect(j.finished).toBe(false);
    const t = await runCliCaptured(['session', file]);
    expect(t.stdout).toContain('Status   unfinished (the file ends in a half-written line)');
  });

  test('the compressed rollout by thread id', async () => {
    const r = await runCliCaptured([
      'session',
      '019fd7b2-43ed-7a0c-b021-6aac2f1d8b11',
      '--codex-home',
      path.join(sharedDir ?? '', 'fixtures/codex-sessions'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ container: 'jsonl.zst', format: 'paginated', counts: { user_prompts: 1, turns: 1, tool_calls: 1, final_answers: 1 } });
  });
});

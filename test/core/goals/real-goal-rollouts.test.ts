// Goals as the real Codex 0.171.0 writes them (recorded by `npm run test:e2e` against the scripted model and
// kept in test/fixtures/codex-goal/): session 1 calls create_goal and runs the oracle, which fails; Codex
// then starts a goal-continuation turn (turn_trigger "goal") that `codex exec` aborts as it exits. Session 2
// runs the oracle again and it passes.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listSessions } from '../../../src/node/session-list';
import { summarizeSession } from '../../../src/core/codex/session-summary';
import { tempDir } from '../../node/support/temp-codex-home';
import { oracleRuns, sessionGoal } from '../../../src/core/goals/from-thread';
import { threadCounts } from '../../../src/core/codex/thread-view';
import { parseRolloutFile } from '../../../src/node/rollout-source';

const dir = path.join(__dirname, '../../fixtures/codex-goal');
const ORACLE = 'sh check-goal.sh';

test('session 1: the goal from create_goal, the failing oracle run, and the aborted continuation turn', async () => {
  const thread = await parseRolloutFile(path.join(dir, 'goal-session-1.jsonl'));
  expect(thread.parse.invalidLines).toBe(0);
  expect(sessionGoal(thread)).toMatchObject({
    objective: 'Every invoice has a PDF; it must pass sh check-goal.sh',
    source: 'create_goal',
    acceptance: 'It must pass `sh check-goal.sh`',
  });
  const runs = oracleRuns(thread, ORACLE);
  expect(runs.map((r) => [r.summary, r.passed, r.exitCode])).toEqual([['1 passed, 1 failed', false, 1]]);
  // One typed prompt, two turns: the second is Codex's own goal continuation, cut short by exec's exit.
  expect(threadCounts(thread)).toMatchObject({ user_prompts: 1, turns: 2, final_answers: 1 });
  // Nothing happened in that aborted turn: the session is finished, so it is checkpointed like any other.
  expect(thread.finished).toBe(true);
});

test('the session list reads session 1 as finished too, from the head or from the tail alone', async () => {
  const home = await tempDir();
  const dest = path.join(home, 'sessions/2026/12/07/rollout-2026-12-07T06-58-17-01a24f4b-ce70-7a31-b445-917ca4de2ddc.jsonl');
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.copyFile(path.join(dir, 'goal-session-1.jsonl'), dest);
  for (const opts of [{}, { headBytes: 4096, tailBytes: 8192 }]) {
    const { sessions } = await listSessions(home, opts);
    expect(sessions.map((s) => [s.thread, s.finished])).toEqual([['01a24f4b-ce70-7a31-b445-917ca4de2ddc', true]]);
  }
});

test('session 2: no new goal of its own; the oracle now passes', async () => {
  const thread = await parseRolloutFile(path.join(dir, 'goal-session-2.jsonl'));
  expect(sessionGoal(thread)).toBeNull();
  expect(oracleRuns(thread, ORACLE).map((r) => [r.summary, r.passed])).toEqual([['2 passed', true]]);
});

test('read from its two ends only (a large file), session 1 is finished; a turn that did work and was aborted is not', async () => {
  const text = await fs.readFile(path.join(dir, 'goal-session-1.jsonl'), 'utf8');
  const ends = (body: string) =>
    summarizeSession({
      path: 'rollout.jsonl',
      size: body.length,
      mtime: new Date(),
      head: body.slice(0, 36_000),
      headComplete: false,
      tail: body.slice(-12_000),
    });
  expect(ends(text).finished).toBe(true);
  // The same continuation turn, but it ran a command before the abort: the session was cut short.
  const lines = text.trimEnd().split('\n');
  const abort = lines.findIndex((l) => l.includes('"turn_aborted"') && l.includes('"event_msg"'));
  const call = lines.find((l) => l.includes('"function_call"') && l.includes('exec_command'))!;
  expect(ends([...lines.slice(0, abort), call, ...lines.slice(abort)].join('\n') + '\n').finished).toBe(false);
});

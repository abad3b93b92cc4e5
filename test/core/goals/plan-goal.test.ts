// The checkpoint and a project's goal: each oracle run a session made becomes a dated result linked to the
// session; a passing run proposes `Status: done` for review and never applies it; the person's lines win.
import { applyPlan } from '../../../src/core/memory/apply';
import { planCheckpoint } from '../../../src/core/memory/planner';
import type { Plan } from '../../../src/core/memory/plan';
import type { ToolCall, Turn } from '../../../src/core/codex/thread';
import { goalInNote } from '../../../src/core/goals/note-goal';
import { checkpointLearnings, makeLearnings, makeThread, tempVault, turn, type TempVault } from '../memory/fixtures';

const PROJECT = 'projects/Tidepool.md';
const projectNote = (goal: string) =>
  `---\ntype: project\nrepo:\n  - /home/ana/src/tidepool\n---\n# Tidepool\n\nTide-table sync service.\n\n## Goal\n\n${goal}\n`;

function exec(command: string, output: string, exitCode: number): ToolCall {
  return { callId: `call-${command.length}-${exitCode}`, name: 'exec_command', kind: 'exec', input: command, output, exitCode };
}

function call(name: string, args: object, output: string): ToolCall {
  return { callId: `call-${name}`, name, kind: 'other', input: JSON.stringify(args), output };
}

function session(id: string, calls: ToolCall[], prompt = 'Keep going on the port.'): ReturnType<typeof makeThread> {
  const t: Turn = {
    ...turn(1, prompt, 'Ran the suite.'),
    toolCalls: calls,
    startedAt: '2026-12-03T09:00:00.000Z',
    endedAt: '2026-12-03T09:30:00.000Z',
  };
  return makeThread({ id, turns: [t], startedAt: '2026-12-03T09:00:00.000Z', updatedAt: '2026-12-03T09:30:00.000Z' });
}

async function checkpoint(v: TempVault, thread: ReturnType<typeof makeThread>): Promise<Plan> {
  return (await checkpointLearnings(v, thread, makeLearnings([], { thread: thread.id }), '2026-12-03T12:00:00.000Z')).plan;
}

let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
});
afterEach(() => v.cleanup());

test('a failing run, then a passing one: both results logged with their sessions; done is only proposed', async () => {
  await v.writeText(
    PROJECT,
    projectNote('- Objective: port the tide parser to Rust ^g-obj\n- Oracle: `cargo test` ^g-oracle\n- Status: active ^g-status'),
  );
  const first = await checkpoint(
    v,
    session('aaaa0000-0000-7000-8000-000000000001', [exec('cargo test', 'test result: FAILED. 142 passed; 8 failed; 0 ignored', 101)]),
  );
  expect(first.changes.filter((c) => c.kind === 'goal').map((c) => [c.op, c.text])).toEqual([
    ['update', expect.stringMatching(/^2026-12-03: 142 passed, 8 failed \(\[\[agent\/sessions\/.+\]\]\)$/)],
  ]);

  const second2 = session('aaaa0000-0000-7000-8000-000000000002', [exec('cd core && cargo test', 'test result: ok. 150 passed; 0 failed', 0)]);
  const second = await checkpoint(v, second2);
  const done = second.changes.find((c) => c.text?.startsWith('Status: done'));
  expect(done).toMatchObject({ op: 'update', needsReview: true });

  const { goal } = goalInNote(PROJECT, await v.readText(PROJECT));
  expect(goal?.results.map((r) => [r.summary, r.passed])).toEqual([
    ['142 passed, 8 failed', false],
    ['150 passed', true],
  ]);
  expect(new Set(goal?.results.map((r) => r.link)).size).toBe(2);
  // Not applied without review: the goal is still active.
  expect(goal?.status).toBe('active');
  // The person accepts the proposal (planned again against the note as it now is, as the inbox does).
  const review = await planCheckpoint({
    thread: second2,
    learnings: makeLearnings([], { thread: second2.id }),
    vault: v.store,
    ledger: await v.ledger.read(),
    settings: v.settings,
    now: '2026-12-03T12:00:00.000Z',
  });
  expect(review.changes.filter((c) => c.kind === 'goal').map((c) => c.text)).toEqual([done!.text]);
  await applyPlan(review, [review.changes.find((c) => c.kind === 'goal')!.id], v.store, v.ledger);
  expect(goalInNote(PROJECT, await v.readText(PROJECT)).goal?.status).toBe('done');
});

test('a checkpoint run again adds nothing, and a result the person edited or deleted stays that way', async () => {
  await v.writeText(PROJECT, projectNote('- Objective: port the tide parser ^g-obj\n- Oracle: `cargo test` ^g-oracle\n- Status: active ^g-status'));
  const thread = session('bbbb0000-0000-7000-8000-000000000001', [exec('cargo test', '3 passed; 1 failed', 101)]);
  await checkpoint(v, thread);
  const text = await v.readText(PROJECT);
  const edited = text.replace(/2026-12-03: 3 passed, 1 failed/, '2026-12-03: 3 passed, 1 failed (flaky clock test, ignore)');
  await v.writeText(PROJECT, edited);
  const again = await checkpoint(v, thread);
  expect(again.changes.filter((c) => c.kind === 'goal')).toEqual([]);
  expect(await v.readText(PROJECT)).toBe(edited);

  const deleted = edited.replace(/^- 2026-12-03:.*\n/m, '');
  await v.writeText(PROJECT, deleted);
  await checkpoint(v, thread);
  expect(await v.readText(PROJECT)).toBe(deleted);
});

test("Codex's create_goal starts the project's goal; the test run it made becomes its oracle and first result", async () => {
  await v.writeText(PROJECT, `---\ntype: project\nrepo:\n  - /home/ana/src/tidepool\n---\n# Tidepool\n\nTide-table sync service.\n`);
  const thread = session(
    'cccc0000-0000-7000-8000-000000000001',
    [
      call(
        'create_goal',
        { objective: 'Port the tide parser; all of tests/ must pass' },
        '{"goal":{"objective":"Port the tide parser; all of tests/ must pass","status":"active"}}',
      ),
      exec('pytest tests/', '===== 2 failed, 40 passed in 0.31s =====', 1),
    ],
    'Port the tide parser. It must pass all of tests/.',
  );
  await checkpoint(v, thread);
  const { goal } = goalInNote(PROJECT, await v.readText(PROJECT));
  expect(goal).toMatchObject({
    objective: 'Port the tide parser; all of tests/ must pass',
    oracle: 'pytest tests/',
    status: 'active',
    acceptance: 'It must pass all of tests/',
  });
  expect(goal?.results.map((r) => r.summary)).toEqual(['40 passed, 2 failed']);
});

test('a goal the person dropped takes no more results', async () => {
  await v.writeText(PROJECT, projectNote('- Objective: port the tide parser\n- Oracle: `cargo test`\n- Status: dropped'));
  const before = await v.readText(PROJECT);
  await checkpoint(v, session('dddd0000-0000-7000-8000-000000000001', [exec('cargo test', '1 passed', 0)]));
  expect(await v.readText(PROJECT)).toBe(before);
});

// A goal with an oracle across two real Codex sessions: session 1 sets it (Codex's create_goal when Codex
// offers the tool, else the person's "must pass") and runs the oracle, which fails; session 2's first request
// carries the goal and that result, session 2 makes it pass; the project note's Goal section then logs both
// results with their sessions, and `Status: done` waits for the person's review. Nothing runs the oracle but
// the session itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { digest, itemBeforePrompt, threadOf } from '../requests.mjs';

const ORACLE = 'sh check-goal.sh';
const OBJECTIVE = 'Every invoice has a PDF; it must pass sh check-goal.sh';
const PROMPT_1 = `Give every invoice a PDF. It must pass \`${ORACLE}\`.`;
const PROMPT_2 = 'Carry on with the invoice PDFs.';
const CHECK = `printf 'if [ -f pdf-done ]; then echo "2 passed"; else echo "1 passed, 1 failed"; exit 1; fi\\n' > check-goal.sh`;

const offersTool = (request, name) => (request.body?.tools ?? []).some((t) => t.name === name);

export async function goal({ ws, server, report, state }) {
  let offered = false;
  server.play([
    (request) => {
      offered = offersTool(request, 'create_goal');
      return offered ? { call: 'create_goal', args: { objective: OBJECTIVE } } : { exec: CHECK };
    },
    () => (offered ? { exec: CHECK } : { exec: ORACLE }),
    () => (offered ? { exec: ORACLE } : { say: 'The check fails: one invoice has no PDF yet.' }),
    ...[{ say: 'The check fails: one invoice has no PDF yet.' }],
  ]);
  let mark = server.requests.length;
  const run1 = await ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', PROMPT_1]);
  const s1 = server.turns(mark);
  state.goal1 = { prompt: PROMPT_1, thread: threadOf(s1[0]), turns: s1 };
  // Without create_goal the last scripted step is never asked for: drop it so the run's "none extra" holds.
  if (!offered) server.play([]);
  // With a goal active, Codex starts a goal-continuation turn after the first; `codex exec` aborts it at once,
  // and whether that turn reaches the rollout depends on which of the two is quicker (so: up to one).
  state.goal1.extraTurns = offered ? 1 : 0;
  await report.check(
    `goal session 1: Codex runs the oracle and it fails (${offered ? 'goal set with create_goal' : 'goal stated in the prompt'})`,
    () => {
      assert.equal(run1.code, 0, describeRun(run1, 'codex exec'));
      assert.ok(JSON.stringify(s1.at(-1)?.body?.input ?? '').includes('1 passed, 1 failed'), 'the oracle output never reached the model');
    },
  );
  const project = join(ws.vault, 'projects', 'invoice-ledger.md');
  await report.check('goal session 1: checkpoint --latest --yes starts the Goal section with the failing result', async () => {
    const r = await ws.memory(['checkpoint', '--latest', '--yes', '--vault', ws.vault, '--codex-home', ws.codexHome]);
    assert.equal(r.code, 0, describeRun(r, 'checkpoint'));
    const note = readFileSync(project, 'utf8');
    assert.match(note, /## Goal/, note);
    assert.match(note, /: 1 passed, 1 failed \(\[\[agent\/sessions\/[^\]]+\]\]\)/, note);
  });

  server.play([{ exec: `touch pdf-done && ${ORACLE}` }, { say: 'All invoices have PDFs; the check passes.' }]);
  mark = server.requests.length;
  const run2 = await ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', PROMPT_2]);
  const s2 = server.turns(mark);
  state.goal2 = { prompt: PROMPT_2, thread: threadOf(s2[0]), turns: s2 };
  await report.check("goal session 2: the first request leads with the goal, its oracle and session 1's result", () => {
    assert.equal(run2.code, 0, describeRun(run2, 'codex exec'));
    const before = itemBeforePrompt(s2[0], PROMPT_2);
    assert.ok(before, `no developer message before the prompt:\n${digest(s2[0])}`);
    for (const p of ['Active goal of this project', ORACLE, 'Last result: ', '1 passed, 1 failed'])
      assert.ok(before.text.includes(p), `lacks "${p}":\n${before.text}`);
  });
  await report.check('goal session 2: the note logs both results with links; done is proposed, not applied', async () => {
    const r = await ws.memory(['checkpoint', '--latest', '--yes', '--json', '--vault', ws.vault, '--codex-home', ws.codexHome]);
    assert.equal(r.code, 0, describeRun(r, 'checkpoint'));
    const plan = JSON.parse(r.stdout);
    const done = plan.changes.find((c) => c.text?.startsWith('Status: done'));
    assert.ok(done && done.needs_review, `no Status: done proposed for review:\n${r.stdout}`);
    const note = readFileSync(project, 'utf8');
    const results = note.match(/^- \d{4}-\d{2}-\d{2}: .+\[\[agent\/sessions\/[^\]]+\]\]\)/gm) ?? [];
    assert.equal(results.length, 2, note);
    assert.match(results[0], /1 passed, 1 failed/);
    assert.match(results[1], /2 passed/);
    assert.match(note, /- Status: active/, 'the status changed without review');
    state.goal = { offered };
  });
}

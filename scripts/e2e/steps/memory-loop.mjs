// The loop across two real Codex sessions: recall in, a new decision and TODO out through the Stop and
// SessionEnd hooks and `checkpoint --latest`, and recall of those in the next session.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { digest, findPrompt, itemBeforePrompt, threadOf } from '../requests.mjs';
import { filesMentioning } from '../vault-files.mjs';
import { PROJECT_DECISION } from '../workspace.mjs';

const PROMPT_1 = 'Add a CSV export of the invoice totals.';
const PROMPT_2 = 'Continue the CSV export work: what is still open?';
// Words that exist nowhere before session 1: if they reach session 2, they came through the vault.
const NEW_DECISION = 'Decision: the CSV export uses semicolons as the separator, because the accountants open it in German Excel.';
const NEW_TODO = 'TODO: add a test for exporting refunds with negative totals.';
const DECISION_MARK = 'semicolon';
const TODO_MARK = 'refunds';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs one `codex exec` turn with hooks trusted for this run, as a test may. */
function codexExec(ws, prompt) {
  return ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', prompt]);
}

/** Asserts the developer message right before `prompt` in the session's first request holds every phrase. */
function assertPackBefore(request, prompt, phrases) {
  assert.ok(request, 'the scripted server received no request from this session');
  assert.ok(findPrompt(request, prompt), `the request carries no user message equal to the prompt:\n${digest(request)}`);
  const before = itemBeforePrompt(request, prompt);
  assert.ok(
    before && before.type === 'message' && before.role === 'developer',
    `the item before the prompt is not a developer message:\n${digest(request)}`,
  );
  for (const p of phrases) {
    assert.ok(
      before.text.toLowerCase().includes(p.toLowerCase()),
      `the developer message before the prompt lacks "${p}":\n${before.text.slice(0, 1500)}`,
    );
  }
}

export async function memoryLoop({ ws, server, report, state }) {
  // Session 1: one real command (Codex runs it in the repo), then a final answer with a decision and a TODO.
  server.play([
    { exec: "printf 'invoice;total_cents\\n' > export.csv && git status --short" },
    { say: `Added export.csv with a header row.\n\n${NEW_DECISION}\n${NEW_TODO}` },
  ]);
  let mark = server.requests.length;
  const run1 = await codexExec(ws, PROMPT_1);
  const s1 = server.turns(mark);
  state.session1 = { prompt: PROMPT_1, thread: threadOf(s1[0]), turns: s1 };

  await report.check('session 1: codex exec finishes the scripted turn (2 model requests)', () => {
    assert.equal(run1.code, 0, describeRun(run1, 'codex exec'));
    assert.equal(s1.length, 2, `expected 2 requests (command, then answer), got ${s1.length}`);
  });
  await report.check('session 1: Codex reports the SessionStart and Stop hooks completed', () => {
    assert.match(run1.stderr, /hook: SessionStart Completed/, describeRun(run1, 'codex exec'));
    assert.match(run1.stderr, /hook: Stop Completed/, describeRun(run1, 'codex exec'));
  });
  await report.check('session 1: Codex takes our hooks.json without a warning (e.g. a timeout it has to clamp)', () => {
    const warnings = run1.stderr.split('\n').filter((l) => /warn/i.test(l) && /hooks\.json/.test(l));
    assert.deepEqual(warnings, []);
  });
  await report.check("session 1: the model's first request carries the project's decision as a developer message right before the prompt", () => {
    assertPackBefore(s1[0], PROMPT_1, [PROJECT_DECISION.replace(/\.$/, '')]);
  });
  await report.check('session 1: Codex ran the scripted command in the repository and sent its output back', () => {
    assert.ok(existsSync(join(ws.repo, 'export.csv')), 'export.csv was not created in the repository');
    const out = s1[1] && JSON.stringify(s1[1].body.input);
    assert.ok(out && out.includes('?? export.csv'), 'the second request does not carry the command output');
  });

  // The Stop / SessionEnd hooks only queue; give a background step a moment, as a person would.
  await report.check('session 1: the Stop/SessionEnd hooks queued the session in the vault (its thread id is recorded)', async () => {
    assert.ok(state.session1.thread, 'no thread id in the requests Codex sent');
    let hits = [];
    for (let i = 0; i < 25 && hits.length === 0; i++) {
      hits = filesMentioning(ws.vault, state.session1.thread, { withState: true });
      if (hits.length === 0) await sleep(200);
    }
    assert.ok(hits.length > 0, `nothing in ${ws.vault} mentions thread ${state.session1.thread}`);
  });

  await report.check('checkpoint --latest --yes writes the decision into a note and the TODO into TODO.md', async () => {
    const r = await ws.memory(['checkpoint', '--latest', '--yes', '--vault', ws.vault, '--codex-home', ws.codexHome]);
    assert.equal(r.code, 0, describeRun(r, 'codex-memory checkpoint --latest --yes'));
    const notes = filesMentioning(ws.vault, DECISION_MARK).filter((p) => p.endsWith('.md'));
    assert.ok(notes.length > 0, `no note mentions "${DECISION_MARK}" after the checkpoint`);
    const todo = join(ws.vault, 'TODO.md');
    assert.ok(existsSync(todo), 'TODO.md does not exist');
    assert.ok(
      readFileSync(todo, 'utf8').toLowerCase().includes(TODO_MARK),
      `TODO.md does not mention "${TODO_MARK}":\n${readFileSync(todo, 'utf8')}`,
    );
  });

  // Session 2: nothing but a question; what matters is what Codex hands the model.
  server.play([{ say: 'The refunds test is still open.' }]);
  mark = server.requests.length;
  const run2 = await codexExec(ws, PROMPT_2);
  const s2 = server.turns(mark);
  state.session2 = { prompt: PROMPT_2, thread: threadOf(s2[0]), turns: s2 };
  await report.check('session 2: codex exec finishes', () => {
    assert.equal(run2.code, 0, describeRun(run2, 'codex exec'));
    assert.equal(s2.length, 1, `expected 1 request, got ${s2.length}`);
  });
  await report.check("session 2: the model's first request carries session 1's decision and TODO before the prompt", () => {
    assertPackBefore(s2[0], PROMPT_2, [DECISION_MARK, TODO_MARK]);
  });
}

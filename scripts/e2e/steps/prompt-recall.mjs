// Recall that follows the conversation, against the real Codex: a note that the session-start pack does not
// carry reaches the model with the prompt that calls for it (UserPromptSubmit), and a second prompt in the
// same session, resumed, does not get it again. What is asserted is what Codex put into the requests.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { digest, findPrompt, inputItems, itemBeforePrompt, threadOf } from '../requests.mjs';
import { PROJECT_DECISION } from '../workspace.mjs';

const PROMPT_1 = 'How long do we keep archived ledgers, and how are they compressed?';
const PROMPT_2 = 'Before the upload, are the archived ledgers compressed with zstd?';
// Words nowhere else in the run: if the model sees them, they came from this note through the hook.
const ARCHIVE_FACT = 'Archived ledgers are compressed with zstd and kept for ten years, because the auditors ask for them.';
const MARK = 'zstd';
// Added to the project note between the two turns: what a resumed session has not been given yet.
const NEW_DECISION = 'Ledger archives go to the cold-storage bucket every Sunday night.';

/** A topic note of the project: not part of any session-start pack, found only by a prompt about it. */
function writeArchiveNote(ws) {
  mkdirSync(join(ws.vault, 'notes'), { recursive: true });
  writeFileSync(
    join(ws.vault, 'notes', 'ledger-archive.md'),
    ['---', 'project: "[[invoice-ledger]]"', '---', '# Ledger archive', '', `- ${ARCHIVE_FACT}`, ''].join('\n'),
  );
}

/** The item right after the typed prompt: where Codex puts UserPromptSubmit hook output. */
function itemAfterPrompt(request, prompt) {
  const items = inputItems(request);
  const p = items.filter((m) => m.type === 'message' && m.role === 'user' && m.text.trim() === prompt.trim()).pop();
  return p ? items[p.index + 1] : undefined;
}

const mentions = (request, text) => inputItems(request).filter((m) => m.text.toLowerCase().includes(text.toLowerCase()));

export async function promptRecall({ ws, server, report, state }) {
  writeArchiveNote(ws);
  // A server from earlier steps is stopped, so what the one started in turn 1 answers is this step's alone.
  await stopRecallServer(ws);

  server.play([{ say: 'Ten years, compressed with zstd.' }]);
  let mark = server.requests.length;
  const run1 = await ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', PROMPT_1]);
  const t1 = server.turns(mark);
  const thread = threadOf(t1[0]);
  await report.check('prompt recall, turn 1: codex exec finishes and Codex reports the UserPromptSubmit hook completed', () => {
    assert.equal(run1.code, 0, describeRun(run1, 'codex exec'));
    assert.equal(t1.length, 1, `expected 1 request, got ${t1.length}`);
    assert.match(run1.stderr, /hook: UserPromptSubmit Completed/, describeRun(run1, 'codex exec'));
  });
  await report.check(
    "prompt recall, turn 1: the note the prompt calls for is a developer message right after the prompt, and not in the session's start pack",
    () => {
      const req = t1[0];
      assert.ok(findPrompt(req, PROMPT_1), `no user message equal to the prompt:\n${digest(req)}`);
      const after = itemAfterPrompt(req, PROMPT_1);
      assert.ok(
        after && after.type === 'message' && after.role === 'developer',
        `the item after the prompt is not a developer message:\n${digest(req)}`,
      );
      assert.ok(after.text.includes(ARCHIVE_FACT), `the developer message after the prompt lacks the archive note:\n${after.text.slice(0, 1500)}`);
      assert.ok(after.text.includes('[[notes/ledger-archive]]'), 'the line does not cite its note');
      const before = itemBeforePrompt(req, PROMPT_1);
      assert.ok(
        before && before.role === 'developer' && before.text.includes(PROJECT_DECISION.slice(0, 30)),
        `no session-start pack:\n${digest(req)}`,
      );
      assert.ok(!before.text.includes(MARK), 'the session-start pack already carried the archive note, so the prompt hook proved nothing');
    },
  );

  appendFileSync(join(ws.vault, 'projects', 'invoice-ledger.md'), `- ${NEW_DECISION}\n`);
  server.play([{ say: 'Yes, zstd, as noted.' }]);
  mark = server.requests.length;
  const run2 = await ws.codex(['exec', 'resume', '--dangerously-bypass-hook-trust', thread, PROMPT_2]);
  const t2 = server.turns(mark);
  state.prompts = { prompts: [PROMPT_1, PROMPT_2], thread, turns: [...t1, ...t2] };
  await report.check(
    'prompt recall, turn 2 (codex exec resume): the same thread, SessionStart ran again, the second prompt reaches the model',
    () => {
      assert.equal(run2.code, 0, describeRun(run2, 'codex exec resume'));
      assert.match(run2.stderr, /hook: SessionStart Completed/, describeRun(run2, 'codex exec resume'));
      assert.equal(t2.length, 1, `expected 1 request, got ${t2.length}`);
      assert.equal(threadOf(t2[0]), thread, 'resume started another thread');
      assert.ok(findPrompt(t2[0], PROMPT_2), `no user message equal to the second prompt:\n${digest(t2[0])}`);
    },
  );
  await report.check('prompt recall, turn 2: the resumed start gives only the decision added since, once', () => {
    const req = t2[0];
    const carried = mentions(req, NEW_DECISION);
    assert.equal(carried.length, 1, `the new decision reached the model ${carried.length} times:\n${digest(req)}`);
    assert.equal(carried[0].role, 'developer');
    assert.ok(!carried[0].text.includes(PROJECT_DECISION), `the resumed start gave the old pack again:\n${carried[0].text}`);
  });
  await report.check('prompt recall, turn 2: the note is not given again, and the resumed start repeats no pack', () => {
    const req = t2[0];
    const after = itemAfterPrompt(req, PROMPT_2);
    assert.ok(!(after && after.role === 'developer' && after.text.includes(MARK)), `the second prompt got the archive note again:\n${digest(req)}`);
    assert.equal(mentions(req, ARCHIVE_FACT).length, 1, `the archive note appears more than once in the history:\n${digest(req)}`);
    assert.equal(mentions(req, PROJECT_DECISION).length, 1, `the project decision was given again on resume:\n${digest(req)}`);
  });
  await report.check("prompt recall: turn 2's hooks were answered by the recall server that turn 1's hooks started", async () => {
    const answered = await stopRecallServer(ws);
    assert.ok(answered !== null, `no recall server was running:\n${serverLog(ws).slice(-2000)}`);
    // Turn 2's SessionStart and its prompt at least (turn 1's prompt too, if the server was up by then).
    assert.ok(answered >= 2, `the server answered ${answered} hooks:\n${serverLog(ws).slice(-2000)}`);
  });
}

const serverLog = (ws) => {
  const file = join(ws.vault, '.codex-memory', 'log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

/** Stops the vault's latest recall server (SIGTERM) and returns how many hooks it answered; null if none ran. */
async function stopRecallServer(ws) {
  const pid = [...serverLog(ws).matchAll(/recall server: listening \(pid (\d+)\)/g)].map((m) => Number(m[1])).at(-1);
  if (pid === undefined) return null;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return null;
  }
  const done = new RegExp(`stopped after (\\d+) requests? \\(pid ${pid}\\)`);
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const m = done.exec(serverLog(ws));
    if (m) return Number(m[1]);
  }
  return null;
}

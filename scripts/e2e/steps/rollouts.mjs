// Format-drift alarm: every rollout this Codex wrote during the run, and the ones it wrote for the shared
// fixtures, must parse with no invalid line and the counts the script implies.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describeRun } from '../processes.mjs';
import { findRollouts, threadIdOf } from '../rollouts.mjs';
import { parseJsonOutput } from '../vault-files.mjs';

const RUNS = ['session1', 'session2', 'prompts', 'mcp', 'goal1', 'goal2', 'off'];
const TOOL_CALL = new Set(['function_call', 'custom_tool_call', 'local_shell_call']);

/**
 * What a run's rollout must parse to, from what the scripted model answered during it: its typed prompts, a
 * turn for each, its tool calls (function_call + custom_tool_call + local_shell_call; tool_search is Codex's
 * own) and its final answers. `extraTurns`: how many turns Codex may start itself (a goal's continuation).
 * Whether such a turn reaches the rollout is a race with `codex exec` exiting (seen both ways with 0.171.0 on
 * the same script), so those turns are counted apart: the rollout may hold up to that many more than typed.
 */
function expectedCounts(turns, prompts) {
  const items = turns.flatMap((t) => t.served ?? []);
  return {
    user_prompts: prompts.length,
    turns: prompts.length,
    tool_calls: items.filter((i) => TOOL_CALL.has(i.type)).length,
    final_answers: items.filter((i) => i.type === 'message' && i.phase === 'final_answer').length,
  };
}

async function parsed(ws, file) {
  const r = await ws.memory(['session', file, '--json']);
  assert.equal(r.code, 0, describeRun(r, `codex-memory session ${basename(file)}`));
  return parseJsonOutput(r);
}

export async function runRollouts({ ws, report, state }) {
  const files = findRollouts(ws.codexHome);
  await report.check(`Codex wrote one rollout per session of the run (${RUNS.length})`, () => {
    assert.equal(files.length, RUNS.length, `rollouts found:\n${files.join('\n') || '(none)'}`);
  });
  for (const key of RUNS) {
    const run = state[key];
    const prompts = run?.prompts ?? [run?.prompt];
    const counts = expectedCounts(run?.turns ?? [], prompts);
    const extra = run?.extraTurns ?? 0;
    const turnsNote = extra ? ` (+ up to ${extra} turn Codex starts itself)` : '';
    const file = run?.thread && files.find((f) => threadIdOf(f) === run.thread);
    await report.check(`rollout of ${key} parses: 0 invalid lines, counts ${JSON.stringify(counts)}${turnsNote}, the typed prompt`, async () => {
      assert.ok(file, `no rollout for ${key} (thread ${run?.thread ?? 'unknown'})`);
      const s = await parsed(ws, file);
      assert.equal(s.counts?.invalid_lines, 0, `invalid_lines: ${s.counts?.invalid_lines}`);
      const got = pick(s.counts ?? {}, Object.keys(counts));
      const ownTurns = (got.turns ?? 0) - counts.turns;
      assert.ok(ownTurns >= 0 && ownTurns <= extra, `turns: ${got.turns}, expected ${counts.turns}${turnsNote}`);
      assert.deepEqual({ ...got, turns: counts.turns }, counts);
      assert.equal(s.thread, run.thread);
      assert.equal(s.cwd, ws.repo);
      assert.deepEqual(s.prompts, prompts, 'prompts must be exactly what was typed (no injected context)');
    });
  }
}

function pick(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

export async function fixtureRollouts({ ws, report, fixtures }) {
  for (const { file, expected } of fixtures) {
    await report.check(`codex-real fixture ${basename(file).slice(0, 40)}… parses to its expected counts and session`, async () => {
      const s = await parsed(ws, file);
      assert.equal(s.counts?.invalid_lines, expected.parse.invalid_lines, 'invalid_lines');
      assert.deepEqual(pick(s.counts ?? {}, Object.keys(expected.counts)), expected.counts);
      assert.equal(s.thread, expected.thread_id, 'thread');
      assert.equal(s.cwd, expected.session.cwd, 'cwd');
      assert.equal(s.model, expected.session.model, 'model');
      assert.equal(s.branch, expected.session.git_branch, 'branch');
      assert.equal(s.commit, expected.session.git_commit, 'commit');
      assert.equal(s.remote, expected.session.repository_url, 'remote');
      for (const [i, prefix] of expected.user_prompt_prefixes.entries()) {
        assert.ok(String(s.prompts?.[i] ?? '').startsWith(prefix), `prompt ${i} does not start with "${prefix}": ${s.prompts?.[i]}`);
      }
    });
  }
}

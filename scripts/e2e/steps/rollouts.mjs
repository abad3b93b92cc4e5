// Format-drift alarm: every rollout this Codex wrote during the run, and the ones it wrote for the shared
// fixtures, must parse with no invalid line and the counts the script implies.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describeRun } from '../processes.mjs';
import { findRollouts, threadIdOf } from '../rollouts.mjs';
import { parseJsonOutput } from '../vault-files.mjs';

/** What each run must parse to (tool_calls = function_call + custom_tool_call + local_shell_call). */
const EXPECTED = {
  session1: { user_prompts: 1, turns: 1, tool_calls: 1, final_answers: 1 },
  session2: { user_prompts: 1, turns: 1, tool_calls: 0, final_answers: 1 },
  mcp: { user_prompts: 1, turns: 1, tool_calls: 1, final_answers: 1 },
};

async function parsed(ws, file) {
  const r = await ws.memory(['session', file, '--json']);
  assert.equal(r.code, 0, describeRun(r, `codex-memory session ${basename(file)}`));
  return parseJsonOutput(r);
}

export async function runRollouts({ ws, report, state }) {
  const files = findRollouts(ws.codexHome);
  await report.check('Codex wrote one rollout per session of the run (3)', () => {
    assert.equal(files.length, 3, `rollouts found:\n${files.join('\n') || '(none)'}`);
  });
  for (const [key, counts] of Object.entries(EXPECTED)) {
    const run = state[key];
    const file = run?.thread && files.find((f) => threadIdOf(f) === run.thread);
    await report.check(`rollout of ${key} parses: 0 invalid lines, counts ${JSON.stringify(counts)}, the typed prompt`, async () => {
      assert.ok(file, `no rollout for ${key} (thread ${run?.thread ?? 'unknown'})`);
      const s = await parsed(ws, file);
      assert.equal(s.counts?.invalid_lines, 0, `invalid_lines: ${s.counts?.invalid_lines}`);
      assert.deepEqual(pick(s.counts ?? {}, Object.keys(counts)), counts);
      assert.equal(s.thread, run.thread);
      assert.equal(s.cwd, ws.repo);
      assert.deepEqual(s.prompts, [run.prompt], 'prompts must be exactly what was typed (no injected context)');
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

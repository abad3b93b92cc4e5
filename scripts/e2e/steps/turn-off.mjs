// Turning it off again, as the README tells a person: `hooks uninstall` and `codex mcp remove`. Afterwards
// Codex runs none of our hooks and hands the model no pack.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { findPrompt, inputItems, threadOf } from '../requests.mjs';
import { PROJECT_DECISION } from '../workspace.mjs';

const PROMPT = 'One more question about the export.';

export async function turnOff({ ws, server, report, state }) {
  await report.check('hooks uninstall and codex mcp remove take our entries out of CODEX_HOME', async () => {
    const u = await ws.memory(['hooks', 'uninstall', '--vault', ws.vault, '--codex-home', ws.codexHome]);
    assert.equal(u.code, 0, describeRun(u, 'codex-memory hooks uninstall'));
    const m = await ws.codex(['mcp', 'remove', 'codex-memory']);
    assert.equal(m.code, 0, describeRun(m, 'codex mcp remove'));
    assert.doesNotMatch(readFileSync(join(ws.codexHome, 'config.toml'), 'utf8'), /mcp_servers\.codex-memory/);
  });

  server.play([{ say: 'OK.' }]);
  const mark = server.requests.length;
  const r = await ws.codex(['exec', '-s', 'workspace-write', PROMPT]);
  const [first] = server.turns(mark);
  state.off = { prompt: PROMPT, thread: threadOf(first), turns: server.turns(mark) };
  await report.check('after turning off: Codex runs no hook of ours and the model gets no pack', () => {
    assert.equal(r.code, 0, describeRun(r, 'codex exec'));
    assert.doesNotMatch(r.stderr, /hook: (SessionStart|UserPromptSubmit|Stop)/, 'Codex still ran hooks');
    assert.ok(first && findPrompt(first, PROMPT), 'no request with the prompt reached the model');
    const packed = inputItems(first).filter((m) => m.text.includes(PROJECT_DECISION.slice(0, 30)));
    assert.deepEqual(
      packed.map((m) => m.index),
      [],
      'the project decision still reached the model',
    );
  });
}

// A vault with a hand-written project note for the repository, and our hooks installed into CODEX_HOME.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { writeProjectNote } from '../workspace.mjs';

export async function setup({ ws, report }) {
  await report.check('codex-memory init creates the vault', async () => {
    const r = await ws.memory(['init', '--vault', ws.vault]);
    assert.equal(r.code, 0, describeRun(r, 'codex-memory init'));
    assert.ok(existsSync(ws.vault), `${ws.vault} does not exist after init`);
  });

  writeProjectNote(ws);

  await report.check('codex-memory hooks install writes SessionStart, UserPromptSubmit, Stop and SessionEnd into CODEX_HOME/hooks.json', async () => {
    const r = await ws.memory(['hooks', 'install', '--vault', ws.vault, '--codex-home', ws.codexHome]);
    assert.equal(r.code, 0, describeRun(r, 'codex-memory hooks install'));
    const file = join(ws.codexHome, 'hooks.json');
    assert.ok(existsSync(file), 'no hooks.json in CODEX_HOME');
    const hooks = JSON.parse(readFileSync(file, 'utf8')).hooks ?? {};
    for (const event of ['SessionStart', 'UserPromptSubmit', 'Stop', 'SessionEnd']) {
      assert.ok(Array.isArray(hooks[event]) && hooks[event].length > 0, `hooks.json has no ${event} entry: ${JSON.stringify(hooks)}`);
    }
  });
}

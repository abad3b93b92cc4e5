// The offline distiller on rollouts the real Codex wrote, held to the same bar as on the hand-written
// fixtures: at least 90% of must_capture in each, none of must_not_capture. Scored on what a person would
// read: the text the checkpoint added to a fresh vault (new notes whole, new lines of changed notes).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { scoreCapture } from '../capture-bar.mjs';
import { vaultFiles } from '../vault-files.mjs';

const BAR = 0.9;

function snapshot(vault) {
  return new Map(vaultFiles(vault).map((p) => [p, readFileSync(p, 'utf8')]));
}

/** Lines the checkpoint wrote: every line of a new file, and lines a changed file did not have before. */
function addedText(before, after) {
  const out = [];
  for (const [path, text] of after) {
    const old = before.get(path);
    if (old === text) continue;
    const had = new Set((old ?? '').split('\n'));
    out.push(...text.split('\n').filter((l) => !had.has(l)));
  }
  return out.join('\n');
}

export async function distiller({ ws, report, fixtures }) {
  for (const { file, expected } of fixtures) {
    await report.check(
      `offline distiller on ${basename(file).slice(0, 40)}…: ≥ ${BAR * 100}% of must_capture, none of must_not_capture`,
      async () => {
        const vault = mkdtempSync(join(ws.tmp, 'fixture-vault-'));
        const init = await ws.memory(['init', '--vault', vault]);
        assert.equal(init.code, 0, describeRun(init, 'codex-memory init'));
        const before = snapshot(vault);
        const r = await ws.memory(['checkpoint', file, '--yes', '--json', '--distiller', 'offline', '--vault', vault]);
        assert.equal(r.code, 0, describeRun(r, 'codex-memory checkpoint --yes'));
        const { captured, missed, leaked } = scoreCapture(addedText(before, snapshot(vault)), expected);
        const share = captured.length / (captured.length + missed.length);
        report.note(
          `capture ${captured.length}/${captured.length + missed.length} (${(share * 100).toFixed(0)}%)${missed.length ? `, missed: ${missed.join(', ')}` : ''}${leaked.length ? `, leaked: ${leaked.join(' | ')}` : ''}`,
        );
        assert.ok(share >= BAR, `captured ${(share * 100).toFixed(0)}%, missed: ${missed.join(', ')}`);
        assert.deepEqual(leaked, [], 'must_not_capture phrases in the distilled text');
      },
    );
  }
}

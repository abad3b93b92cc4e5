// The offline distiller on rollouts the real Codex wrote, held to the same bar as on the hand-written
// fixtures: at least 90% of must_capture in each, none of must_not_capture.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { scoreCapture } from '../capture-bar.mjs';
import { parseJsonOutput } from '../vault-files.mjs';

const BAR = 0.9;

export async function distiller({ ws, report, fixtures }) {
  const vault = mkdtempSync(join(ws.tmp, 'fixture-vault-'));
  await ws.memory(['init', '--vault', vault]);
  for (const { file, expected } of fixtures) {
    await report.check(`offline distiller on ${basename(file).slice(0, 40)}…: ≥ ${BAR * 100}% of must_capture, none of must_not_capture`, async () => {
      const r = await ws.memory(['checkpoint', file, '--dry-run', '--json', '--distiller', 'offline', '--vault', vault]);
      assert.equal(r.code, 0, describeRun(r, 'codex-memory checkpoint --dry-run'));
      const out = parseJsonOutput(r);
      const text = (out.changes ?? []).map((c) => c.text ?? '').join('\n');
      const { captured, missed, leaked } = scoreCapture(text, expected);
      const share = captured.length / (captured.length + missed.length);
      report.note(`capture ${captured.length}/${captured.length + missed.length} (${(share * 100).toFixed(0)}%)${missed.length ? `, missed: ${missed.join(', ')}` : ''}${leaked.length ? `, leaked: ${leaked.join(' | ')}` : ''}`);
      assert.ok(share >= BAR, `captured ${(share * 100).toFixed(0)}%, missed: ${missed.join(', ')}`);
      assert.deepEqual(leaked, [], 'must_not_capture phrases in the distilled text');
    });
  }
}

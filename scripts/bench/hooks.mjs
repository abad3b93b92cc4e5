// The Stop and SessionEnd hooks as Codex runs them (a fresh process, JSON on stdin), on a generated 10k-note
// vault: how long Codex waits for them. They only append to the checkpoint queue; with auto-checkpoint on, the
// checkpoint itself runs in a detached child that Codex does not wait for. (The SessionStart hook is measured
// in recall.mjs at 1k, 10k and 50k notes.) Target: well under a second.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVault } from '../gen-vault.mjs';

export const title = 'Stop / SessionEnd hooks';

const RUNS = 9;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function hook(cli, vault, event, transcript) {
  const input = JSON.stringify({
    session_id: '01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a',
    turn_id: 't',
    transcript_path: transcript,
    cwd: '/tmp',
    hook_event_name: event === 'stop' ? 'Stop' : 'SessionEnd',
    model: 'gpt-5',
    permission_mode: 'default',
    stop_hook_active: false,
    last_assistant_message: 'Done.',
  });
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, 'hook', event, '--vault', vault], { input, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 || r.stdout !== '')
    throw new Error(`hook ${event} exited ${r.status} printing ${JSON.stringify(r.stdout)} ${r.stderr.slice(0, 300)}`);
  return ms;
}

/** Waits until the detached drain has settled the queue, so it does not compete with the next measurement. */
async function drained(vault) {
  const file = join(vault, '.codex-memory', 'queue.jsonl');
  for (let i = 0; i < 300; i++) {
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];
    const queued = lines
      .filter((l) => l.at)
      .map((l) => l.at)
      .sort()
      .pop();
    const settled = lines
      .filter((l) => l.upTo)
      .map((l) => l.upTo)
      .sort()
      .pop();
    if (!queued || (settled && settled >= queued && !existsSync(join(vault, '.codex-memory', 'drain.lock')))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the drain did not settle the queue within 30 s');
}

function baseline(cli) {
  const t = performance.now();
  spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
  return performance.now() - t;
}

export async function run(ctx) {
  const size = ctx.quick ? 1000 : 10000;
  const vault = join(ctx.tmp, 'vault');
  generateVault(vault, { notes: size });
  // A transcript that does not exist: the drain child then records a failed checkpoint at once, which keeps
  // background work from competing with the measurement.
  const transcript = join(ctx.tmp, 'rollout-2026-11-22T04-39-35-01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a.jsonl');
  const rows = [];
  baseline(ctx.cli);
  const base = Array.from({ length: RUNS }, () => baseline(ctx.cli));
  rows.push({ case: 'codex-memory --version (start-up alone)', size: '', metric: 'process end to end p50', value: pct(base, 50), unit: 'ms' });
  for (const auto of ['off', 'inbox']) {
    const data = join(vault, '.obsidian/plugins/codex-memory');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'data.json'), JSON.stringify({ version: 1, autoCheckpoint: auto }));
    for (const event of ['stop', 'session-end']) {
      const times = [];
      for (let i = 0; i <= RUNS; i++) {
        const ms = hook(ctx.cli, vault, event, transcript);
        if (i > 0) times.push(ms);
        if (auto !== 'off') await drained(vault);
      }
      const p50 = pct(times, 50);
      const p95 = pct(times, 95);
      rows.push({
        case: `hook ${event}, auto-checkpoint ${auto}`,
        size,
        metric: 'process end to end p50',
        value: p50,
        unit: 'ms',
        target: '<= 500 ms',
        ok: p50 <= 500,
      });
      rows.push({ case: `hook ${event}, auto-checkpoint ${auto}`, size, metric: `process end to end p95 (of ${RUNS})`, value: p95, unit: 'ms' });
    }
  }
  return rows;
}

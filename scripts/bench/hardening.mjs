// Size limits from the hardening cases (docs/reliability.md), through the built CLI with the heap capped at
// 256 MB, the way test/hardening/resources.test.ts runs the smaller sizes:
//  - `checkpoint --dry-run` of a 1 GB rollout (64 MB with BENCH_QUICK=1): it must stream, not load;
//  - `checkpoint --yes`, `context` and `search` with a 10 MB single-line paste in the project note;
//  - for comparison, the same 10 MB as 200,000 short lines (no heap cap: remark's cost, the known limit).
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBigRollout } from '../gen-big-rollout.mjs';
import { runCli } from './lib/run-cli.mjs';

export const title = 'Hardening: size limits';

const MB = 1024 * 1024;
const HEAP_MB = 256;

export function examples(ctx) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.startsWith('rollout-')) out.push(join(dir, e.name));
    }
  };
  walk(join(ctx.root, 'examples', 'codex-home', 'sessions'));
  return out;
}

/** A vault after the first example session, with `paste` put into the project note. */
async function vaultWithPaste(ctx, name, paste) {
  const vault = join(ctx.tmp, name);
  const [first] = examples(ctx);
  await runCli(ctx, ['init', '--vault', vault]);
  await runCli(ctx, ['checkpoint', first, '--vault', vault, '--yes']);
  const project = join(vault, 'projects', 'tidepool.md');
  writeFileSync(project, readFileSync(project, 'utf8').replace('## Decisions', `${paste}\n\n## Decisions`));
  return vault;
}

export async function run(ctx) {
  const rows = [];
  const capped = { heapMB: HEAP_MB };
  const heap = `heap ${HEAP_MB} MB`;

  const bytes = ctx.quick ? 64 * MB : 1024 * MB;
  const home = join(ctx.tmp, 'codex-home');
  const file = writeBigRollout(home, bytes);
  const size = `${(statSync(file).size / MB).toFixed(0)} MB rollout`;
  const vault = join(ctx.tmp, 'vault');
  await runCli(ctx, ['init', '--vault', vault]);
  const big = await runCli(ctx, ['checkpoint', file, '--vault', vault, '--dry-run', '--json'], capped);
  if (!big.stdout.includes('three attempts')) throw new Error('the big rollout lost its first prompt');
  rows.push({ case: `checkpoint --dry-run (${heap})`, size, metric: 'wall time', value: big.ms / 1000, unit: 's' });
  rows.push({
    case: `checkpoint --dry-run (${heap})`,
    size,
    metric: 'throughput (per CPU second)',
    value: statSync(file).size / MB / (big.cpuMs / 1000),
    unit: 'MB/s',
  });
  rows.push({
    case: `checkpoint --dry-run (${heap})`,
    size,
    metric: 'peak RSS',
    value: big.rssMB,
    unit: 'MB',
    target: '< 200 MB',
    ok: big.rssMB < 200,
  });

  const [, second] = examples(ctx);
  const line = `Pasted gauge log: ${'2026-03-01T12:00:01Z harbour gauge 1.42 m ok; '.repeat(220_000)}`;
  const oneLine = await vaultWithPaste(ctx, 'one-line', line);
  for (const [label, args] of [
    ['checkpoint --yes', ['checkpoint', second, '--vault', oneLine, '--yes']],
    ['context', ['context', 'harbour gauge', '--vault', oneLine, '--cwd', '/home/ana/src/tidepool', '--json']],
    ['search', ['search', 'harbour', '--vault', oneLine, '--json']],
  ]) {
    const r = await runCli(ctx, args, capped);
    rows.push({ case: `${label} (${heap})`, size: '10 MB single-line note', metric: 'wall time', value: r.ms, unit: 'ms' });
    rows.push({
      case: `${label} (${heap})`,
      size: '10 MB single-line note',
      metric: 'peak RSS',
      value: r.rssMB,
      unit: 'MB',
      target: `completes under the ${HEAP_MB} MB heap`,
      ok: true,
    });
  }

  const manyLines = await vaultWithPaste(ctx, 'many-lines', Array.from({ length: 200_000 }, (_, i) => `gauge ${i}: 1.42 m ok`).join('\n'));
  appendFileSync(join(manyLines, 'projects', 'tidepool.md'), '\n');
  const r = await runCli(ctx, ['checkpoint', second, '--vault', manyLines, '--yes']);
  rows.push({ case: 'checkpoint --yes (no heap cap)', size: '10 MB note of 200,000 lines', metric: 'wall time', value: r.ms, unit: 'ms' });
  rows.push({ case: 'checkpoint --yes (no heap cap)', size: '10 MB note of 200,000 lines', metric: 'peak RSS', value: r.rssMB, unit: 'MB' });
  return rows;
}

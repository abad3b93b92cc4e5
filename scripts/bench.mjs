#!/usr/bin/env node
// `npm run bench`: runs every case file in scripts/bench/ and prints one table.
//
// Case-file contract: scripts/bench/<name>.mjs exports
//   export const title = 'Rollout parsing';
//   export async function run(ctx) { return rows; }
// where ctx = { root: repo root, tmp: a fresh temp dir for this case (removed afterwards), cli: path of dist/cli.js,
//               quick: true when BENCH_QUICK=1 (smaller sizes, for a smoke run) }
// and each row is { case, size, metric, value (number), unit, target? (string such as '<= 300 ms'), ok? (boolean) }.
// `node scripts/bench.mjs rollout recall` runs only those case files.
import { readdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'scripts', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')));
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench: dist/cli.js is missing; run `npm run build` first (npm run bench does).');
  process.exit(1);
}

const all = [];
let failed = 0;
for (const f of files) {
  const mod = await import(pathToFileURL(join(dir, f)).href);
  const tmp = mkdtempSync(join(tmpdir(), `cm-bench-${f.replace(/\.mjs$/, '')}-`));
  process.stderr.write(`bench: ${mod.title ?? f} …\n`);
  try {
    const rows = await mod.run({ root, tmp, cli, quick: process.env.BENCH_QUICK === '1' });
    for (const r of rows) all.push({ group: mod.title ?? f, ...r });
  } catch (err) {
    failed++;
    all.push({ group: mod.title ?? f, case: 'ERROR', size: '', metric: String(err?.message ?? err), value: NaN, unit: '' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)) : '–');
const table = [['group', 'case', 'size', 'metric', 'value', 'unit', 'target', 'ok']];
for (const r of all) {
  table.push([
    r.group,
    r.case,
    String(r.size ?? ''),
    r.metric,
    fmt(r.value),
    r.unit ?? '',
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) => '| ' + row.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log(line(table[0]));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const row of table.slice(1)) console.log(line(row));
if (failed) {
  console.error(`bench: ${failed} case file(s) failed`);
  process.exit(1);
}

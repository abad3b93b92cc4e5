// The recall index at scale (issue 16), each figure beside a baseline measured in the same run: a cold
// index against `rg -l` over the same notes, the first search of a fresh process against `node -e 0` and
// JSON.parse of the same catalog bytes, query p95 against rg's p50. Each measured step runs in its own
// process, so its peak RSS is its own. Targets are stated at the sizes the issue names.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import esbuild from 'esbuild';
import { generateVault } from '../gen-vault.mjs';
import { PEAK_RSS_MB } from './lib/run-cli.mjs';

export const title = 'Index at scale';

const CHILD = `
const [mod, dir, mode, queriesFile] = process.argv.slice(1);
const m = await import(mod);
const { rmSync } = await import('node:fs');
const t0 = performance.now();
if (mode === 'cold') rmSync(dir + '/.codex-memory', { recursive: true, force: true });
const vault = await m.openNodeVault(dir);
const out = {};
if (mode === 'cold') {
  const r = await m.loadNodeIndexReport(vault);
  out.ms = performance.now() - t0;
  out.notes = r.notes;
} else if (mode === 'first') {
  const r = await m.loadNodeIndexReport(vault, { check: 'folders' });
  m.search(r.index, 'invoice rounding decision', { limit: 10 });
  out.ms = performance.now() - t0;
} else {
  const r = await m.loadNodeIndexReport(vault, { check: 'folders' });
  const qs = JSON.parse((await import('node:fs')).readFileSync(queriesFile, 'utf8'));
  m.search(r.index, 'warm up', { limit: 10 });
  const times = [];
  for (const q of qs) { const t = performance.now(); m.search(r.index, q, { limit: 10 }); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  out.p50 = times[Math.floor(times.length / 2)];
  out.p95 = times[Math.floor(times.length * 0.95)];
}
out.rss = ${PEAK_RSS_MB};
console.log(JSON.stringify(out));
`;

async function bundle(root, tmp) {
  const outfile = join(tmp, 'index-scale.mjs');
  await esbuild.build({
    stdin: {
      contents: `export { search } from './src/core/recall/index';
export { loadNodeIndexReport } from './src/node/recall-index';
export { openNodeVault } from './src/node/open-vault';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

function child(mod, dir, mode, queries = '') {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, mod, dir, mode, queries], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${mode} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

function queriesFrom(gen, n) {
  let a = 11;
  const rand = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out = [];
  for (let i = 0; i < n; i++) {
    const words = [];
    for (let j = 0; j < 2 + Math.floor(rand() * 3); j++)
      words.push(rand() < 0.5 ? gen.words[Math.floor(rand() * gen.words.length)] : gen.rare[Math.floor(Math.pow(rand(), 2) * gen.rare.length)]);
    // one query in five carries a typo, as typed queries do
    if (i % 5 === 0 && words[0].length > 5) words[0] = words[0].slice(0, 2) + words[0][3] + words[0][2] + words[0].slice(4);
    out.push(words.join(' '));
  }
  return out;
}

export async function run(ctx) {
  const mod = await bundle(ctx.root, ctx.tmp);
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const sizes = ctx.quick ? [1000] : (process.env.BENCH_INDEX_SIZES ?? '1000,10000,50000').split(',').map(Number);
  const targets = { cold: { 10000: 1500 }, first: { 50000: 500 }, p95: { 10000: 10, 50000: 40 } };
  const rows = [];
  for (const size of sizes) {
    const dir = join(ctx.tmp, `vault-${size}`);
    const gen = generateVault(dir, { notes: size });
    const queries = join(ctx.tmp, `queries-${size}.json`);
    const qs = queriesFrom(gen, 200);
    writeFileSync(queries, JSON.stringify(qs));
    const row = (c, metric, value, unit, base, target) => {
      const r = { case: c, size, metric, value, unit };
      if (target !== undefined) Object.assign(r, { target: `<= ${target} ${unit}`, ok: value <= target });
      rows.push(r);
      if (base) rows.push({ case: c, size, metric: `  ÷ ${base.name} (${base.ms.toFixed(1)} ms)`, value: value / base.ms, unit: '×' });
    };
    const bare = { name: '`node -e 0`', ms: median([0, 1, 2].map(() => timed(() => spawnSync(process.execPath, ['-e', '0'])))) };
    const rgList = hasRg
      ? { name: '`rg -l -i the`', ms: median([0, 1, 2].map(() => timed(() => spawnSync('rg', ['-l', '-i', 'the', dir], { maxBuffer: 1 << 28 })))) }
      : null;

    const cold = child(mod, dir, 'cold');
    row('cold index', `scan, read, index, save (${cold.notes} notes)`, cold.ms, 'ms', rgList, targets.cold[size]);
    row('cold index', 'peak RSS', cold.rss, 'MB');

    const firsts = [0, 1, 2].map(() => child(mod, dir, 'first'));
    const first = median(firsts.map((f) => f.ms));
    const catalog = readFileSync(join(dir, '.codex-memory', 'recall', 'catalog.json'), 'utf8');
    const parse = { name: 'JSON.parse of the catalog', ms: median([0, 1, 2].map(() => timed(() => JSON.parse(catalog)))) };
    row('first search', 'fresh process: load, folder check, one query (p50 of 3)', first, 'ms', parse, targets.first[size]);
    rows.push({ case: 'first search', size, metric: `  ÷ ${bare.name} (${bare.ms.toFixed(1)} ms)`, value: first / bare.ms, unit: '×' });
    row('first search', 'peak RSS', median(firsts.map((f) => f.rss)), 'MB');
    let postings = 0;
    try {
      postings = readFileSync(join(dir, '.codex-memory', 'recall', 'postings.bin')).length;
    } catch {
      // an older layout
    }
    row('first search', 'saved index: catalog + postings', (catalog.length + postings) / 1048576, 'MB');

    const q = child(mod, dir, 'query', queries);
    const rgQuery = hasRg
      ? {
          name: 'rg -i -l "w1|w2|…" p50',
          ms: median(
            qs.slice(0, 5).map((x) =>
              timed(() =>
                spawnSync(
                  'rg',
                  [
                    '-i',
                    '-l',
                    '-e',
                    x
                      .split(' ')
                      .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
                      .filter(Boolean)
                      .join('|'),
                    dir,
                  ],
                  { maxBuffer: 1 << 28 },
                ),
              ),
            ),
          ),
        }
      : null;
    row('query', 'p50 of 200', q.p50, 'ms');
    row('query', 'p95 of 200', q.p95, 'ms', rgQuery, targets.p95[size]);
    row('query', 'peak RSS', q.rss, 'MB');
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

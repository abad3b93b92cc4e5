// What Obsidian pays for the plugin before the person can type: compiling and evaluating main.js, in a fresh
// Node process each run (no code cache), against the baseline of the same run: main.js plus lazy.js, which is
// what the single 3.9 MB main.js held before the heavy half moved out. Parse only (V8 compiles lazily, as
// Obsidian's loader does). Onload is timed by onload-probe.cjs: main.js evaluated over obsidian-test-mocks in a
// fresh process, beside a plugin that only loads its settings, with a count of the vault I/O onload makes.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export const title = 'Plugin load';

const child = `
const vm = require('node:vm'); const fs = require('node:fs');
for (const f of JSON.parse(process.argv[1])) {
  const code = fs.readFileSync(f, 'utf8');
  const t = performance.now();
  new vm.Script('(function (require, module, exports) {' + code + '\\n})', { filename: f });
  process.stdout.write(String(performance.now() - t) + ' ');
}
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function time(files, runs) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', child, JSON.stringify(files)], { encoding: 'utf8' });
    ms.push(
      out
        .trim()
        .split(' ')
        .map(Number)
        .reduce((a, b) => a + b, 0),
    );
  }
  return median(ms);
}

function onload(root, runs) {
  const probe = join(root, 'scripts', 'bench', 'onload-probe.cjs');
  const got = [];
  for (let i = 0; i < runs; i++) {
    got.push(
      JSON.parse(execFileSync(process.execPath, [probe, join(root, 'main.js'), join(root, 'manifest.json')], { cwd: root, encoding: 'utf8' })),
    );
  }
  return { ms: median(got.map((g) => g.ms)), baseline: median(got.map((g) => g.baseline)), io: Math.max(...got.map((g) => g.io)) };
}

export async function run({ root, quick }) {
  const main = join(root, 'main.js');
  const lazy = join(root, 'lazy.js');
  const runs = quick ? 3 : 7;
  const kib = (f) => `${(statSync(f).size / 1024).toFixed(0)} KiB`;
  return [
    { case: 'main.js parse', size: kib(main), metric: 'median', value: time([main], runs), unit: 'ms' },
    {
      case: 'baseline: main.js + lazy.js (the old single bundle)',
      size: kib(main) + ' + ' + kib(lazy),
      metric: 'median',
      value: time([main, lazy], runs),
      unit: 'ms',
    },
    ...((o) => [
      { case: 'onload (cold, obsidian-test-mocks)', size: '', metric: 'median', value: o.ms, unit: 'ms', target: '< 5', ok: o.ms < 5 },
      { case: 'baseline: a plugin that only loads its settings', size: '', metric: 'median', value: o.baseline, unit: 'ms' },
      { case: 'vault I/O during onload', size: '', metric: 'calls', value: o.io, unit: '', target: '0', ok: o.io === 0 },
    ])(onload(root, runs)),
    {
      case: 'main.js size',
      size: '',
      metric: 'bytes',
      value: statSync(main).size,
      unit: 'B',
      target: '<= 614400',
      ok: statSync(main).size <= 614400,
    },
  ];
}

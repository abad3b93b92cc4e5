#!/usr/bin/env node
// How long the plugin's main thread is blocked by a cold recall index build, before (MemoryIndex.build on
// the main thread) and after (the built recall-worker.js in a worker thread; the main thread only posts the
// notes and restores the reply). Measured as the longest gap of a 1 ms timer on the main thread, the
// same run, repeated. A case file of `npm run bench` (10k notes, 3 runs; 1k with BENCH_QUICK=1), and on its own
// (run `npm run build` first):
//   node scripts/bench/index-worker.mjs [--notes 10000] [--runs 3]
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { generateVault } from '../gen-vault.mjs';

export const title = 'Plugin index build off the main thread';

async function coreModule(root, tmp) {
  const out = join(tmp, 'core.cjs');
  await build({
    entryPoints: [join(root, 'src/core/recall/memory-index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    outfile: out,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(out).MemoryIndex;
}

function readNotes(base) {
  const notes = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.md')) notes.push({ path: relative(base, p), text: readFileSync(p, 'utf8'), mtime: statSync(p).mtimeMs });
    }
  };
  walk(base);
  return notes;
}

/** Runs task while a 1 ms timer ticks; the longest gap between ticks is how long the thread was blocked. */
async function longestStall(task) {
  let last = performance.now();
  let worst = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 5));
  await task();
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(probe);
  return { stall: worst, wall: performance.now() - t0 };
}

function inWorker(MemoryIndex, code, notes) {
  return new Promise((resolvePromise, reject) => {
    const w = new Worker(
      [
        "const { parentPort } = require('node:worker_threads');",
        'globalThis.self = globalThis;',
        'globalThis.postMessage = (m, t) => parentPort.postMessage(m, t);',
        "parentPort.on('message', (data) => self.onmessage({ data }));",
        code,
      ].join('\n'),
      { eval: true },
    );
    w.on('message', (reply) => {
      void w.terminate();
      if (!reply.ok) return reject(new Error(reply.error));
      setTimeout(() => resolvePromise(MemoryIndex.restore(reply)), 0);
    });
    w.on('error', reject);
    w.postMessage({ notes });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each run: the longest main-thread stall building here, and with the worker; restore and build alone. */
async function measure(root, tmp, size, runs, report = () => {}) {
  generateVault(join(tmp, 'vault'), { notes: size });
  const MemoryIndex = await coreModule(root, tmp);
  const code = readFileSync(join(root, 'recall-worker.js'), 'utf8');
  const notes = readNotes(join(tmp, 'vault'));
  report(`${notes.length} notes`);
  const out = [];
  for (let run = 1; run <= runs; run++) {
    const before = await longestStall(async () => void MemoryIndex.build(notes));
    const after = await longestStall(() => inWorker(MemoryIndex, code, notes));
    const t = performance.now();
    const parts = MemoryIndex.build(notes).serializeForTransfer();
    const t1 = performance.now();
    MemoryIndex.restore(parts);
    const restore = performance.now() - t1;
    out.push({ before, after, restore, build: t1 - t });
    report(
      `run ${run}: main thread blocked ${before.stall.toFixed(0)} ms building here (wall ${before.wall.toFixed(0)}), ` +
        `${after.stall.toFixed(0)} ms with the worker (wall ${after.wall.toFixed(0)}); restore alone ${restore.toFixed(0)} ms, build+serialize ${(t1 - t).toFixed(0)} ms`,
    );
  }
  return { notes: notes.length, runs: out };
}

export async function run(ctx) {
  const size = ctx.quick ? 1000 : 10000;
  const m = await measure(ctx.root, ctx.tmp, size, 3);
  const here = median(m.runs.map((r) => r.before.stall));
  const worker = median(m.runs.map((r) => r.after.stall));
  const c = 'cold index build, main thread blocked (median of 3)';
  return [
    { case: c, size: m.notes, metric: 'building on the main thread (baseline)', value: here, unit: 'ms' },
    { case: c, size: m.notes, metric: 'built in the worker (recall-worker.js), restored here', value: worker, unit: 'ms' },
    { case: c, size: m.notes, metric: '  ÷ baseline', value: worker / here, unit: '×' },
    { case: c, size: m.notes, metric: 'wall time with the worker', value: median(m.runs.map((r) => r.after.wall)), unit: 'ms' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { notes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
  const root = resolve(import.meta.dirname, '../..');
  const tmp = mkdtempSync(join(tmpdir(), 'cm-worker-bench-'));
  try {
    await measure(root, tmp, Number(values.notes), Number(values.runs), (line) => console.log(line));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

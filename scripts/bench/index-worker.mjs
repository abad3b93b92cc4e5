#!/usr/bin/env node
// How long the plugin's main thread is blocked by a cold recall index build, before (MemoryIndex.build on
// the main thread) and after (the built recall-worker.js in a worker thread; the main thread only posts the
// notes and restores the reply). Measured as the longest gap of a 1 ms timer on the main thread, the
// same run, repeated. Run `npm run build` first.
//   node scripts/bench/index-worker.mjs [--notes 10000] [--runs 3]
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { generateVault } from '../gen-vault.mjs';

const { values } = parseArgs({ options: { notes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cm-worker-bench-'));
generateVault(join(dir, 'vault'), { notes: Number(values.notes) });
const out = join(dir, 'core.cjs');
await build({
  entryPoints: [join(root, 'src/core/recall/memory-index.ts')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  outfile: out,
  logLevel: 'error',
});
const { MemoryIndex } = createRequire(import.meta.url)(out);
const code = readFileSync(join(root, 'recall-worker.js'), 'utf8');

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
const notes = readNotes(join(dir, 'vault'));

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

function inWorker() {
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

console.log(`${notes.length} notes`);
for (let run = 1; run <= Number(values.runs); run++) {
  const before = await longestStall(async () => void MemoryIndex.build(notes));
  const after = await longestStall(() => inWorker());
  const t = performance.now();
  const parts = MemoryIndex.build(notes).serializeForTransfer();
  const t1 = performance.now();
  MemoryIndex.restore(parts);
  const restore = performance.now() - t1;
  console.log(
    `run ${run}: main thread blocked ${before.stall.toFixed(0)} ms building here (wall ${before.wall.toFixed(0)}), ` +
      `${after.stall.toFixed(0)} ms with the worker (wall ${after.wall.toFixed(0)}); restore alone ${restore.toFixed(0)} ms, build+serialize ${(t1 - t).toFixed(0)} ms`,
  );
}

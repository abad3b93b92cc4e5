// The built CLI in a child process, measured: wall time, the child's CPU time and its own peak RSS.
// Shared by the case files that time a command the way a user runs it (hardening, rollout, scale).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A process's own peak RSS in MB, as an expression for code run in a child: /proc/self/status VmHWM where
// Linux has it, because getrusage's maxRSS survives fork + exec, so a child spawned by a bench process
// holding 300 MB reports 300 MB whatever it used itself. The index-scale children measure themselves with it.
export const PEAK_RSS_MB = `(() => { try { return Number(/VmHWM:\\s+(\\d+)/.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024; } catch { return process.resourceUsage().maxRSS / 1024; } })()`;

// Written by the CLI's process as it exits: its peak RSS and its CPU time (user + system), the steadier figure
// on a shared machine; wall time includes waiting for a core.
const PRELOAD = `process.on('exit', () => {
  const u = process.resourceUsage();
  require('fs').writeFileSync(process.env.CM_BENCH_RSS_FILE, JSON.stringify({ rssMB: ${PEAK_RSS_MB}, cpu: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
`;

/**
 * Runs `dist/cli.js args…`; resolves { ms, cpuMs, rssMB, stdout }, rejects with the last stderr lines when it
 * fails. `input` goes to stdin, `env` replaces process.env, `heapMB` caps the V8 heap.
 */
export function runCli(ctx, args, { input, env = process.env, heapMB } = {}) {
  const rssFile = join(ctx.tmp, 'rss.json');
  const preload = join(ctx.tmp, 'rss-preload.cjs');
  writeFileSync(preload, PRELOAD);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const flags = [...(heapMB ? [`--max-old-space-size=${heapMB}`] : []), '--require', preload];
    const child = spawn(process.execPath, [...flags, ctx.cli, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...env, CM_BENCH_RSS_FILE: rssFile },
    });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      if (code !== 0)
        return reject(new Error(`codex-memory ${args[0]} ${signal ?? `exited ${code}`}: ${err.trim().split('\n').slice(-3).join(' ')}`));
      const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
      resolve({ ms, cpuMs: usage.cpu, rssMB: usage.rssMB, stdout: Buffer.concat(out).toString('utf8') });
    });
    child.stdin.end(input ?? '');
  });
}

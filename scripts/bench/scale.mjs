// Speed at scale (issue 16), through the built CLI, each figure beside a baseline from the same run:
//  - rollout parse: `session FILE --json` on a generated 200 MB rollout (20 MB with BENCH_QUICK=1), plain and as
//    .zst when the zstd tool is installed, against `JSON.parse` of every line of the same bytes in this process;
//  - a checkpoint touching a 10 MB project note of 200,000 lines, against the same checkpoint with the note small;
//  - the SessionStart hook right after a checkpoint on a 10k-note vault (1k quick), against `node -e 0` and the
//    hook on the unchanged vault: as in a session, answered by the vault's recall server (src/node/recall-server/),
//    which the first hook starts; the rows say how many of the timed hooks it answered.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVault } from '../gen-vault.mjs';
import { examples } from './hardening.mjs';
import { runCli } from './lib/run-cli.mjs';
import { writeRollout } from './rollout.mjs';

export const title = 'Scale: rollouts, big notes, SessionStart after a checkpoint';

const MB = 1024 * 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The baseline: every line of `file` through JSON.parse, read in 1 MB pieces. CPU seconds of this process. */
function jsonParseBaseline(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 * MB);
  const c0 = process.cpuUsage();
  let carry = Buffer.alloc(0);
  let lines = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const chunk = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      let nl;
      while ((nl = chunk.indexOf(10, start)) !== -1) {
        JSON.parse(chunk.toString('utf8', start, nl));
        lines++;
        start = nl + 1;
      }
      carry = Buffer.from(chunk.subarray(start));
    }
  } finally {
    closeSync(fd);
  }
  const u = process.cpuUsage(c0);
  return { cpuMs: (u.user + u.system) / 1000, lines };
}

async function rolloutRows(ctx, rows) {
  const mb = ctx.quick ? 20 : 200;
  const file = join(ctx.tmp, `rollout-2026-10-01T08-00-00-01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a.jsonl`);
  const { turns, size } = writeRollout(file, mb * MB, 7);
  const sizeMB = size / MB;
  const label = `${sizeMB.toFixed(0)} MB`;
  jsonParseBaseline(file); // warm the page cache and the JIT
  const base = median([0, 1, 2].map(() => jsonParseBaseline(file).cpuMs));
  const baseRate = sizeMB / (base / 1000);
  rows.push({
    case: 'rollout: JSON.parse of every line (baseline)',
    size: label,
    metric: 'throughput (per CPU second)',
    value: baseRate,
    unit: 'MB/s',
  });
  const parse = async (path, kind) => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runCli(ctx, ['session', path, '--json']));
    const json = JSON.parse(runs[0].stdout);
    if (json.counts.turns !== turns) throw new Error(`${kind}: parsed ${json.counts.turns} turns, generated ${turns}`);
    const wall = sizeMB / (median(runs.map((r) => r.ms)) / 1000);
    const cpu = sizeMB / (median(runs.map((r) => r.cpuMs)) / 1000);
    const c = `rollout: session --json (${kind})`;
    rows.push({ case: c, size: label, metric: 'throughput, wall (median of 3)', value: wall, unit: 'MB/s', target: '>= 200 MB/s', ok: wall >= 200 });
    rows.push({ case: c, size: label, metric: 'throughput per CPU second (median of 3)', value: cpu, unit: 'MB/s' });
    rows.push({ case: c, size: label, metric: 'wall throughput ÷ JSON.parse baseline', value: wall / baseRate, unit: '×' });
    rows.push({ case: c, size: label, metric: 'peak RSS', value: Math.max(...runs.map((r) => r.rssMB)), unit: 'MB' });
  };
  await parse(file, 'jsonl');
  if (spawnSync('zstd', ['--version']).status === 0) {
    const zst = `${file}.zst`;
    if (spawnSync('zstd', ['-q', '-3', '-T2', file, '-o', zst]).status === 0) {
      unlinkSync(file);
      await parse(zst, 'jsonl.zst');
      unlinkSync(zst);
      return;
    }
  }
  unlinkSync(file);
}

async function bigNoteRows(ctx, rows) {
  const [first, second] = examples(ctx);
  const vaultWith = async (name, paste) => {
    const vault = join(ctx.tmp, name);
    await runCli(ctx, ['init', '--vault', vault]);
    await runCli(ctx, ['checkpoint', first, '--vault', vault, '--yes']);
    const project = join(vault, 'projects', 'tidepool.md');
    writeFileSync(project, readFileSync(project, 'utf8').replace('## Decisions', `${paste}\n\n## Decisions`));
    return vault;
  };
  const lines = Array.from({ length: 200_000 }, (_, i) => `harbour gauge ${i}: 1.42 m at 12:00, tide rising, ok`).join('\n');
  const small = await vaultWith('small-note', 'gauge 1: 1.42 m ok');
  const big = await vaultWith('big-note', lines);
  const base = await runCli(ctx, ['checkpoint', second, '--vault', small, '--yes']);
  const r = await runCli(ctx, ['checkpoint', second, '--vault', big, '--yes']);
  const after = readFileSync(join(big, 'projects', 'tidepool.md'), 'utf8');
  if (!after.includes(lines)) throw new Error('the 200,000 pasted lines did not survive the checkpoint');
  const size = `${(statSync(join(big, 'projects', 'tidepool.md')).size / MB).toFixed(0)} MB note, 200,000 lines`;
  const c = 'checkpoint --yes touching the big note';
  rows.push({ case: 'checkpoint --yes, same note small (baseline)', size: 'one-page note', metric: 'wall time', value: base.ms, unit: 'ms' });
  rows.push({ case: c, size, metric: 'wall time', value: r.ms, unit: 'ms', target: '<= 5000 ms', ok: r.ms <= 5000 });
  rows.push({ case: c, size, metric: 'wall time ÷ baseline', value: r.ms / base.ms, unit: '×' });
  rows.push({ case: 'checkpoint --yes, same note small (baseline)', size: 'one-page note', metric: 'peak RSS', value: base.rssMB, unit: 'MB' });
  rows.push({ case: c, size, metric: 'peak RSS', value: r.rssMB, unit: 'MB', target: '<= 300 MB', ok: r.rssMB <= 300 });
}

function hookInput(cwd) {
  return JSON.stringify({
    session_id: 'bench',
    transcript_path: null,
    cwd,
    hook_event_name: 'SessionStart',
    model: 'gpt-5',
    permission_mode: 'default',
    source: 'startup',
  });
}

async function sessionStartRows(ctx, rows) {
  const notes = ctx.quick ? 1000 : 10000;
  const vault = join(ctx.tmp, 'vault-10k');
  generateVault(vault, { notes });
  const cwd = '/home/ana/src/tidepool';
  const served = { ...process.env, CODEX_MEMORY_RECALL_SERVER: 'on' };
  const log = () => {
    try {
      return readFileSync(join(vault, '.codex-memory', 'log'), 'utf8');
    } catch {
      return '';
    }
  };
  const hook = async () => {
    const r = await runCli(ctx, ['hook', 'session-start', '--vault', vault], { input: hookInput(cwd), env: served });
    if (!r.stdout.includes('additionalContext')) throw new Error('the hook gave no pack');
    return r;
  };
  await runCli(ctx, ['context', '', '--vault', vault, '--cwd', cwd, '--json']); // the saved index
  const [first, ...rest] = examples(ctx);
  await runCli(ctx, ['checkpoint', first, '--vault', vault, '--yes']);
  await hook();
  // The server the first hook started: the timed hooks are its.
  for (let t = Date.now(); !/recall server: listening/.test(log());) {
    if (Date.now() - t > 120_000) throw new Error('the recall server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  await hook();
  const unchanged = [];
  const unchangedCpu = [];
  for (let i = 0; i < 5; i++) {
    const r = await hook();
    unchanged.push(r.ms);
    unchangedCpu.push(r.cpuMs);
  }
  const bare = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t);
  }
  const after = [];
  const afterCpu = [];
  let rss = 0;
  for (let i = 0; i < 4; i++) {
    // Three example rollouts: the later rounds undo the last checkpoint and write it again (a real checkpoint
    // each time, undo not measured).
    if (i >= rest.length) await runCli(ctx, ['undo', '--vault', vault]);
    const rollout = rest[Math.min(i, rest.length - 1)];
    const wrote = await runCli(ctx, ['checkpoint', rollout, '--vault', vault, '--yes']);
    if (!wrote.stdout.includes('wrote')) throw new Error(`round ${i}: the checkpoint wrote nothing`);
    const r = await hook();
    after.push(r.ms);
    afterCpu.push(r.cpuMs);
    rss = Math.max(rss, r.rssMB);
  }
  const pid = /recall server: listening \(pid (\d+)\)/.exec(log())?.[1];
  if (pid) process.kill(Number(pid), 'SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  const answered = Number(/stopped after (\d+) request/.exec(log())?.[1] ?? NaN);
  const size = `${notes} notes`;
  rows.push({ case: 'for scale: `node -e 0`', size: '', metric: 'process end to end (median of 5)', value: median(bare), unit: 'ms' });
  rows.push({ case: 'hook session-start, vault unchanged', size, metric: 'process end to end (median of 5)', value: median(unchanged), unit: 'ms' });
  rows.push({ case: 'hook session-start, vault unchanged', size, metric: 'CPU time (median of 5)', value: median(unchangedCpu), unit: 'ms' });
  const m = median(after);
  const c = 'hook session-start, right after a checkpoint';
  rows.push({ case: c, size, metric: `process end to end (median of ${after.length})`, value: m, unit: 'ms', target: '<= 300 ms', ok: m <= 300 });
  rows.push({ case: c, size, metric: 'worst', value: Math.max(...after), unit: 'ms' });
  rows.push({ case: c, size, metric: `CPU time (median of ${after.length}; steadier on a shared machine)`, value: median(afterCpu), unit: 'ms' });
  rows.push({ case: c, size, metric: 'median ÷ `node -e 0`', value: m / median(bare), unit: '×' });
  rows.push({ case: c, size, metric: 'peak RSS', value: rss, unit: 'MB' });
  rows.push({
    case: 'hook session-start, both',
    size,
    metric: 'hooks the recall server answered (the second and every timed one)',
    value: answered,
    unit: `of ${1 + unchanged.length + after.length}`,
  });
}

export async function run(ctx) {
  const rows = [];
  const only = (process.env.BENCH_SCALE ?? 'rollout,note,hook').split(',');
  if (only.includes('rollout')) await rolloutRows(ctx, rows);
  if (only.includes('note')) await bigNoteRows(ctx, rows);
  if (only.includes('hook')) await sessionStartRows(ctx, rows);
  return rows;
}

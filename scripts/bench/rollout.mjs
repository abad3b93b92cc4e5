// Rollout reading at scale, through the built CLI (the path a user runs):
//  - `codex-memory session FILE --json` on generated rollouts of 50 MB and 200 MB (1 GB with BENCH_ROLLOUT_1GB=1,
//    plus a zstd copy when the zstd tool is installed): MB/s and the child's peak RSS. Peak RSS should stay flat
//    as the file grows (target: a 1 GB rollout under 200 MB).
//  - `codex-memory sessions --json` over 1,000 sessions totalling ~5 GB: sparse files whose heads and tails are
//    real and whose middles are holes, so sizes are honest while the disk holds almost nothing. Target < 1 s.
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, statSync, writeSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './lib/run-cli.mjs';

export const title = 'Codex rollouts';

const MB = 1024 * 1024;

// ---- a deterministic generator of realistic paginated rollouts (Codex 0.169-like) ----

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'import export invoice total decimal rounding tokenizer stream chunk buffer parse error warning test passed failed module function const return await async config schema migration query index cache vault note ledger session thread turn model token output input file path line column'.split(
    ' ',
  );

function makeGen(seed) {
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const logLines = Array.from({ length: 400 }, (_, i) => `src/${pick(WORDS)}/${pick(WORDS)}.ts:${i + 1}:${(i * 7) % 80}: ${sentence(6 + (i % 9))}`);
  const output = (bytes) => {
    let s = '';
    while (s.length < bytes) s += logLines[Math.floor(rand() * logLines.length)] + '\n';
    return s;
  };
  return { rand, pick, sentence, output };
}

const BASE_INSTRUCTIONS = 'You are Codex, a coding agent based on GPT-5. '.repeat(480); // ~22 KB, as real files have

function* rolloutLines(id, seed, turns = Infinity) {
  const g = makeGen(seed);
  let ordinal = 0;
  let clock = Date.parse('2026-10-01T08:00:00Z');
  const line = (type, payload) => {
    clock += 1 + Math.floor(g.rand() * 900);
    return JSON.stringify({ timestamp: new Date(clock).toISOString(), ordinal: ordinal++, type, payload }) + '\n';
  };
  yield line('session_meta', {
    session_id: id,
    id,
    timestamp: new Date(clock).toISOString(),
    cwd: '/home/marta/src/invoice-cli',
    originator: 'codex_exec',
    cli_version: '0.169.0',
    source: 'exec',
    model_provider: 'openai',
    base_instructions: { text: BASE_INSTRUCTIONS },
    history_mode: 'paginated',
    git: { commit_hash: 'dc3b3503dbbf4a3bb3e80c9ba0179f7e66ee1558', branch: 'master', repository_url: 'git@github.com:marta-and-co/invoice-cli.git' },
  });
  for (let t = 0; t < turns; t++) {
    const turnId = `turn-${t}`;
    yield line('event_msg', { type: 'task_started', turn_id: turnId, model_context_window: 258400 });
    if (t === 0) {
      yield line('response_item', {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: `<permissions instructions>\n${g.sentence(900)}\n</permissions instructions>` }],
      });
      yield line('response_item', {
        type: 'message',
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: '<environment_context>\n  <cwd>/home/marta/src/invoice-cli</cwd>\n  <shell>bash</shell>\n</environment_context>',
          },
        ],
      });
    }
    yield line('turn_context', {
      turn_id: turnId,
      cwd: '/home/marta/src/invoice-cli',
      model: 'gpt-5.5',
      approval_policy: 'never',
      sandbox_policy: { type: 'workspace-write' },
      summary: g.sentence(300),
    });
    const prompt = `${g.sentence(20 + Math.floor(g.rand() * 60))}${t % 97 === 5 ? ' (deploy key: sk-proj-Zx81Kq0VfRt5Lm2Wp7Yc4Nd9Hb3Gs6Jj1)' : ''}`;
    yield line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    yield line('event_msg', { type: 'item_completed', turn_id: turnId, item: { type: 'UserMessage', content: [{ type: 'text', text: prompt }] } });
    yield line('response_item', {
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: g.sentence(25) }],
      encrypted_content: 'gAAAAAB' + 'x'.repeat(1200),
    });
    const calls = 3 + Math.floor(g.rand() * 6);
    for (let c = 0; c < calls; c++) {
      const callId = `call_${t}_${c}`;
      const cmd = `rg -n "${g.pick(WORDS)}" src tests | head -${50 + c}`;
      const r = g.rand();
      const size = r < 0.02 ? 1 * MB : r < 0.2 ? 60_000 : 500 + Math.floor(g.rand() * 20_000);
      const out = g.output(size);
      yield line('response_item', {
        type: 'function_call',
        name: 'exec_command',
        arguments: JSON.stringify({ cmd, workdir: '/home/marta/src/invoice-cli' }),
        call_id: callId,
      });
      yield line('event_msg', {
        type: 'item_completed',
        turn_id: turnId,
        item: { type: 'CommandExecution', id: callId, command: ['/bin/bash', '-lc', cmd], status: 'completed', aggregated_output: out, exit_code: 0 },
      });
      yield line('response_item', {
        type: 'function_call_output',
        call_id: callId,
        output: `Chunk ID: ${c}\nWall time: 0.1 seconds\nProcess exited with code 0\nOriginal token count: ${size >> 2}\nOutput:\n${out}`,
      });
      yield line('event_msg', {
        type: 'token_count',
        info: {
          total_token_usage: {
            input_tokens: 1000 * t + c,
            cached_input_tokens: 0,
            output_tokens: 80,
            reasoning_output_tokens: 16,
            total_tokens: 1000 * t + c + 80,
          },
        },
      });
    }
    const patch = `*** Begin Patch\n*** Update File: src/${g.pick(WORDS)}.py\n@@\n${g.output(2000 + Math.floor(g.rand() * 8000)).replace(/^/gm, '+')}*** End Patch\n`;
    yield line('response_item', { type: 'custom_tool_call', call_id: `patch_${t}`, name: 'apply_patch', input: patch });
    yield line('response_item', {
      type: 'custom_tool_call_output',
      call_id: `patch_${t}`,
      output: 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nM src/x.py\n',
    });
    const commentary = g.sentence(15);
    yield line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: commentary }], phase: 'commentary' });
    yield line('event_msg', {
      type: 'item_completed',
      turn_id: turnId,
      item: { type: 'AgentMessage', content: [{ type: 'Text', text: commentary }], phase: 'commentary' },
    });
    const answer = g.sentence(60 + Math.floor(g.rand() * 100));
    yield line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }], phase: 'final_answer' });
    yield line('event_msg', {
      type: 'item_completed',
      turn_id: turnId,
      item: { type: 'AgentMessage', content: [{ type: 'Text', text: answer }], phase: 'final_answer' },
    });
    yield line('event_msg', { type: 'task_complete', turn_id: turnId, last_agent_message: answer });
  }
}

/** Writes whole turns until the file reaches `bytes`; returns the number of turns and the real size. Used by scale.mjs too. */
export function writeRollout(file, bytes, seed) {
  const fd = openSync(file, 'w');
  let size = 0;
  let turns = 0;
  let buf = [];
  let held = 0;
  try {
    for (const l of rolloutLines('01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a', seed)) {
      buf.push(l);
      held += l.length;
      if (l.includes('"task_complete"')) {
        turns++;
        if (size + held >= bytes) break;
      }
      if (held > 4 * MB) {
        size += writeSync(fd, buf.join(''));
        buf = [];
        held = 0;
      }
    }
    size += writeSync(fd, buf.join(''));
  } finally {
    closeSync(fd);
  }
  return { turns, size: statSync(file).size };
}

// ---- measuring the CLI in a child process (lib/run-cli.mjs) ----

/** Parses `file` (whose text is `bytes` long) through the CLI; throughput is per byte of rollout text. */
async function parseCase(ctx, file, label, turns, bytes, rows) {
  const r = await runCli(ctx, ['session', file, '--json']);
  const json = JSON.parse(r.stdout);
  if (json.counts.turns !== turns) throw new Error(`${label}: parsed ${json.counts.turns} turns, generated ${turns}`);
  const sizeMB = bytes / MB;
  const onDisk = statSync(file).size;
  const size = onDisk === bytes ? `${sizeMB.toFixed(0)} MB` : `${sizeMB.toFixed(0)} MB (${(onDisk / MB).toFixed(0)} MB on disk)`;
  rows.push({ case: `session --json (${label})`, size, metric: 'throughput (wall)', value: sizeMB / (r.ms / 1000), unit: 'MB/s' });
  rows.push({ case: `session --json (${label})`, size, metric: 'throughput (per CPU second)', value: sizeMB / (r.cpuMs / 1000), unit: 'MB/s' });
  rows.push({ case: `session --json (${label})`, size, metric: 'peak RSS', value: r.rssMB, unit: 'MB', target: '< 200 MB', ok: r.rssMB < 200 });
  return r.rssMB;
}

function sparseSessions(home, count, totalBytes) {
  const perFile = Math.floor(totalBytes / count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const id = `01a2${String(i).padStart(4, '0')}-6bd5-7d93-8b56-e52f8a7d3e3a`;
    const day = 1 + (i % 28);
    const dir = join(home, 'sessions', '2026', '10', String(day).padStart(2, '0'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `rollout-2026-10-${String(day).padStart(2, '0')}T08-00-00-${id}.jsonl`);
    const lines = [...rolloutLines(id, i + 1, 2)];
    // A real head (meta, injected context, the first prompt and what follows, ~48 KB) and a real tail (~24 KB).
    let head = '';
    for (const l of lines) {
      if (head.length + l.length > 48 * 1024) break;
      head += l;
    }
    const tailLines = [];
    let tailBytes = 0;
    for (let k = lines.length - 1; k >= 0 && (tailLines.length < 3 || tailBytes + lines[k].length < 24 * 1024); k--) {
      tailLines.unshift(lines[k]);
      tailBytes += lines[k].length;
    }
    if (i % 10 === 3) tailLines.pop(); // an unfinished session: no task_complete
    const tail = '\n' + tailLines.join('');
    const size = perFile + (i % 7) * 100_000 - 300_000;
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, head, 0);
      ftruncateSync(fd, size);
      writeSync(fd, tail, size - Buffer.byteLength(tail));
    } finally {
      closeSync(fd);
    }
    total += size;
  }
  return total;
}

export async function run(ctx) {
  const rows = [];
  const sizes = ctx.quick ? [5, 20] : [50, 200, ...(process.env.BENCH_ROLLOUT_1GB === '1' ? [1024] : [])];
  const rss = [];
  let biggest = null;
  for (const mb of sizes) {
    const file = join(ctx.tmp, `rollout-2026-10-01T08-00-00-01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a-${mb}.jsonl`);
    const { turns, size } = writeRollout(file, mb * MB, mb);
    rss.push(await parseCase(ctx, file, 'jsonl', turns, size, rows));
    if (biggest) unlinkSync(biggest.file);
    biggest = { file, turns, size };
  }
  // Flat means the reader's memory does not follow the file: compare the two default sizes (50 and 200 MB).
  rows.push({
    case: 'session --json (jsonl)',
    size: `${sizes[0]} → ${sizes[1]} MB`,
    metric: 'peak RSS growth',
    value: rss[1] - rss[0],
    unit: 'MB',
    target: 'flat (< 25 MB)',
    ok: rss[1] - rss[0] < 25,
  });
  if (spawnSync('zstd', ['--version']).status === 0) {
    const zst = `${biggest.file}.zst`;
    const z = spawnSync('zstd', ['-q', '-3', '-T2', biggest.file, '-o', zst]);
    if (z.status === 0) {
      unlinkSync(biggest.file);
      await parseCase(ctx, zst, 'jsonl.zst', biggest.turns, biggest.size, rows);
      unlinkSync(zst);
    }
  }

  const count = ctx.quick ? 100 : 1000;
  const home = join(ctx.tmp, 'codex-home');
  const total = sparseSessions(home, count, ctx.quick ? 500 * MB : 5 * 1024 * MB);
  const size = `${count} sessions, ${(total / 1024 / MB).toFixed(1)} GB`;
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await runCli(ctx, ['sessions', '--codex-home', home, '--json']));
  const listed = JSON.parse(runs[0].stdout);
  if (listed.length !== count) throw new Error(`sessions listed ${listed.length} of ${count}`);
  if (listed.filter((s) => !s.finished).length !== count / 10) throw new Error('sessions: wrong number of unfinished sessions');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wall = median(runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpuMs));
  rows.push({
    case: 'sessions --json (heads + tails)',
    size,
    metric: 'wall time (median of 3)',
    value: wall,
    unit: 'ms',
    target: '< 1000 ms',
    ok: wall < 1000,
  });
  rows.push({
    case: 'sessions --json (heads + tails)',
    size,
    metric: 'CPU time, incl. startup (median)',
    value: cpu,
    unit: 'ms',
    target: '< 1000 ms',
    ok: cpu < 1000,
  });
  rows.push({ case: 'sessions --json (heads + tails)', size, metric: 'peak RSS', value: Math.max(...runs.map((r) => r.rssMB)), unit: 'MB' });
  const startup = [];
  for (let i = 0; i < 3; i++) startup.push((await runCli(ctx, ['--version'])).cpuMs);
  rows.push({ case: 'codex-memory --version (startup alone)', size: '', metric: 'CPU time (median of 3)', value: median(startup), unit: 'ms' });
  return rows;
}

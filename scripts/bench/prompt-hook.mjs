// The UserPromptSubmit hook as Codex runs it (a fresh process, the 0.171.0 body on stdin) on generated vaults
// of 1k, 10k and 50k notes (scripts/gen-vault.mjs), beside `node -e 0` timed in the same loop, so load on the
// shared machine weighs on both alike. Every prompt is a new one, as in a conversation: no whole-pack cache
// can answer it; the saved index and the per-line token counts are what it has. Target (issue 12): p50
// within 3x `node -e 0` at 10k notes.
// Two ways, in the same loop: each hook alone (CODEX_MEMORY_RECALL_SERVER=off: the process loads code, index
// and tokenizer itself), and answered by the vault's recall server, which the session's SessionStart hook
// starts (src/node/recall-server/), as in a real session. Both answer the same prompts for fresh sessions,
// and their answers are compared byte for byte.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVault } from '../gen-vault.mjs';

export const title = 'UserPromptSubmit hook';

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const ALONE = { ...process.env, CODEX_MEMORY_RECALL_SERVER: 'off' };
const SERVED = { ...process.env, CODEX_MEMORY_RECALL_SERVER: 'on' };

function timed(cmd, args, input, env = ALONE) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', env });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  return { ms, out: r.stdout };
}

/** Prompts a person might type in the project: a couple of the vault's words, some rare ones, plain glue. */
function prompts(gen, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const w = (k) => gen.words[(i * 7 + k * 13) % gen.words.length];
    const r = gen.rare[(i * 11) % gen.rare.length];
    out.push(`How should the ${w(1)} ${w(2)} handle ${r} when we ${w(3)} the ${w(4)}?`);
  }
  return out;
}

function startBody(session, cwd) {
  return JSON.stringify({
    session_id: session,
    transcript_path: null,
    cwd,
    hook_event_name: 'SessionStart',
    model: 'gpt-5.5',
    permission_mode: 'default',
    source: 'startup',
  });
}

const log = (dir) => (existsSync(join(dir, '.codex-memory', 'log')) ? readFileSync(join(dir, '.codex-memory', 'log'), 'utf8') : '');

/** Waits for the server the session start launched (it loads the index and the tokenizer before it listens). */
async function serverListening(dir) {
  const end = Date.now() + 120_000;
  while (!/recall server: listening/.test(log(dir))) {
    if (Date.now() > end) throw new Error('the recall server did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function body(session, cwd, prompt) {
  return JSON.stringify({
    session_id: session,
    turn_id: 'turn-1',
    transcript_path: null,
    cwd,
    hook_event_name: 'UserPromptSubmit',
    model: 'gpt-5.5',
    permission_mode: 'default',
    prompt,
  });
}

export async function run(ctx) {
  const sizes = ctx.quick ? [1000] : [1000, 10000, 50000];
  const runs = ctx.quick ? 7 : 21;
  const rows = [];
  for (const size of sizes) {
    const dir = join(ctx.tmp, `vault-${size}`);
    const gen = generateVault(dir, { notes: size });
    const cwd = gen.projects[3].repo;
    // What a session start leaves behind: the saved index (hook warm builds it, as a slow start hands it off).
    timed(process.execPath, [ctx.cli, 'hook', 'warm', '--vault', dir, '--cwd', cwd]);
    const qs = prompts(gen, runs + 3);
    for (const q of qs.slice(0, 3)) timed(process.execPath, [ctx.cli, 'hook', 'user-prompt-submit', '--vault', dir], body('bench-warm', cwd, q));
    const hook = [];
    const served = [];
    const bare = [];
    let answered = 0;
    let answeredServed = 0;
    let compared = 0;
    let same = 0;
    const prompt = (i, env) =>
      timed(
        process.execPath,
        [ctx.cli, 'hook', 'user-prompt-submit', '--vault', dir],
        body(`bench-${size}-${i}-${env === ALONE ? 'a' : 's'}`, cwd, qs[3 + i]),
        env,
      );
    timed(process.execPath, [ctx.cli, 'hook', 'session-start', '--vault', dir], startBody(`bench-${size}-start`, cwd), SERVED);
    await serverListening(dir);
    for (let i = 0; i < runs; i++) {
      bare.push(timed(process.execPath, ['-e', '0']).ms);
      const r = prompt(i, ALONE);
      hook.push(r.ms);
      if (r.out.includes('additionalContext')) answered++;
      const v = prompt(i, SERVED);
      served.push(v.ms);
      if (v.out.includes('additionalContext')) answeredServed++;
      // Compared where the hook alone finished inside its 2 s deadline (past it, it sends nothing at all).
      if (r.out.includes('additionalContext')) {
        compared++;
        if (v.out === r.out) same++;
      }
    }
    // Stop this size's server (it would otherwise idle for 15 minutes beside the next size's).
    const pid = /recall server: listening \(pid (\d+)\)/.exec(log(dir))?.[1];
    if (pid) process.kill(Number(pid), 'SIGTERM');
    const base = pct(bare, 50);
    const at10k = size === 10000;
    rows.push({ case: '`node -e 0` (same loop)', size, metric: `p50 of ${runs}`, value: base, unit: 'ms' });
    for (const [label, times, target] of [
      ['hook alone (no recall server), a new prompt each time', hook, false],
      ['hook answered by the recall server, a new prompt each time', served, at10k],
    ]) {
      const p50 = pct(times, 50);
      rows.push({
        case: label,
        size,
        metric: `process end to end p50 (of ${runs})`,
        value: p50,
        unit: 'ms',
        ...(target ? { target: `<= 3x node -e 0 (${(3 * base).toFixed(0)} ms)`, ok: p50 <= 3 * base } : {}),
      });
      rows.push({ case: label, size, metric: `process end to end p95 (of ${runs})`, value: pct(times, 95), unit: 'ms' });
      rows.push({ case: label, size, metric: 'ratio p50 / node -e 0 p50', value: p50 / base, unit: 'x' });
    }
    rows.push({
      case: 'hook alone (no recall server), a new prompt each time',
      size,
      metric: 'prompts that got notes',
      value: answered,
      unit: `of ${runs}`,
    });
    rows.push({
      case: 'hook answered by the recall server, a new prompt each time',
      size,
      metric: 'prompts that got notes',
      value: answeredServed,
      unit: `of ${runs}`,
    });
    rows.push({
      case: 'hook answered by the recall server, a new prompt each time',
      size,
      metric: 'answers byte-identical to the hook alone (where it answered in time)',
      value: same,
      unit: `of ${compared}`,
      target: `${compared}`,
      ok: same === compared,
    });
    await new Promise((r) => setTimeout(r, 500));
    const requests = Number(/stopped after (\d+) request/.exec(log(dir))?.[1] ?? NaN);
    rows.push({
      case: 'hook answered by the recall server, a new prompt each time',
      size,
      metric: 'prompts the server answered (none fell back to working alone)',
      value: Number.isFinite(requests) ? requests : NaN,
      unit: `of ${runs}`,
    });
  }
  return rows;
}

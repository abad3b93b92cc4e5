// The UserPromptSubmit hook as Codex runs it (a fresh process, the 0.171.0 body on stdin) on generated vaults
// of 1k, 10k and 50k notes (scripts/gen-vault.mjs), beside `node -e 0` timed in the same loop, so load on the
// shared machine weighs on both alike. Every prompt is a new one, as in a conversation: no whole-pack cache
// can answer it; the saved index and the per-line token counts are what it has. Target (issue 12): p50
// within 3x `node -e 0` at 10k notes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateVault } from '../gen-vault.mjs';

export const title = 'UserPromptSubmit hook';

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function timed(cmd, args, input) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
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
    const bare = [];
    let answered = 0;
    for (let i = 0; i < runs; i++) {
      bare.push(timed(process.execPath, ['-e', '0']).ms);
      const r = timed(process.execPath, [ctx.cli, 'hook', 'user-prompt-submit', '--vault', dir], body(`bench-${size}-${i}`, cwd, qs[3 + i]));
      hook.push(r.ms);
      if (r.out.includes('additionalContext')) answered++;
    }
    const p50 = pct(hook, 50);
    const base = pct(bare, 50);
    const at10k = size === 10000;
    rows.push({ case: '`node -e 0` (same loop)', size, metric: `p50 of ${runs}`, value: base, unit: 'ms' });
    rows.push({
      case: 'hook user-prompt-submit, a new prompt each time',
      size,
      metric: `process end to end p50 (of ${runs})`,
      value: p50,
      unit: 'ms',
      ...(at10k ? { target: `<= 3x node -e 0 (${(3 * base).toFixed(0)} ms)`, ok: p50 <= 3 * base } : {}),
    });
    rows.push({
      case: 'hook user-prompt-submit, a new prompt each time',
      size,
      metric: `process end to end p95 (of ${runs})`,
      value: pct(hook, 95),
      unit: 'ms',
    });
    rows.push({ case: 'hook user-prompt-submit, a new prompt each time', size, metric: 'ratio p50 / node -e 0 p50', value: p50 / base, unit: 'x' });
    rows.push({
      case: 'hook user-prompt-submit, a new prompt each time',
      size,
      metric: 'prompts that got notes',
      value: answered,
      unit: `of ${runs}`,
    });
  }
  return rows;
}

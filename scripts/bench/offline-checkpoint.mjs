// The offline checkpoint of a long session, through the built CLI (`codex-memory checkpoint FILE --yes`, the
// path a user runs): a 30 MB, 400-turn rollout whose prompts change their minds, name people, dates and
// files, and whose tool outputs make up the bulk. Target: within 10 s. The baseline, from the same run, is
// JSON.parse of every line of the same bytes, the least any reader of the file must do.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const title = 'Offline checkpoint';

const THREAD = '01c3d5e7-0000-7000-8000-0000000000be';
const PROMPTS = [
  "Let's move the session cache to Redis, memcached keeps evicting the keys.",
  'Keep memcached after all, ops does not want another service.',
  'ok scratch that, Redis it is. Checked with Priya: ops will run it.',
  'Omar runs the on-call rotation, so page him before any node drain.',
  'Since finance opens the files in Excel, use CSV for the monthly extract.',
  'Remind me to backfill the March partitions tomorrow.',
  'Always run `npm run lint` before you commit anything.',
  'Open question for later: should the date picker start weeks on Monday?',
  'We decided to pin the ingress chart to 4.8.1 until INFRA-212 is fixed.',
  'Run the retry tests again and fix what fails in `src/noaa/client.ts`.',
];

function writeSession(file, bytes, turns) {
  const perTurn = Math.floor(bytes / turns);
  const logLine = 'src/cache/redis.ts:42:7 retry ok, 3 attempts, backoff 500 ms doubling, station 9414290 cached\n';
  const out = [];
  let clock = Date.parse('2026-11-03T08:00:00Z');
  const line = (type, payload) => out.push(JSON.stringify({ timestamp: new Date((clock += 1000)).toISOString(), type, payload }));
  line('session_meta', {
    id: THREAD,
    timestamp: new Date(clock).toISOString(),
    cwd: '/home/lena/src/harbor',
    git: { branch: 'main', repository_url: 'git@github.com:lena-k/harbor.git' },
  });
  for (let t = 1; t <= turns; t++) {
    const id = `turn-${t}`;
    line('event_msg', { type: 'task_started', turn_id: id });
    const prompt = `${PROMPTS[t % PROMPTS.length]} (step ${t})`;
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    const output = logLine.repeat(Math.max(1, Math.floor(perTurn / 4 / logLine.length)));
    for (let c = 0; c < 4; c++) {
      line('response_item', {
        type: 'function_call',
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: 'npm test -- retry' }),
        call_id: `c${t}_${c}`,
      });
      line('response_item', { type: 'function_call_output', call_id: `c${t}_${c}`, output: `Process exited with code 0\nOutput:\n${output}` });
    }
    line('response_item', {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: `Step ${t} done: updated \`src/cache/redis.ts\`; the retry tests pass. I will ask Dana to review it.` }],
      phase: 'final_answer',
    });
    line('event_msg', { type: 'task_complete', turn_id: id });
  }
  writeFileSync(file, out.join('\n') + '\n');
}

function best(times, fn) {
  let min = Infinity;
  for (let i = 0; i < times; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

export async function run(ctx) {
  const mb = ctx.quick ? 3 : 30;
  const turns = ctx.quick ? 40 : 400;
  const dir = join(ctx.tmp, 'sessions', '2026', '11', '03');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `rollout-2026-11-03T08-00-00-${THREAD}.jsonl`);
  writeSession(file, mb * 1024 * 1024, turns);
  const size = `${(statSync(file).size / 1024 / 1024).toFixed(0)} MB, ${turns} turns`;

  const parse = best(3, () => {
    for (const l of readFileSync(file, 'utf8').split('\n')) if (l) JSON.parse(l);
  });

  const env = { ...process.env, CODEX_HOME: ctx.tmp };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  let checkpoint = Infinity;
  for (let i = 0; i < 2; i++) {
    const vault = join(ctx.tmp, `vault-${i}`);
    const init = spawnSync(process.execPath, [ctx.cli, 'init', '--vault', vault], { env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [ctx.cli, 'checkpoint', file, '--vault', vault, '--yes', '--json'], {
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`checkpoint failed: ${res.stderr.slice(0, 500)}`);
    checkpoint = Math.min(checkpoint, ms);
  }
  return [
    { case: 'JSON.parse of every line (baseline)', size, metric: 'time', value: parse, unit: 'ms' },
    {
      case: 'codex-memory checkpoint --yes (offline)',
      size,
      metric: 'time',
      value: checkpoint,
      unit: 'ms',
      target: '<= 10000 ms',
      ok: checkpoint <= 10_000,
    },
    { case: 'checkpoint / baseline', size, metric: 'ratio', value: checkpoint / parse, unit: 'x' },
  ];
}

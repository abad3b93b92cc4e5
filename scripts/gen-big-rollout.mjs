// A Codex rollout of any size, written as a stream (never held in memory): envelope lines, turns whose first
// user prompt states a decision, each followed by eight ~1 MB tool outputs — the shape that makes real rollouts
// huge. Used by the hardening bench (scripts/bench/hardening.mjs) and test/hardening/resources.test.ts.
//   import { writeBigRollout } from '../gen-big-rollout.mjs'; const file = writeBigRollout(home, 1024 ** 3);
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const BIG_THREAD = '01a2018d-6bd5-7d93-8b56-e52f8a7d3e3b';

/** Writes the rollout under `home`/sessions/2026/10/01/ until it holds at least `bytes`; returns its path. */
export function writeBigRollout(home, bytes) {
  const dir = join(home, 'sessions', '2026', '10', '01');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `rollout-2026-10-01T08-00-00-${BIG_THREAD}.jsonl`);
  const fd = openSync(file, 'w');
  let clock = Date.parse('2026-10-01T08:00:00Z');
  let size = 0;
  const line = (type, payload) => {
    size += writeSync(fd, JSON.stringify({ timestamp: new Date((clock += 1000)).toISOString(), type, payload }) + '\n');
  };
  const output = 'src/noaa/client.ts:12:3: retry on 503 with exponential backoff, attempt ok\n'.repeat(14_000);
  try {
    line('session_meta', { id: BIG_THREAD, timestamp: new Date(clock).toISOString(), cwd: '/home/ana/src/tidepool', git: { branch: 'main' } });
    for (let t = 1; size < bytes; t++) {
      const turn = `turn-${t}`;
      line('event_msg', { type: 'task_started', turn_id: turn });
      const prompt = t === 1 ? 'We decided to keep NOAA retries at three attempts, starting at 500 ms.' : `Step ${t}: run the retry tests again.`;
      line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
      for (let c = 0; c < 8; c++) {
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
        content: [{ type: 'output_text', text: `Step ${t} done: the retry tests pass.` }],
        phase: 'final_answer',
      });
      line('event_msg', { type: 'task_complete', turn_id: turn });
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

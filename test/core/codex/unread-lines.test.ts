// Half the bytes of a big paginated rollout are item_completed copies of command output, file changes and
// reasoning, which the Thread never reads; the parser recognises them by their head instead of parsing them
// (src/core/codex/rollout/normalize-paginated.ts). The Thread must come out exactly as a full parse gives it,
// and a torn line must still count as invalid.
import { RolloutParser } from '../../../src/core/codex/rollout-parser';
import { sessionJson } from '../../../src/core/codex/thread-view';

const ID = '01a2018d-6bd5-7d93-8b56-e52f8a7d3e4f';
const TURN = '01a2018d-6bec-7e83-b3fe-3d0e454d3901';
const log = 'orchard/probe.rs:41: soil moisture 31 %, battery 3.61 V, link ok\n'.repeat(400);

function lines(): string[] {
  let ordinal = 0;
  let second = 0;
  const rec = (type: string, payload: unknown) =>
    JSON.stringify({ timestamp: `2026-11-02T07:00:${String(second++).padStart(2, '0')}.000Z`, ordinal: ordinal++, type, payload });
  const done = (item: unknown) => rec('event_msg', { type: 'item_completed', thread_id: ID, turn_id: TURN, item });
  return [
    rec('session_meta', { id: ID, timestamp: '2026-11-02T07:00:00.000Z', cwd: '/home/ines/src/orchard-sensors', cli_version: '0.169.0' }),
    rec('event_msg', { type: 'task_started', turn_id: TURN }),
    rec('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Why does probe 7 drop off the mesh at dawn?' }] }),
    done({ type: 'UserMessage', id: 'u1', content: [{ type: 'text', text: 'Why does probe 7 drop off the mesh at dawn?' }] }),
    rec('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'cargo test probe' }), call_id: 'c1' }),
    done({
      type: 'CommandExecution',
      id: 'c1',
      command: ['/bin/bash', '-lc', 'cargo test probe'],
      status: 'completed',
      aggregated_output: log,
      exit_code: 0,
    }),
    rec('response_item', { type: 'function_call_output', call_id: 'c1', output: `Process exited with code 0\nOutput:\n${log}` }),
    done({ type: 'Reasoning', id: 'r1', summary: [log] }),
    rec('response_item', {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Dew on the antenna: raise it 20 cm.' }],
      phase: 'final_answer',
    }),
    done({ type: 'AgentMessage', id: 'a1', content: [{ type: 'Text', text: 'Dew on the antenna: raise it 20 cm.' + log }], phase: 'final_answer' }),
    rec('event_msg', { type: 'task_complete', turn_id: TURN, last_agent_message: 'Dew on the antenna: raise it 20 cm.' }),
    // Written after the turn ended: the last timestamp the rollout has.
    done({ type: 'FileChange', id: 'f1', changes: [{ path: 'src/probe.rs', diff: log }] }),
  ];
}

function parse(ls: string[]) {
  const p = new RolloutParser({ path: `rollout-2026-11-02T07-00-00-${ID}.jsonl` });
  for (const l of ls) p.push(l);
  const thread = p.finish();
  return { json: sessionJson(thread), thread };
}

/** The same records spelled so that no head matches (a space after the brace): every line is parsed. */
const spelledOut = (ls: string[]) => ls.map((l) => l.replace(/^\{"/, '{ "'));

test('the Thread is the one a full parse gives', () => {
  const quick = parse(lines());
  expect(quick).toEqual(parse(spelledOut(lines())));
  expect(quick.json.counts).toMatchObject({ turns: 1, tool_calls: 1, final_answers: 1, invalid_lines: 0 });
});

test('a torn item_completed line that ran into the next record is invalid, as a full parse says', () => {
  const ls = lines();
  const torn = [...ls.slice(0, 5), ls[5].slice(0, 6000) + ls[6], ...ls.slice(7)];
  const quick = parse(torn);
  expect(quick.json.counts).toMatchObject({ invalid_lines: 1 });
  expect(quick).toEqual(parse(spelledOut(torn)));
});

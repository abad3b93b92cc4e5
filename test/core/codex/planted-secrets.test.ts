// A secret planted in every field of a rollout, in every rollout generation, never reaches the Thread:
// prompts, answers, reasoning, tool inputs and outputs (exec, local_shell, MCP, apply_patch, web search),
// injected context, compaction summaries, thread names, cwd and git metadata.
import { LineSplitter } from '../../../src/core/codex/line-splitter';
import { RolloutParser } from '../../../src/core/codex/rollout-parser';
import type { Thread } from '../../../src/core/codex/thread';
import { renderTranscript, sessionJson } from '../../../src/core/codex/thread-view';
import { SECRETS } from '../security/secret-samples';

const ID = '0199bbbb-0000-7000-8000-000000000001';
const TS = '2026-09-02T10:00:00.000Z';

type Builder = (s: string) => unknown[];

function envelopeLines(s: string, paginated: boolean): unknown[] {
  let ordinal = 0;
  const line = (type: string, payload: unknown) =>
    paginated ? { timestamp: TS, ordinal: ordinal++, type, payload } : { timestamp: TS, type, payload };
  const item = (p: unknown) => line('response_item', p);
  const ev = (p: unknown) => line('event_msg', p);
  const done = (text: string) =>
    paginated
      ? ev({ type: 'item_completed', item: { type: 'AgentMessage', content: [{ type: 'Text', text }], phase: 'final_answer' } })
      : ev({ type: 'agent_message', message: text, phase: 'final_answer' });
  return [
    line('session_meta', {
      id: ID,
      timestamp: TS,
      cwd: `/home/u/${s}`,
      originator: 'codex-tui',
      cli_version: '0.150.0',
      ...(paginated ? { history_mode: 'paginated' } : {}),
      git: { branch: `feat/${s}`, commit_hash: s, repository_url: `https://github.com/o/r.git#${s}` },
    }),
    ev({ type: 'task_started', turn_id: 't1' }),
    item({
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: `<permissions instructions>\n${s}\n</permissions instructions>` }],
    }),
    item({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: `Reference notes from the user's vault:\n- ${s}` }] }),
    item({
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: `# AGENTS.md instructions for /x\n\n${s}` },
        { type: 'input_text', text: `<environment_context>\n<cwd>/p/${s}</cwd>\n</environment_context>` },
      ],
    }),
    line('turn_context', { turn_id: 't1', cwd: `/home/u/${s}`, model: 'gpt-5.5' }),
    item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: `Please deploy with ${s} today.` }] }),
    paginated
      ? ev({ type: 'item_completed', item: { type: 'UserMessage', content: [{ type: 'text', text: `Please deploy with ${s} today.` }] } })
      : ev({ type: 'user_message', message: `Please deploy with ${s} today.` }),
    item({ type: 'reasoning', summary: [{ type: 'summary_text', text: `Thinking about ${s}` }], encrypted_content: 'gAAAAAB' }),
    item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Looking at ${s}` }], phase: 'commentary' }),
    item({ type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo "${s}" > .env` }), call_id: 'c1' }),
    item({
      type: 'function_call_output',
      call_id: 'c1',
      output: `Chunk ID: 1\nWall time: 0.1 seconds\nProcess exited with code 0\nOriginal token count: 3\nOutput:\n${s}\n`,
    }),
    item({
      type: 'function_call',
      name: 'lookup',
      namespace: 'mcp__vault__',
      arguments: JSON.stringify({ query: s, nested: [{ v: s }] }),
      call_id: 'c2',
    }),
    item({ type: 'function_call_output', call_id: 'c2', output: JSON.stringify([{ type: 'text', text: `found ${s}` }]) }),
    item({
      type: 'custom_tool_call',
      name: 'apply_patch',
      call_id: 'c3',
      input: `*** Begin Patch\n*** Add File: config/${s.split('\n')[0]}.env\n+${s.replace(/\n/g, '\n+')}\n*** End Patch\n`,
    }),
    item({ type: 'custom_tool_call_output', call_id: 'c3', output: `Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess.\n${s}\n` }),
    item({ type: 'web_search_call', status: 'completed', action: { type: 'search', query: `what is ${s}` } }),
    item({ type: 'local_shell_call', call_id: 'c4', status: 'completed', action: { type: 'exec', command: ['bash', '-lc', `export X='${s}'`] } }),
    item({ type: 'function_call_output', call_id: 'c4', output: JSON.stringify({ output: s, metadata: { exit_code: 0 } }) }),
    item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Done; used ${s}.` }], phase: 'final_answer' }),
    done(`Done; used ${s}.`),
    ev({ type: 'task_complete', turn_id: 't1', last_agent_message: s }),
    line('compacted', { message: `Summary: ${s}`, replacement_history: [] }),
    ev({ type: 'thread_name_updated', thread_name: `name ${s}` }),
    // A turn whose prompt and answer exist only as events.
    ev({ type: 'task_started', turn_id: 't2' }),
    ev({ type: 'user_message', message: `again ${s}` }),
    ev({ type: 'agent_message', message: `answer ${s}`, phase: 'final_answer' }),
    ev({ type: 'task_complete', turn_id: 't2' }),
  ];
}

const FORMATS: [string, Builder][] = [
  ['envelope', (s) => envelopeLines(s, false)],
  ['paginated', (s) => envelopeLines(s, true)],
  [
    'pre-envelope',
    (s) => [
      { id: ID, timestamp: TS, instructions: s, git: { branch: s, commit_hash: s, repository_url: `ssh://git@host/${s}` } },
      { record_type: 'state' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: `<user_instructions>\n${s}\n</user_instructions>` }] },
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>/p/${s}</cwd>\n</environment_context>` }],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: `Please deploy with ${s} today.` }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: `Thinking about ${s}` }], encrypted_content: 'gAAAAAB' },
      { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', `echo '${s}'`] }), call_id: 'c1' },
      { type: 'function_call_output', call_id: 'c1', output: JSON.stringify({ output: s, metadata: { exit_code: 0, duration_seconds: 0.1 } }) },
      {
        type: 'custom_tool_call',
        status: 'completed',
        call_id: 'c2',
        name: 'apply_patch',
        input: `*** Begin Patch\n*** Update File: a.env\n+${s.replace(/\n/g, '\n+')}\n*** End Patch\n`,
      },
      { type: 'custom_tool_call_output', call_id: 'c2', output: JSON.stringify({ output: `Updated ${s}`, metadata: { exit_code: 0 } }) },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Done; used ${s}.` }] },
    ],
  ],
];

function parse(objs: unknown[]): Thread {
  const parser = new RolloutParser({ path: '/tmp/planted.jsonl' });
  const splitter = new LineSplitter((l) => parser.push(l));
  splitter.pushText(objs.map((o) => JSON.stringify(o)).join('\n') + '\n');
  return parser.finish(splitter.end());
}

describe.each(FORMATS)('%s rollout', (format, build) => {
  test.each(SECRETS)('%s never survives: %s', (kind, secret, survivor) => {
    const thread = parse(build(secret));
    expect(thread.format).toBe(format);
    // The planted text was really read (prompts, answers, tool calls all present).
    expect(thread.turns[0].prompts[0]).toMatch(/^Please deploy with .*today\.$/s);
    expect(thread.turns[0].toolCalls.length).toBeGreaterThanOrEqual(2);
    for (const view of [JSON.stringify(thread), JSON.stringify(sessionJson(thread)), renderTranscript(thread)]) {
      expect(view).not.toContain(survivor);
    }
    const total = Object.values(thread.redactions).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(format === 'pre-envelope' ? 8 : 20);
    expect(Object.keys(thread.redactions)).toContain(kind);
  });
});

describe('secrets at the edges of a long output that is cut', () => {
  test.each(SECRETS)('%s lying across a cut does not leak: %s', (_kind, secret, survivor) => {
    const filler = (n: number): string => 'lorem ipsum dolor sit amet\n'.repeat(Math.ceil(n / 27) + 1).slice(0, n);
    // Default limits keep 2,800 characters of head and 1,200 of tail. Each copy of the secret is placed so the
    // cut falls inside it with the telling fragment on the kept side: cutting before redacting would leak it.
    const total = 200_000;
    const headCut = 2800;
    const tailCut = total - 1200;
    const line = `\n${secret}\n`;
    const i = line.indexOf(survivor);
    const first = headCut - (i + survivor.length + 2);
    const second = tailCut - i + 2;
    const out = filler(first) + line + filler(second - first - line.length) + line;
    const padded = out + filler(total - out.length);
    const thread = parse([
      { timestamp: TS, type: 'session_meta', payload: { id: ID, timestamp: TS, cwd: '/w' } },
      { timestamp: TS, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'cat the log' }] } },
      {
        timestamp: TS,
        type: 'response_item',
        payload: { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat log"}', call_id: 'c' },
      },
      { timestamp: TS, type: 'response_item', payload: { type: 'function_call_output', call_id: 'c', output: padded } },
    ]);
    const kept = thread.turns[0].toolCalls[0].output!;
    expect(kept).toMatch(/characters omitted/);
    expect(kept).not.toContain(survivor);
  });
});

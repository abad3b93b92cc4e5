// The core parser on what the shared fixtures do not show: web searches, local_shell, MCP calls, compaction,
// aborted turns, rollouts whose prompts exist only as events, corrupt lines, forks, and non-rollouts.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineSplitter } from '../../../src/core/codex/line-splitter';
import { NotARolloutError, RolloutParser } from '../../../src/core/codex/rollout-parser';
import type { Thread } from '../../../src/core/codex/thread';
import { renderTranscript, sessionJson, threadCounts } from '../../../src/core/codex/thread-view';

const FIXTURE = path.join(__dirname, 'fixtures', 'rollout-2026-09-14T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl');

function parseText(text: string, opts: ConstructorParameters<typeof RolloutParser>[0] = {}): Thread {
  const parser = new RolloutParser(opts);
  const splitter = new LineSplitter((l) => parser.push(l));
  splitter.pushText(text);
  return parser.finish(splitter.end());
}

const lines = (...objs: unknown[]): string => objs.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n') + '\n';
const env = (type: string, payload: unknown, ts = '2026-09-01T10:00:00.000Z') => ({ timestamp: ts, type, payload });
const meta = (id = '0199aaaa-0000-7000-8000-000000000001') => env('session_meta', { id, timestamp: '2026-09-01T10:00:00.000Z', cwd: '/w' });
const userItem = (text: string) => env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const answer = (text: string, phase = 'final_answer') =>
  env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }], phase });
const ev = (payload: unknown) => env('event_msg', payload);

describe('own fixture: web search, local_shell, MCP, compaction, aborted turn', () => {
  const thread = parseText(readFileSync(FIXTURE, 'utf8'), { path: FIXTURE });
  const [t1, t2, t3] = thread.turns;

  test('counts: web searches are kept but counted apart from tool calls', () => {
    expect(threadCounts(thread)).toEqual({
      user_prompts: 3,
      turns: 3,
      tool_calls: 4,
      web_searches: 1,
      final_answers: 2,
      invalid_lines: 0,
    });
  });

  test('web_search_call keeps its query', () => {
    expect(t1.toolCalls[0]).toMatchObject({ kind: 'web_search', name: 'web_search', input: 'pg_dump permission denied for sequence' });
  });

  test('local_shell_call becomes an exec call with its command line, output and exit code', () => {
    const ls = t1.toolCalls[1];
    expect(ls).toMatchObject({ kind: 'exec', name: 'local_shell', exitCode: 1 });
    expect(ls.input).toBe('journalctl -u nightly-export --since yesterday | tail -3');
    expect(ls.output).toContain('permission denied for sequence invoices_id_seq');
    expect(ls.output).not.toContain('duration_seconds');
  });

  test('an MCP call is named by server and tool and its content blocks become text', () => {
    const mcp = t1.toolCalls[2];
    expect(mcp).toMatchObject({ kind: 'mcp', name: 'mcp__github__get_issue' });
    expect(JSON.parse(mcp.input)).toEqual({ owner: 'ana-lima', repo: 'atlas', number: 88 });
    expect(mcp.output).toBe('#88 Nightly export fails since the schema migration\nAssignee: Ruth Okoye');
  });

  test('the compaction summary is kept, and its replacement history does not add prompts', () => {
    expect(thread.compactions).toEqual([expect.stringContaining('lacks USAGE on sequence invoices_id_seq')]);
    expect(thread.turns.flatMap((t) => t.prompts).filter((p) => p.startsWith('Find out why'))).toHaveLength(1);
  });

  test('an interrupted turn is marked aborted and not completed', () => {
    expect(t2).toMatchObject({ aborted: true, completed: false, prompts: ['Grant the privilege in migration 0042 and run the export locally.'] });
    expect(t2.toolCalls.map((c) => c.input)).toEqual(['make export-local']);
    expect(t3).toMatchObject({ aborted: false, completed: true });
    expect(thread.finished).toBe(true);
  });

  test('the <turn_aborted> notice Codex inserts is injected context, not a prompt', () => {
    expect(t3.prompts).toEqual(["Don't run the export, just write the migration file and rename the old runbook."]);
    expect(t3.injected.map((i) => i.kind)).toEqual(['other']);
  });

  test('apply_patch records added, updated and moved files', () => {
    expect(t3.toolCalls[0].files).toEqual([
      { path: 'migrations/0042_grant_usage.sql', op: 'add' },
      { path: 'docs/runbook.md', op: 'move', from: 'docs/old-runbook.md' },
    ]);
    expect(t3.toolCalls[0].exitCode).toBe(0);
    expect(t3.toolCalls[0].output).toBe('Success. Updated the following files:\nA migrations/0042_grant_usage.sql\nM docs/runbook.md\n');
    expect(thread.filesChanged).toEqual(['migrations/0042_grant_usage.sql', 'docs/runbook.md']);
  });

  test('metadata, reasoning summaries and token usage', () => {
    expect(thread).toMatchObject({
      id: '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      format: 'envelope',
      cwd: '/home/ana/src/atlas',
      model: 'gpt-5.5',
      cliVersion: '0.130.0',
      git: { branch: 'fix/nightly-export', remote: 'https://github.com/ana-lima/atlas.git' },
      tokenUsage: { input: 20000, cachedInput: 5000, output: 700, reasoningOutput: 300, total: 20700 },
    });
    expect(t1.reasoningSummaries[0]).toContain('Look up the pg_dump error');
    expect(JSON.stringify(thread)).not.toContain('gAAAAAB');
  });

  test('the transcript shows prompts, commands, searches and files, and no injected context', () => {
    const text = renderTranscript(thread);
    expect(text).toContain('Find out why the nightly export job fails');
    expect(text).toContain('$ journalctl -u nightly-export --since yesterday | tail -3  (exit 1)');
    expect(text).toContain('? web search: pg_dump permission denied for sequence');
    expect(text).toContain('~ docs/old-runbook.md -> docs/runbook.md');
    expect(text).toContain('--- Turn 2 (aborted) ---');
    expect(text).not.toMatch(/AGENTS\.md instructions|<environment_context>|permissions instructions|turn_aborted>/);
  });

  test('session JSON has the DESIGN.md fields', () => {
    const j = sessionJson(thread);
    for (const k of [
      'thread',
      'path',
      'format',
      'cwd',
      'model',
      'started',
      'branch',
      'commit',
      'remote',
      'counts',
      'prompts',
      'final_answers',
      'files_changed',
      'redactions',
    ]) {
      expect(j).toHaveProperty(k);
    }
    expect(j.final_answers).toHaveLength(2);
    expect(j.counts).toMatchObject({ user_prompts: 3, turns: 3, tool_calls: 4, final_answers: 2, invalid_lines: 0 });
  });
});

describe('turns and prompts', () => {
  test('a prompt recorded both as response item and as event counts once', () => {
    const t = parseText(
      lines(
        meta(),
        ev({ type: 'task_started', turn_id: 'a' }),
        userItem('hello there'),
        ev({ type: 'user_message', message: 'hello there' }),
        answer('hi'),
        ev({ type: 'task_complete', turn_id: 'a' }),
      ),
    );
    expect(threadCounts(t)).toMatchObject({ user_prompts: 1, turns: 1, final_answers: 1 });
  });

  test('prompts and answers known only from events still count (once each)', () => {
    const t = parseText(
      lines(
        meta(),
        ev({ type: 'task_started', turn_id: 'a' }),
        ev({ type: 'user_message', message: 'only as an event', kind: 'plain' }),
        ev({ type: 'user_message', message: '<environment_context>\n<cwd>/w</cwd>\n</environment_context>', kind: 'environment_context' }),
        ev({ type: 'agent_message', message: 'answered' }),
        ev({ type: 'task_complete', turn_id: 'a' }),
        ev({ type: 'task_started', turn_id: 'b' }),
        ev({ type: 'item_completed', item: { type: 'UserMessage', content: [{ type: 'text', text: 'second, paginated style' }] } }),
        ev({ type: 'item_completed', item: { type: 'AgentMessage', content: [{ type: 'Text', text: 'done' }], phase: 'final_answer' } }),
        ev({ type: 'task_complete', turn_id: 'b' }),
      ),
    );
    expect(t.turns.map((x) => x.prompts)).toEqual([['only as an event'], ['second, paginated style']]);
    expect(threadCounts(t)).toMatchObject({ user_prompts: 2, turns: 2, final_answers: 2 });
  });

  test('a prompt written before its task_started does not open an extra turn', () => {
    const t = parseText(
      lines(meta(), userItem('early prompt'), ev({ type: 'task_started', turn_id: 'a' }), answer('ok'), ev({ type: 'task_complete', turn_id: 'a' })),
    );
    expect(t.turns).toHaveLength(1);
    expect(t.turns[0]).toMatchObject({ turnId: 'a', prompts: ['early prompt'], completed: true });
  });

  test('pre-envelope turns are cut at each prompt and complete when the assistant spoke last', () => {
    const t = parseText(
      lines(
        { id: '5b1e0000-0000-4000-8000-000000000001', timestamp: '2025-08-01T09:00:00Z', git: { branch: 'main' } },
        { record_type: 'state' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'one' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }] },
        { type: 'function_call', name: 'shell', arguments: '{"command":["bash","-lc","ls"]}', call_id: 'c1' },
      ),
    );
    expect(t.format).toBe('pre-envelope');
    expect(t.turns.map((x) => [x.prompts, x.completed])).toEqual([
      [['first'], true],
      [['second'], false],
    ]);
    expect(t.finished).toBe(false);
    expect(t.turns[1].toolCalls[0]).toMatchObject({ kind: 'exec', input: 'ls' });
  });

  test('a fork repeats its parent meta further down: the first one is this thread', () => {
    const t = parseText(lines(meta('0199aaaa-0000-7000-8000-00000000000f'), meta('0199aaaa-0000-7000-8000-0000000000aa'), userItem('x')));
    expect(t.id).toBe('0199aaaa-0000-7000-8000-00000000000f');
  });

  test('unknown line and item types are ignored; a corrupt line in the middle is counted and skipped', () => {
    const t = parseText(
      lines(
        meta(),
        env('future_line_type', { a: 1 }),
        env('response_item', { type: 'hologram', data: 1 }),
        '{"timestamp": "2026-09-01T10:00:01Z", "type": "resp',
        userItem('still parsed'),
        '[1,2,3]',
      ),
    );
    expect(t.parse).toEqual({ nonemptyLines: 6, validJsonLines: 5, invalidLines: 1, lastLineTruncated: false });
    expect(t.turns[0].prompts).toEqual(['still parsed']);
  });

  test('a complete last line without a newline is not truncated; a half-written one is', () => {
    const ok = parseText(lines(meta()) + JSON.stringify(userItem('no newline at the end')));
    expect(ok.parse.lastLineTruncated).toBe(false);
    expect(ok.turns[0].prompts).toEqual(['no newline at the end']);
    const cut = parseText(
      lines(meta(), ev({ type: 'task_started', turn_id: 'a' }), userItem('q'), answer('a'), ev({ type: 'task_complete', turn_id: 'a' })) +
        '{"type":"event_msg","payl',
    );
    expect(cut.parse.lastLineTruncated).toBe(true);
    expect(cut.turns[0].completed).toBe(true);
    expect(cut.finished).toBe(false);
  });
});

describe('not a rollout', () => {
  test.each([
    ['empty', '', /it is empty/],
    ['plain text', 'hello\nworld\n', /no JSON lines/],
    ['other JSON lines', '{"name":"x"}\n{"name":"y"}\n', /no session lines/],
  ])('%s gives NotARolloutError', (_n, text, msg) => {
    expect(() => parseText(text, { path: '/tmp/x.jsonl' })).toThrow(NotARolloutError);
    expect(() => parseText(text, { path: '/tmp/x.jsonl' })).toThrow(msg);
  });

  test('history.jsonl-like lines are not a session', () => {
    expect(() => parseText('{"session_id":"a","ts":1,"text":"hi"}\n')).toThrow(NotARolloutError);
  });
});

describe('bounded memory', () => {
  test('a huge tool output keeps its head and tail and says how much was left out', () => {
    const big = 'HEAD-LINE\n' + 'x'.repeat(500_000) + '\nTAIL-LINE';
    const t = parseText(
      lines(
        meta(),
        ev({ type: 'task_started', turn_id: 'a' }),
        userItem('run it'),
        env('response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"make"}', call_id: 'c' }),
        env('response_item', {
          type: 'function_call_output',
          call_id: 'c',
          output: `Chunk ID: 1\nWall time: 1 seconds\nProcess exited with code 2\nOriginal token count: 9\nOutput:\n${big}`,
        }),
      ),
    );
    const out = t.turns[0].toolCalls[0].output!;
    expect(out.length).toBeLessThan(5000);
    expect(out.startsWith('HEAD-LINE')).toBe(true);
    expect(out.endsWith('TAIL-LINE')).toBe(true);
    expect(out).toMatch(/\[… \d+ characters omitted …\]/);
    expect(t.turns[0].toolCalls[0].exitCode).toBe(2);
    expect(t.omittedChars).toBeGreaterThan(490_000);
  });

  test('after the tool-text budget is spent, further outputs are cut shorter', () => {
    const objs: unknown[] = [meta(), userItem('go')];
    for (let i = 0; i < 5; i++) {
      objs.push(env('response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat f"}', call_id: `c${i}` }));
      objs.push(env('response_item', { type: 'function_call_output', call_id: `c${i}`, output: 'y'.repeat(3000) }));
    }
    const t = parseText(lines(...objs), { limits: { toolTextBudget: 6000, minToolTextChars: 200 } });
    const lens = t.turns[0].toolCalls.map((c) => c.output!.length);
    expect(lens.slice(0, 2)).toEqual([3000, 3000]);
    for (const n of lens.slice(2)) expect(n).toBeLessThan(300);
  });
});

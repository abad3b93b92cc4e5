import { HookInputError, parseHookInput } from '../../../src/core/delivery/hook-input';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { CITE_ASK, CITE_ASK_TOKENS, renderSessionStartOutput } from '../../../src/core/delivery/hook-output';

// The body Codex 0.169.0 sends a SessionStart hook (fields per ../shared/fixtures/codex-real/README.md).
const sessionStart = {
  session_id: '019a2018-e000-7000-8000-00000000001e',
  transcript_path: '/home/marta/.codex/sessions/2026/11/22/rollout-2026-11-22T10-00-00-019a2018-e000-7000-8000-00000000001e.jsonl',
  cwd: '/home/marta/src/invoice-cli',
  hook_event_name: 'SessionStart',
  model: 'gpt-5.1-codex',
  permission_mode: 'workspace-write',
  source: 'startup',
};

describe('parseHookInput', () => {
  test('reads the fields Codex sends at SessionStart and ignores the rest', () => {
    const input = parseHookInput('session-start', JSON.stringify({ ...sessionStart, future_field: { x: 1 } }));
    expect(input).toEqual({
      event: 'session-start',
      sessionId: sessionStart.session_id,
      transcriptPath: sessionStart.transcript_path,
      cwd: sessionStart.cwd,
      model: sessionStart.model,
      source: 'startup',
      prompt: undefined,
      turnId: undefined,
    });
  });

  test('a null transcript_path (ephemeral session) is simply absent', () => {
    const input = parseHookInput('stop', JSON.stringify({ session_id: 'abc', transcript_path: null, hook_event_name: 'Stop' }));
    expect(input.transcriptPath).toBeUndefined();
    expect(input.sessionId).toBe('abc');
  });

  test.each([
    ['', 'no hook input'],
    ['   \n', 'no hook input'],
    ['{"session_id": ', 'not JSON'],
    ['[1,2]', 'not a JSON object'],
    ['"text"', 'not a JSON object'],
    ['{"cwd": 42}', '"cwd" is not a string'],
  ])('rejects %j with a one-line reason', (text, reason) => {
    expect(() => parseHookInput('session-start', text)).toThrow(HookInputError);
    expect(() => parseHookInput('session-start', text)).toThrow(reason);
  });

  test('refuses a body meant for another event (a hook wired to the wrong entry)', () => {
    expect(() => parseHookInput('session-start', JSON.stringify({ ...sessionStart, hook_event_name: 'Stop' }))).toThrow(
      'hook input is for Stop, not SessionStart',
    );
  });
});

describe('renderSessionStartOutput', () => {
  test('wraps the pack in the body Codex reads, as one JSON line', () => {
    const out = renderSessionStartOutput('Reference notes\n- "quoted" \\ line\n');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({
      // The pack, then the ask to cite the notes used (counted at checkpoint).
      hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: `Reference notes\n- "quoted" \\ line\n${CITE_ASK}` },
    });
  });

  test('empty context prints nothing at all', () => {
    expect(renderSessionStartOutput('  \n')).toBe('');
  });
});

test('the ask to cite the notes used fits in what the hooks take off the budget for it', () => {
  expect(countTokens(`\n${CITE_ASK}`)).toBeLessThanOrEqual(CITE_ASK_TOKENS);
});

// Every parse / session / counts field and every prompt prefix of every expected/*.expected.json in the shared
// fixtures (hand-written and real Codex 0.169.0 rollouts), checked against what the reader produces.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { threadCounts } from '../../../src/core/codex/thread-view';
import type { Thread } from '../../../src/core/codex/thread';
import { parseRolloutFile } from '../../../src/node/rollout-source';
import { describeShared, sharedDir } from '../../support/shared';

interface Expected {
  fixture: string;
  thread_id: string;
  container: string;
  parse: { nonempty_lines: number; valid_json_lines: number; invalid_lines: number; last_line_truncated: boolean };
  session: Record<string, string | null>;
  counts: { user_prompts: number; turns: number; tool_calls: number; final_answers: number };
  user_prompt_prefixes: string[];
  must_not_capture: string[];
}

const FOLDERS = ['codex-sessions', 'codex-real'];

function cases(): [string, string, Expected][] {
  if (!sharedDir) return [];
  return FOLDERS.flatMap((folder) => {
    const dir = path.join(sharedDir!, 'fixtures', folder);
    return readdirSync(path.join(dir, 'expected'))
      .filter((f) => f.endsWith('.expected.json'))
      .map((f): [string, string, Expected] => [
        `${folder}/${f.replace('.expected.json', '')}`,
        dir,
        JSON.parse(readFileSync(path.join(dir, 'expected', f), 'utf8')) as Expected,
      ]);
  });
}

/** The session fields the expected files name, read off a Thread. */
function sessionField(t: Thread, key: string): string | null | undefined {
  switch (key) {
    case 'cwd':
      return t.cwd ?? null;
    case 'started_at':
      return t.startedAt ?? null;
    case 'originator':
      return t.originator ?? null;
    case 'cli_version':
      return t.cliVersion ?? null;
    case 'model':
      return t.model ?? null;
    case 'history_mode':
      return t.historyMode ?? null;
    case 'git_branch':
      return t.git.branch ?? null;
    case 'git_commit':
      return t.git.commit ?? null;
    case 'repository_url':
      return t.git.remote ?? null;
    default:
      return undefined; // notes such as cwd_source
  }
}

/** Everything a distiller could read from the Thread, minus the injected context kept apart on purpose. */
function visibleText(t: Thread): string {
  return JSON.stringify({ ...t, turns: t.turns.map((turn) => ({ ...turn, injected: [] })) });
}

describeShared('shared rollout fixtures', () => {
  const all = cases();

  test('all seven expected files are found (five hand-written, two real)', () => {
    expect(all.map(([name]) => name.split('/')[0])).toEqual([...Array(5).fill('codex-sessions'), ...Array(2).fill('codex-real')]);
  });

  describe.each(all)('%s', (_name, dir, exp) => {
    let thread: Thread;
    beforeAll(async () => {
      thread = await parseRolloutFile(path.join(dir, exp.fixture));
    });

    test('identity and container', () => {
      expect(thread.id).toBe(exp.thread_id);
      expect(thread.container).toBe(exp.container);
    });

    test('parse statistics', () => {
      expect({
        nonempty_lines: thread.parse.nonemptyLines,
        valid_json_lines: thread.parse.validJsonLines,
        invalid_lines: thread.parse.invalidLines,
        last_line_truncated: thread.parse.lastLineTruncated,
      }).toEqual(exp.parse);
    });

    test('session fields', () => {
      const keys = Object.keys(exp.session).filter((k) => sessionField(thread, k) !== undefined);
      expect(keys.length).toBeGreaterThanOrEqual(8);
      expect(Object.fromEntries(keys.map((k) => [k, sessionField(thread, k)]))).toEqual(Object.fromEntries(keys.map((k) => [k, exp.session[k]])));
    });

    test('counts', () => {
      const c = threadCounts(thread);
      expect({ user_prompts: c.user_prompts, turns: c.turns, tool_calls: c.tool_calls, final_answers: c.final_answers }).toEqual(exp.counts);
      expect(c.invalid_lines).toBe(exp.parse.invalid_lines);
    });

    test('user prompts, in order, are what the person typed', () => {
      const prompts = thread.turns.flatMap((t) => t.prompts);
      expect(prompts).toHaveLength(exp.user_prompt_prefixes.length);
      prompts.forEach((p, i) => expect(p.startsWith(exp.user_prompt_prefixes[i])).toBe(true));
    });

    test('injected boilerplate stays out of everything but turn.injected', () => {
      const text = visibleText(thread);
      for (const phrase of exp.must_not_capture) expect(text).not.toContain(phrase);
      expect(thread.turns[0].injected.length).toBeGreaterThan(0);
    });

    test('finished means the last turn completed and the file ends cleanly', () => {
      expect(thread.finished).toBe(!exp.parse.last_line_truncated && exp.counts.final_answers > 0);
    });
  });

  test('hook output is kept apart as injected context of kind "hook"', async () => {
    const hooked = all.filter(([, , e]) => e.must_not_capture.some((p) => /vault/i.test(p)));
    expect(hooked.length).toBe(2);
    for (const [, dir, exp] of hooked) {
      const t = await parseRolloutFile(path.join(dir, exp.fixture));
      const hooks = t.turns[0].injected.filter((i) => i.kind === 'hook');
      expect(hooks).toHaveLength(1);
      expect(hooks[0].role).toBe('developer');
      expect(hooks[0].text).toMatch(/notes from the (user's|Obsidian) vault/);
    }
  });
});

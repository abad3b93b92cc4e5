// Builds real CODEX_HOME folders in a temp directory for the discovery, session-list and CLI tests.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const OWN_FIXTURE = path.join(__dirname, '../../core/codex/fixtures/rollout-2026-09-14T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl');
export const OWN_ID = '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

export async function tempDir(prefix = 'cm-codex-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function writeFile(file: string, content: string | Uint8Array): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return file;
}

/** Path of a rollout in the dated sessions tree, the way Codex names it. */
export function sessionPath(home: string, id: string, date = '2026-09-14', time = '10-00-00', ext = 'jsonl'): string {
  const [y, m, d] = date.split('-');
  return path.join(home, 'sessions', y, m, d, `rollout-${date}T${time}-${id}.${ext}`);
}

const env = (ts: string, type: string, payload: unknown): string => JSON.stringify({ timestamp: ts, type, payload });

export interface RolloutSpec {
  id: string;
  cwd?: string;
  prompt?: string;
  start?: string;
  end?: string;
  /** Close the last turn with task_complete. */
  finished?: boolean;
  /** Characters of AGENTS.md-style injected context before the prompt. */
  injectedChars?: number;
  /** Bytes of tool output between the head and the tail. */
  middleBytes?: number;
}

/** A small envelope-format rollout with one turn, sized and shaped as asked. */
export function rolloutText(spec: RolloutSpec): string {
  const start = spec.start ?? '2026-09-14T08:00:00.000Z';
  const end = spec.end ?? start;
  const lines = [
    env(start, 'session_meta', {
      id: spec.id,
      timestamp: start,
      cwd: spec.cwd ?? '/home/ana/src/atlas',
      originator: 'codex-tui',
      cli_version: '0.130.0',
      git: { branch: 'main', commit_hash: 'a'.repeat(40), repository_url: 'git@github.com:ana/atlas.git' },
    }),
    env(start, 'event_msg', { type: 'task_started', turn_id: 't1' }),
  ];
  if (spec.injectedChars) {
    lines.push(
      env(start, 'response_item', {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: `# AGENTS.md instructions for /x\n\n${'Use make. '.repeat(Math.ceil(spec.injectedChars / 10))}` }],
      }),
    );
  }
  lines.push(
    env(start, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: spec.prompt ?? 'Fix the export job.' }] }),
  );
  lines.push(env(start, 'response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat big.log"}', call_id: 'c1' }));
  const middle = spec.middleBytes ?? 0;
  for (let done = 0; done < middle; done += 100_000) {
    lines.push(env(start, 'response_item', { type: 'function_call_output', call_id: 'c1', output: 'log line\n'.repeat(11_000) }));
  }
  lines.push(
    env(end, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }], phase: 'final_answer' }),
  );
  if (spec.finished !== false) lines.push(env(end, 'event_msg', { type: 'task_complete', turn_id: 't1' }));
  return lines.join('\n') + '\n';
}

/** Runs `fn` with a fresh temp folder, removed afterwards whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await tempDir();
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

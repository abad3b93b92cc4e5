// Builds Threads by hand for distiller tests: a few lines per turn instead of a rollout file.
import type { InjectedContext, Thread, ToolCall, Turn } from '../../../../src/core/codex/thread';

export interface TurnSpec {
  user?: string | string[];
  /** Final answers (phase final_answer). */
  answer?: string | string[];
  /** Commentary messages (phase commentary), said before the final answer. */
  commentary?: string | string[];
  tools?: ToolCall[];
  injected?: InjectedContext[];
  /** Defaults to true; false leaves the turn without task_complete. */
  completed?: boolean;
  aborted?: boolean;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function makeThread(turns: TurnSpec[], over: Partial<Thread> = {}): Thread {
  const built: Turn[] = turns.map((t, i) => ({
    index: i + 1,
    prompts: list(t.user),
    assistant: [
      ...list(t.commentary).map((text) => ({ text, phase: 'commentary' })),
      ...list(t.answer).map((text) => ({ text, phase: 'final_answer' })),
    ],
    reasoningSummaries: [],
    toolCalls: t.tools ?? [],
    injected: t.injected ?? [],
    completed: t.completed ?? true,
    aborted: t.aborted ?? false,
  }));
  const files: string[] = [];
  for (const t of built) for (const c of t.toolCalls) for (const f of c.files ?? []) if (!files.includes(f.path)) files.push(f.path);
  const last = built[built.length - 1];
  return {
    id: 'thread-test-0001',
    path: '/tmp/rollout-test.jsonl',
    format: 'envelope',
    container: 'jsonl',
    cwd: '/home/dev/src/sample-app',
    git: {},
    turns: built,
    compactions: [],
    filesChanged: files,
    finished: last ? last.completed && !last.aborted : true,
    parse: { nonemptyLines: 10, validJsonLines: 10, invalidLines: 0, lastLineTruncated: false },
    redactions: {},
    ...over,
  };
}

/** An apply_patch call that adds or updates files; `lines` are added to the first file. */
export function patch(files: { path: string; op?: 'add' | 'update' }[], lines: string[] = []): ToolCall {
  const body = files
    .map((f, i) => `*** ${f.op === 'add' ? 'Add' : 'Update'} File: ${f.path}\n${i === 0 ? lines.map((l) => `+${l}`).join('\n') : '+// changed'}`)
    .join('\n');
  return {
    name: 'apply_patch',
    kind: 'patch',
    input: `*** Begin Patch\n${body}\n*** End Patch`,
    output: 'Success.',
    files: files.map((f) => ({ path: f.path, op: f.op ?? 'update' })),
  };
}

export function exec(cmd: string, output: string): ToolCall {
  return { name: 'exec_command', kind: 'exec', input: cmd, output, exitCode: 0 };
}

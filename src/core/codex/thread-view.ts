// Views of a parsed Thread shared by the CLI, the MCP server and the plugin: the counts the fixtures check,
// the `session --json` shape (docs/architecture.md, CLI contract) and a readable transcript (injected context never shown).
import type { Thread, ToolCall, Turn } from './thread';
import { oneLine } from '../text';

export interface ThreadCounts {
  user_prompts: number;
  turns: number;
  /** function_call + custom_tool_call + local_shell_call (web searches are counted apart). */
  tool_calls: number;
  web_searches: number;
  /** Assistant messages in the final_answer phase; every assistant message in pre-envelope rollouts. */
  final_answers: number;
  invalid_lines: number;
}

const isFinal = (phase: string | undefined): boolean => phase === undefined || phase === 'final_answer';

export function finalAnswers(thread: Thread): string[] {
  return thread.turns.flatMap((t) => t.assistant.filter((a) => isFinal(a.phase)).map((a) => a.text));
}

export function threadCounts(thread: Thread): ThreadCounts {
  let prompts = 0;
  let tools = 0;
  let searches = 0;
  for (const t of thread.turns) {
    prompts += t.prompts.length;
    for (const c of t.toolCalls) {
      if (c.kind === 'web_search') searches++;
      else tools++;
    }
  }
  return {
    user_prompts: prompts,
    turns: thread.turns.length,
    tool_calls: tools,
    web_searches: searches,
    final_answers: finalAnswers(thread).length,
    invalid_lines: thread.parse.invalidLines,
  };
}

/** The `codex-memory session --json` document. */
export function sessionJson(thread: Thread): Record<string, unknown> {
  return {
    thread: thread.id,
    path: thread.path,
    format: thread.format,
    container: thread.container,
    name: thread.name ?? null,
    cwd: thread.cwd ?? null,
    model: thread.model ?? null,
    started: thread.startedAt ?? null,
    updated: thread.updatedAt ?? null,
    branch: thread.git.branch ?? null,
    commit: thread.git.commit ?? null,
    remote: thread.git.remote ?? null,
    originator: thread.originator ?? null,
    cli_version: thread.cliVersion ?? null,
    history_mode: thread.historyMode ?? null,
    finished: thread.finished,
    counts: threadCounts(thread),
    prompts: thread.turns.flatMap((t) => t.prompts),
    final_answers: finalAnswers(thread),
    files_changed: thread.filesChanged,
    compactions: thread.compactions,
    token_usage: thread.tokenUsage ?? null,
    parse: {
      nonempty_lines: thread.parse.nonemptyLines,
      valid_json_lines: thread.parse.validJsonLines,
      invalid_lines: thread.parse.invalidLines,
      last_line_truncated: thread.parse.lastLineTruncated,
    },
    turns: thread.turns.map((t) => ({
      index: t.index,
      prompts: t.prompts,
      completed: t.completed,
      aborted: t.aborted,
      started: t.startedAt ?? null,
      ended: t.endedAt ?? null,
      tool_calls: t.toolCalls.map((c) => ({
        name: c.name,
        kind: c.kind,
        input: c.input,
        exit_code: c.exitCode ?? null,
        files: c.files ?? [],
      })),
      final_answers: t.assistant.filter((a) => isFinal(a.phase)).map((a) => a.text),
    })),
    redactions: thread.redactions,
  };
}

function indent(text: string, pad = '  '): string {
  return text.replace(/\r?\n/g, `\n${pad}`).replace(/^/, pad);
}

/** One line for a list of tool calls: a line break shows as ⏎ (a command's lines matter). */
function viewLine(text: string, max = 160): string {
  return oneLine(text.replace(/\s*\n\s*/g, ' ⏎ '), max);
}

function toolLine(c: ToolCall): string[] {
  const code = c.exitCode !== undefined && c.exitCode !== 0 ? `  (exit ${c.exitCode})` : '';
  switch (c.kind) {
    case 'exec':
      return [`$ ${viewLine(c.input)}${code}`];
    case 'patch':
      return (c.files ?? []).map((f) => `${f.op === 'add' ? '+' : f.op === 'delete' ? '-' : '~'} ${f.from ? `${f.from} -> ` : ''}${f.path}`);
    case 'web_search':
      return [`? web search: ${viewLine(c.input)}`];
    default:
      return [`* ${c.name} ${viewLine(c.input, 120)}${code}`];
  }
}

/** Tool calls and answers in the order they happened (when every entry has a timestamp), else calls first. */
function turnBody(t: Turn): string[] {
  type Entry = { ts?: string; lines: string[] };
  const entries: Entry[] = [
    ...t.toolCalls.map((c) => ({ ts: c.timestamp, lines: toolLine(c) })),
    ...t.assistant.map((a) => ({
      ts: a.timestamp,
      lines: [a.phase && a.phase !== 'final_answer' ? `Codex (${a.phase}):` : 'Codex:', indent(a.text)],
    })),
  ];
  if (entries.every((e) => e.ts)) entries.sort((a, b) => (a.ts! < b.ts! ? -1 : a.ts! > b.ts! ? 1 : 0));
  return entries.flatMap((e) => e.lines);
}

function statusOf(thread: Thread): string {
  const last = thread.turns[thread.turns.length - 1];
  if (thread.parse.lastLineTruncated) return 'unfinished (the file ends in a half-written line)';
  if (last?.aborted) return 'interrupted (the last turn was aborted)';
  return thread.finished ? 'finished' : 'unfinished (the last turn did not complete)';
}

/** A transcript a person can read: prompts, answers, commands and files. */
export function renderTranscript(thread: Thread): string {
  const out: string[] = [];
  const g = thread.git;
  out.push(`Session  ${thread.id}${thread.name ? `  "${thread.name}"` : ''}`);
  if (thread.cwd) out.push(`Project  ${thread.cwd}${g.branch ? `  (${g.branch}${g.commit ? ` @ ${g.commit.slice(0, 7)}` : ''})` : ''}`);
  if (g.remote) out.push(`Remote   ${g.remote}`);
  if (thread.model || thread.cliVersion) {
    out.push(`Model    ${[thread.model, thread.originator && `${thread.originator} ${thread.cliVersion ?? ''}`.trim()].filter(Boolean).join(' · ')}`);
  }
  if (thread.startedAt)
    out.push(
      `Started  ${thread.startedAt}${thread.updatedAt && thread.updatedAt !== thread.startedAt ? `  (last activity ${thread.updatedAt})` : ''}`,
    );
  out.push(`Status   ${statusOf(thread)}`);
  out.push(`File     ${thread.path}`);
  const redacted = Object.values(thread.redactions).reduce((a, b) => a + b, 0);
  if (redacted) out.push(`Secrets  ${redacted} redacted`);
  for (const t of thread.turns) {
    out.push('', `--- Turn ${t.index}${t.aborted ? ' (aborted)' : !t.completed ? ' (not completed)' : ''} ---`);
    for (const p of t.prompts) out.push('You:', indent(p));
    out.push(...turnBody(t));
  }
  if (thread.compactions.length) {
    out.push('', '--- Compaction summaries ---');
    for (const c of thread.compactions) out.push(indent(c));
  }
  if (thread.filesChanged.length) out.push('', `Files changed: ${thread.filesChanged.join(', ')}`);
  return out.join('\n') + '\n';
}

// The session list's view of one rollout, built from its head and tail only (never the whole file):
// the head gives identity, project, git and the first real prompt; the tail gives last activity and
// whether the last turn completed.
import { redact } from '../security/redact';
import { RolloutParser } from './rollout-parser';
import type { SessionSummary, Thread } from './thread';

export interface SummaryInput {
  path: string;
  size: number;
  /** File modification time, the last-activity fallback for files without timestamps. */
  mtime: Date;
  /** The first bytes of the (decompressed) file. */
  head: string;
  headComplete: boolean;
  /** The last bytes; omitted when the head is the whole file. */
  tail?: string;
  tailFromStart?: boolean;
  fallbackId?: string;
  name?: string;
  checkpointed?: boolean;
}

const FIRST_PROMPT_CHARS = 300;

/** Complete lines of a window: drops a cut-off first line (tail) and a cut-off last line (head). */
function wholeLines(text: string, firstIsWhole: boolean, lastIsWhole: boolean): { lines: string[]; trailing: string } {
  const lines = text.split('\n');
  let trailing = lines.pop() ?? '';
  if (!lastIsWhole) trailing = '';
  if (!firstIsWhole && lines.length) lines.shift();
  return { lines, trailing };
}

// Lines the list needs from a head: the meta, turn contexts, task starts, the user's messages and names.
// Everything else (tool calls and outputs, reasoning, token counts) is skipped without being parsed.
const SUMMARY_LINE = /"type":"(?:session_meta|turn_context|task_started|turn_started|user_message|UserMessage|thread_name_updated)"|"role":"user"/;
/** The type of an envelope line, and a message's role, come within its first few hundred characters. */
const PROBE = 400;

/**
 * Parses the head of a rollout as if it were the whole file, reading only as far as the first real prompt.
 * Throws NotARolloutError when it is not a rollout.
 */
export function parseHead(input: Pick<SummaryInput, 'path' | 'head' | 'headComplete' | 'fallbackId'>): Thread {
  const parser = new RolloutParser({
    path: input.path,
    container: input.path.endsWith('.zst') ? 'jsonl.zst' : 'jsonl',
    fallbackId: input.fallbackId,
  });
  if (input.headComplete) {
    // A small file: read it all, so `finished` and the rest come from the real thing.
    const { lines, trailing } = wholeLines(input.head, true, true);
    for (const line of lines) parser.push(line);
    return parser.finish(trailing);
  }
  // Walk the head line by line and stop at the first real prompt; lines that cannot matter are not even cut out.
  const text = input.head;
  for (let start = 0, end = text.indexOf('\n'); end !== -1 && !parser.hasPrompt(); start = end + 1, end = text.indexOf('\n', start)) {
    const probe = text.slice(start, Math.min(end, start + PROBE));
    if (start === 0 || SUMMARY_LINE.test(probe)) parser.push(text.slice(start, end));
  }
  return parser.finish();
}

interface TailFacts {
  lastTimestamp?: string;
  /** 'complete' | 'started' | 'aborted' for the last task event seen, undefined when none. */
  lastTask?: 'complete' | 'started' | 'aborted';
  lastItemWasAnswer?: boolean;
  lastLineTruncated: boolean;
  name?: string;
}

// A quote inside a JSON string is escaped, so these can only match the structure of a line, never its text.
const TASK_EVENT = /"type"\s*:\s*"(task_complete|turn_complete|task_started|turn_started|turn_aborted)"/g;
// What a turn that did something has: a tool call or an answer.
const ACTIVITY = /"type"\s*:\s*"(?:function_call|custom_tool_call|local_shell_call|agent_message)"|"role"\s*:\s*"assistant"/;
const LINE_TIMESTAMP = /^\{\s*"timestamp"\s*:\s*"([^"]+)"/;

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function scanTail(text: string, fromStart: boolean, preEnvelope: boolean): TailFacts {
  const { lines, trailing } = wholeLines(text, fromStart, true);
  const facts: TailFacts = { lastLineTruncated: false };
  if (trailing.trim()) {
    // Without its start in view we cannot parse it; a complete line ends with its closing brace.
    facts.lastLineTruncated = lines.length > 0 || fromStart ? !parses(trailing) : !trailing.trimEnd().endsWith('}');
  }
  let before: TailFacts['lastTask'];
  let startedAt = 0;
  for (const m of text.matchAll(TASK_EVENT)) {
    const kind = m[1] === 'task_complete' || m[1] === 'turn_complete' ? 'complete' : m[1] === 'turn_aborted' ? 'aborted' : 'started';
    if (kind === 'started') [before, startedAt] = [facts.lastTask, m.index];
    // An aborted turn in which nothing happened (Codex's goal continuation that `codex exec` cuts short)
    // leaves the session as the turn before it left it (thread-builder.ts applies the same rule).
    facts.lastTask = kind === 'aborted' && facts.lastTask === 'started' && !ACTIVITY.test(text.slice(startedAt, m.index)) ? before : kind;
  }
  for (let i = lines.length - 1; i >= 0 && !facts.lastTimestamp; i--) facts.lastTimestamp = LINE_TIMESTAMP.exec(lines[i])?.[1];
  for (const line of text.includes('thread_name_updated') ? lines : []) {
    if (!line.includes('thread_name_updated')) continue;
    try {
      const p = (JSON.parse(line) as { payload?: { thread_name?: unknown } }).payload;
      if (typeof p?.thread_name === 'string') facts.name = p.thread_name;
    } catch {
      // a damaged line: keep the name we have
    }
  }
  return preEnvelope ? answerLast(lines, facts) : facts;
}

/** Pre-envelope files have no task events: the session is done when the assistant spoke last. */
function answerLast(lines: string[], facts: TailFacts): TailFacts {
  for (const line of lines) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (o?.type === 'message' && o.role === 'assistant') facts.lastItemWasAnswer = true;
    else if (typeof o?.type === 'string' && o.type !== 'reasoning' && !(o.type === 'message' && o.role !== 'user')) facts.lastItemWasAnswer = false;
  }
  return facts;
}

export function summarizeSession(input: SummaryInput): SessionSummary {
  const head = parseHead(input);
  const prompt = head.turns.find((t) => t.prompts.length)?.prompts[0];
  let finished = head.finished;
  let updated = head.updatedAt;
  const given = input.name === undefined ? undefined : redact(input.name).text;
  let name = given ?? head.name;
  if (!input.headComplete && input.tail !== undefined) {
    const tail = scanTail(input.tail, input.tailFromStart ?? false, head.format === 'pre-envelope');
    if (tail.lastTimestamp) updated = tail.lastTimestamp;
    if (tail.lastTask) finished = tail.lastTask === 'complete';
    else if (head.format === 'pre-envelope') finished = tail.lastItemWasAnswer ?? false;
    else finished = false;
    if (tail.lastLineTruncated) finished = false;
    name = given ?? (tail.name === undefined ? undefined : redact(tail.name).text) ?? name;
  }
  if (head.format === 'pre-envelope' || !updated) updated = input.mtime.toISOString();
  return {
    thread: head.id,
    name,
    path: input.path,
    cwd: head.cwd,
    branch: head.git.branch,
    commit: head.git.commit,
    remote: head.git.remote,
    started: head.startedAt,
    updated,
    firstPrompt: prompt && (prompt.length > FIRST_PROMPT_CHARS ? `${prompt.slice(0, FIRST_PROMPT_CHARS - 1)}…` : prompt),
    finished,
    checkpointed: input.checkpointed ?? false,
    size: input.size,
  };
}

/** The `codex-memory sessions --json` entry (docs/architecture.md, CLI contract). */
export function sessionSummaryJson(s: SessionSummary): Record<string, unknown> {
  return {
    thread: s.thread,
    name: s.name ?? null,
    path: s.path,
    cwd: s.cwd ?? null,
    branch: s.branch ?? null,
    commit: s.commit ?? null,
    remote: s.remote ?? null,
    started: s.started ?? null,
    updated: s.updated ?? null,
    first_prompt: s.firstPrompt ?? null,
    finished: s.finished,
    checkpointed: s.checkpointed,
    size: s.size,
  };
}

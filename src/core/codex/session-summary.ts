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

/** Parses the head of a rollout as if it were the whole file. Throws NotARolloutError when it is not one. */
export function parseHead(input: Pick<SummaryInput, 'path' | 'head' | 'headComplete' | 'fallbackId'>): Thread {
  const parser = new RolloutParser({
    path: input.path,
    container: input.path.endsWith('.zst') ? 'jsonl.zst' : 'jsonl',
    fallbackId: input.fallbackId,
  });
  const { lines, trailing } = wholeLines(input.head, true, input.headComplete);
  for (const line of lines) parser.push(line);
  return parser.finish(trailing);
}

interface TailFacts {
  lastTimestamp?: string;
  /** 'complete' | 'started' | 'aborted' for the last task event seen, undefined when none. */
  lastTask?: 'complete' | 'started' | 'aborted';
  lastItemWasAnswer?: boolean;
  lastLineTruncated: boolean;
  name?: string;
}

function scanTail(text: string, fromStart: boolean): TailFacts {
  const { lines, trailing } = wholeLines(text, fromStart, true);
  const facts: TailFacts = { lastLineTruncated: false };
  const all = trailing.trim() ? [...lines, trailing] : lines;
  all.forEach((line, i) => {
    if (!line.trim()) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      if (i === all.length - 1 && line === trailing) facts.lastLineTruncated = true;
      return;
    }
    if (!o || typeof o !== 'object') return;
    if (typeof o.timestamp === 'string' && 'payload' in o) facts.lastTimestamp = o.timestamp;
    const p = (('payload' in o ? o.payload : o) ?? {}) as Record<string, unknown>;
    const kind = 'payload' in o ? o.type : 'response_item';
    if (kind === 'event_msg') {
      if (p.type === 'task_complete' || p.type === 'turn_complete') facts.lastTask = 'complete';
      else if (p.type === 'task_started' || p.type === 'turn_started') facts.lastTask = 'started';
      else if (p.type === 'turn_aborted') facts.lastTask = 'aborted';
      else if (p.type === 'thread_name_updated' && typeof p.thread_name === 'string') facts.name = p.thread_name;
    } else if (kind === 'response_item' && typeof p.type === 'string') {
      if (p.type === 'message' && p.role === 'assistant') facts.lastItemWasAnswer = true;
      else if (p.type !== 'reasoning' && !(p.type === 'message' && p.role !== 'user')) facts.lastItemWasAnswer = false;
    }
  });
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
    const tail = scanTail(input.tail, input.tailFromStart ?? false);
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

/** The `codex-memory sessions --json` entry (DESIGN.md). */
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

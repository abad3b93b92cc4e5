// The checkpoint queue, `.codex-memory/queue.jsonl`: Codex's Stop and SessionEnd hooks append one line per
// event (an append of one short line is atomic, so two hooks firing at once never lose each other's line), and
// whoever drains it (the detached `hook drain` child, the plugin, the CLI) records one `done` line per session.
// Readers dedupe by thread: the queued line with the latest `at` wins (not the last in the file: compaction
// appends older lines after newer ones), and a thread is pending until a done line settles that queued line
// (a Stop after the next turn queues the thread again). Compaction rewrites the file to the pending lines only.

export const QUEUE_FILE = 'queue.jsonl';
const VERSION = 1;

export interface QueuedSession {
  thread: string;
  /** Absolute path of the rollout file Codex reported. */
  transcript: string;
  cwd?: string;
  /** Which hook queued it: 'stop' | 'session-end' (or 'cli', 'plugin'). */
  event: string;
  /** ISO time the line was written. */
  at: string;
}

export type DoneResult = 'inbox' | 'applied' | 'unchanged' | 'skipped' | 'failed';

export interface DoneMark {
  thread: string;
  /** The `at` of the queued line this mark settles: a later Stop of the same thread queues it again. */
  upTo: string;
  /** ISO time the work finished. */
  done: string;
  result: DoneResult;
  /** One line: the note written, or why it was skipped or failed. */
  detail?: string;
}

export interface QueueState {
  /** Latest queued line per thread whose work is not done yet, oldest first. */
  pending: QueuedSession[];
  /** Latest done mark per thread. */
  done: Map<string, DoneMark>;
  invalidLines: number;
}

export function queueLine(entry: QueuedSession): string {
  const { thread, transcript, cwd, event, at } = entry;
  return JSON.stringify({ v: VERSION, thread, transcript, ...(cwd ? { cwd } : {}), event, at }) + '\n';
}

export function doneLine(mark: DoneMark): string {
  const { thread, upTo, done, result, detail } = mark;
  return JSON.stringify({ v: VERSION, thread, upTo, done, result, ...(detail ? { detail: detail.replace(/\s+/g, ' ').slice(0, 300) } : {}) }) + '\n';
}

type Parsed = { kind: 'queued'; entry: QueuedSession } | { kind: 'done'; mark: DoneMark } | null;

function parseLine(line: string): Parsed {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object') return null;
  const o = obj as Record<string, unknown>;
  if (typeof o.thread !== 'string' || !o.thread) return null;
  if (typeof o.done === 'string') {
    const result = typeof o.result === 'string' ? (o.result as DoneResult) : 'skipped';
    const upTo = typeof o.upTo === 'string' ? o.upTo : o.done;
    return { kind: 'done', mark: { thread: o.thread, upTo, done: o.done, result, detail: typeof o.detail === 'string' ? o.detail : undefined } };
  }
  if (typeof o.transcript !== 'string' || typeof o.at !== 'string') return null;
  return {
    kind: 'queued',
    entry: {
      thread: o.thread,
      transcript: o.transcript,
      cwd: typeof o.cwd === 'string' ? o.cwd : undefined,
      event: typeof o.event === 'string' ? o.event : 'unknown',
      at: o.at,
    },
  };
}

/** Reads the queue; never throws (a torn or foreign line is counted and skipped). */
export function readQueue(text: string | null): QueueState {
  const latest = new Map<string, QueuedSession>();
  const done = new Map<string, DoneMark>();
  let invalidLines = 0;
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const p = parseLine(line);
    if (!p) {
      invalidLines++;
    } else if (p.kind === 'queued') {
      const prev = latest.get(p.entry.thread);
      if (!prev || prev.at <= p.entry.at) latest.set(p.entry.thread, p.entry);
    } else {
      const prev = done.get(p.mark.thread);
      if (!prev || prev.upTo <= p.mark.upTo) done.set(p.mark.thread, p.mark);
    }
  }
  const pending = [...latest.values()]
    .filter((e) => {
      const d = done.get(e.thread);
      return !d || d.upTo < e.at;
    })
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { pending, done, invalidLines };
}

/** The queue with only what is still pending (one line per thread), for rewriting under the vault lock. */
export function compactQueue(text: string | null): string {
  return readQueue(text).pending.map(queueLine).join('');
}

// Paginated rollouts (Codex 0.169, history_mode "paginated"): the envelope again, plus an `ordinal` on every
// line and records the envelope generation did not write: item_completed events (a second copy of prompts and
// answers), world_state snapshots and token_usage_record totals. Everything shared is read by the envelope
// normaliser; this adds only what is new.
import { injectedKindOfUserText } from '../injected';
import type { RolloutEvent } from './events';
import { obj, str, textOf, usageOf, type Json } from './json';
import { indexOfBytes } from './bytes';
import { normalizeEnvelope, SESSION } from './normalize-envelope';

/** Record types (the envelope's `type`) this generation introduced. */
export const PAGINATED_RECORDS: ReadonlySet<unknown> = new Set(['token_usage_record', 'world_state']);
/** event_msg payload types this generation introduced. */
export const PAGINATED_EVENTS: ReadonlySet<unknown> = new Set(['item_completed']);

const ORDINAL: RolloutEvent = { kind: 'generation', generation: 'paginated', session: false };

export function normalizePaginated(line: Json): RolloutEvent[] {
  const out = normalizeEnvelope(line);
  const payload = obj(line.payload);
  if (!payload) return out;
  if (typeof line.ordinal === 'number') out.push(ORDINAL);
  const timestamp = str(line.timestamp);
  if (line.type === 'token_usage_record') {
    const usage = usageOf(payload.thread_token_usage);
    if (usage) out.push({ kind: 'usage', usage });
  } else if (line.type === 'event_msg' && payload.type === 'item_completed') {
    const item = obj(payload.item);
    if (item?.type === 'UserMessage') {
      const text = textOf(item.content).join('');
      if (text.trim() && injectedKindOfUserText(text) === null) out.push({ kind: 'prompt', text, from: 'event', timestamp });
    } else if (item?.type === 'AgentMessage') {
      const text = textOf(item.content).join('');
      if (text.trim()) out.push({ kind: 'answer', text, phase: str(item.phase), from: 'event', timestamp });
    }
  }
  // world_state repeats AGENTS.md and the environment, which the injected messages already carry.
  return out;
}

/** item_completed items this generation adds that are read: the second copy of prompts and answers. */
const READ_ITEMS: ReadonlySet<string> = new Set(['UserMessage', 'AgentMessage']);
/** The head Codex writes on every item_completed line, up to the item's type (thread and turn ids optional). */
const ITEM_COMPLETED_HEAD =
  /^\{"timestamp":"([^"\\]*)","ordinal":\d+,"type":"event_msg","payload":\{"type":"item_completed",(?:"thread_id":"[^"\\]*",)?(?:"turn_id":"[^"\\]*",)?"item":\{"type":"(\w+)"/;

/** A line shorter than this is parsed: skipping it would not save anything worth the check. */
const UNREAD_MIN_CHARS = 4096;

/**
 * The events of an item_completed line whose item is not read (a command's output, a file change, reasoning:
 * half the bytes of a big rollout, each a copy of a response item) without parsing it: its timestamp and its
 * generation, exactly what normalizePaginated gives for it. The line must look whole: it ends as a record does
 * and holds no second record's start (inside a JSON string every quote is escaped, so `{"timestamp":"` unescaped
 * means a torn line ran into the next). Null: parse the line.
 */
export function unreadItemCompleted(line: string): RolloutEvent[] | null {
  if (line.length < UNREAD_MIN_CHARS || line.charCodeAt(line.length - 1) !== 0x7d) return null;
  const events = unreadHead(line);
  return events && line.indexOf(RECORD_START, 1) === -1 ? events : null;
}

/**
 * unreadItemCompleted on a line's bytes, so the line is never decoded; `head` is the text of its first 2 KB
 * or more (at least 512 characters: no character takes more than 4 bytes). The checks are the same: ASCII
 * bytes are their own characters in UTF-8 and never part of another's. Only for lines of 3 × 4096 bytes or
 * more, which are sure to be 4096 characters long.
 */
export function unreadItemCompletedBytes(bytes: Uint8Array, start: number, end: number, head: string): RolloutEvent[] | null {
  if (end - start < UNREAD_MIN_BYTES || bytes[end - 1] !== 0x7d) return null;
  const events = unreadHead(head);
  return events && indexOfBytes(bytes, RECORD_START_BYTES, start + 1, end) === -1 ? events : null;
}

/** Three bytes at most per UTF-16 unit (four for two), so this many bytes are at least UNREAD_MIN_CHARS characters. */
export const UNREAD_MIN_BYTES = 3 * UNREAD_MIN_CHARS;

const RECORD_START = '{"timestamp":"';
const RECORD_START_BYTES = new TextEncoder().encode(RECORD_START);

function unreadHead(line: string): RolloutEvent[] | null {
  const m = ITEM_COMPLETED_HEAD.exec(line.slice(0, 512));
  if (!m || READ_ITEMS.has(m[2])) return null;
  return m[1] ? [{ kind: 'timestamp', timestamp: m[1] }, SESSION, ORDINAL] : [SESSION, ORDINAL];
}

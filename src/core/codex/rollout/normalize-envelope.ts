// Envelope rollouts (Codex from mid-2025): every line is {timestamp, type, payload}, the payload being a
// session_meta, response_item, event_msg, turn_context or compacted record.
import { injectedKindOfUserText } from '../injected';
import type { RolloutEvent } from './events';
import { normalizeItem } from './items';
import { obj, str, usageOf, type Json } from './json';
import { metaEvent } from './meta';

export const SESSION: RolloutEvent = { kind: 'generation', generation: 'envelope', session: true };

/** One envelope line. Record types this generation did not write yield at most the line's timestamp. */
export function normalizeEnvelope(line: Json): RolloutEvent[] {
  const payload = obj(line.payload);
  if (!payload) return [];
  const out: RolloutEvent[] = [];
  const timestamp = str(line.timestamp);
  if (timestamp) out.push({ kind: 'timestamp', timestamp });
  switch (line.type) {
    case 'session_meta':
      out.push(SESSION, metaEvent(payload));
      break;
    case 'response_item':
      out.push(SESSION);
      normalizeItem(payload, timestamp, out);
      break;
    case 'event_msg':
      out.push(SESSION);
      normalizeEvent(payload, timestamp, out);
      break;
    case 'turn_context':
      out.push(SESSION, { kind: 'turn_context', model: str(payload.model), cwd: str(payload.cwd) });
      break;
    case 'compacted':
      out.push(SESSION);
      if (typeof payload.message === 'string' && payload.message.trim()) out.push({ kind: 'compaction', message: payload.message });
      break;
  }
  return out;
}

/** The turn_id of an event, whatever it is; the builder falls back to the open turn when none matches. */
const turnIdOf = (p: Json): string | undefined => (typeof p.turn_id === 'string' ? p.turn_id : undefined);

function normalizeEvent(p: Json, timestamp: string | undefined, out: RolloutEvent[]): void {
  switch (p.type) {
    case 'task_started':
    case 'turn_started':
      out.push({ kind: 'turn_started', turnId: str(p.turn_id), timestamp });
      return;
    case 'task_complete':
    case 'turn_complete':
      out.push({ kind: 'turn_ended', turnId: turnIdOf(p), aborted: false, timestamp });
      return;
    case 'turn_aborted':
      out.push({ kind: 'turn_ended', turnId: turnIdOf(p), aborted: true, timestamp });
      return;
    case 'user_message': {
      // Older builds tagged injected context on the event itself (kind: user_instructions / environment_context).
      if (typeof p.kind === 'string' && p.kind !== 'plain') return;
      const text = str(p.message);
      if (text && injectedKindOfUserText(text) === null) out.push({ kind: 'prompt', text, from: 'event', timestamp });
      return;
    }
    case 'agent_message': {
      const text = str(p.message);
      if (text) out.push({ kind: 'answer', text, phase: str(p.phase), from: 'event', timestamp });
      return;
    }
    case 'token_count': {
      const usage = usageOf(obj(p.info)?.total_token_usage);
      if (usage) out.push({ kind: 'usage', usage });
      return;
    }
    case 'thread_name_updated': {
      const name = str(p.thread_name);
      if (name) out.push({ kind: 'name', name });
      return;
    }
  }
}

// Paginated rollouts (Codex 0.169, history_mode "paginated"): the envelope again, plus an `ordinal` on every
// line and records the envelope generation did not write: item_completed events (a second copy of prompts and
// answers), world_state snapshots and token_usage_record totals. Everything shared is read by the envelope
// normaliser; this adds only what is new.
import { injectedKindOfUserText } from '../injected';
import type { RolloutEvent } from './events';
import { obj, str, textOf, usageOf, type Json } from './json';
import { normalizeEnvelope } from './normalize-envelope';

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

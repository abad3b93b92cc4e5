// Pre-envelope rollouts (mid-2025): a bare {id, timestamp, git, instructions} header, then bare response items
// and {record_type: "state"} snapshots. Items carry no timestamp and there are no task events, so the thread
// builder cuts turns at prompts.
import type { RolloutEvent } from './events';
import { KNOWN_ITEM_TYPES, normalizeItem } from './items';
import type { Json } from './json';
import { metaEvent } from './meta';

const SESSION: RolloutEvent = { kind: 'generation', generation: 'pre-envelope', session: true };

/**
 * One pre-envelope line. `headerAllowed` is true until some line has proved the file is a rollout: only a line
 * before all others can be the header, so a later object with an id and a timestamp is not read as one.
 */
export function normalizePreEnvelope(line: Json, headerAllowed: boolean): RolloutEvent[] {
  // A state snapshot: proof of a rollout, nothing to keep.
  if (line.record_type !== undefined) return [SESSION];
  const type = line.type;
  if (headerAllowed && type === undefined && typeof line.id === 'string' && typeof line.timestamp === 'string') {
    return [SESSION, metaEvent(line)];
  }
  if (typeof type !== 'string' || !KNOWN_ITEM_TYPES.has(type)) return [];
  const out: RolloutEvent[] = [SESSION];
  normalizeItem(line, undefined, out);
  return out;
}

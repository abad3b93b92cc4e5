// Which generation's normaliser reads a line: the one place that tells the three rollout generations apart.
// Each line is classified on its own, not once per file, so a file that mixes shapes is still read whole.
import type { RolloutFormat } from '../thread';
import type { RolloutEvent } from './events';
import { obj, type Json } from './json';
import { normalizeEnvelope } from './normalize-envelope';
import { normalizePaginated, PAGINATED_EVENTS, PAGINATED_RECORDS } from './normalize-paginated';
import { normalizePreEnvelope } from './normalize-pre-envelope';

/**
 * The generation whose vocabulary `line` uses. An ordinal marks the paginated generation; so do the records it
 * introduced, so a line that uses them without an ordinal (the parser tests' event-only rollouts do) is read
 * the same way. Only the normaliser's events, not this answer, decide the Thread's `format`.
 */
export function lineGeneration(line: Json): RolloutFormat {
  const type = line.type;
  if (typeof type !== 'string' || !('payload' in line)) return 'pre-envelope';
  if (typeof line.ordinal === 'number' || PAGINATED_RECORDS.has(type)) return 'paginated';
  if (type === 'event_msg' && PAGINATED_EVENTS.has(obj(line.payload)?.type)) return 'paginated';
  return 'envelope';
}

/** One parsed line into events. `headerAllowed`: no earlier line has proved the file is a rollout. */
export function normalizeLine(line: Json, headerAllowed: boolean): RolloutEvent[] {
  switch (lineGeneration(line)) {
    case 'paginated':
      return normalizePaginated(line);
    case 'envelope':
      return normalizeEnvelope(line);
    default:
      return normalizePreEnvelope(line, headerAllowed);
  }
}

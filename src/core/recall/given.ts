// What each Codex session has already been given, so the UserPromptSubmit hook adds only what is new and a
// resumed session gets only what changed. One append-only file, `.codex-memory/recall/given.jsonl`, a line per
// delivery: {s: session id, t: ms, k: item keys (PackItem.key), r: true when the session's context was reset}.
// Appends from concurrent hooks do not overwrite each other; the file is rewritten (pruned) only when it grows
// past its bound. It is a cache of deliveries: a line that does not parse is skipped, an unreadable file
// counts as "nothing given yet", and the worst a lost line can do is let a note be given twice.
import type { StateStore } from '../vault/store';

export const GIVEN_FILE = 'recall/given.jsonl';
/** Past this size the file is rewritten with only the sessions worth keeping. */
export const GIVEN_MAX_BYTES = 256 * 1024;
/** Sessions kept when pruning, most recently served first. */
export const GIVEN_KEEP_SESSIONS = 64;
/** Keys kept per session when pruning (a long session's oldest deliveries go first). */
export const GIVEN_KEEP_KEYS = 1000;

export interface GivenRecord {
  /** Codex's session_id. */
  s: string;
  /** When it was given, ms since the epoch. */
  t: number;
  /** Item keys given. */
  k: string[];
  /** The session's context was (re)started: what it was given before no longer counts. */
  r?: true;
}

const line = (r: GivenRecord) => JSON.stringify(r);

function isRecord(v: unknown): v is GivenRecord {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.s === 'string' && typeof o.t === 'number' && Array.isArray(o.k) && o.k.every((x) => typeof x === 'string');
}

/** The records that parse, in file order; anything else is skipped. */
export function parseGiven(text: string | null): GivenRecord[] {
  const out: GivenRecord[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as unknown;
      if (isRecord(v)) out.push(v);
    } catch {
      // a torn or hand-edited line: skipped
    }
  }
  return out;
}

/** The keys a session holds now: everything given since its last reset. */
export function givenTo(records: readonly GivenRecord[], session: string): Set<string> {
  let keys = new Set<string>();
  for (const r of records) {
    if (r.s !== session) continue;
    if (r.r) keys = new Set();
    for (const k of r.k) keys.add(k);
  }
  return keys;
}

/**
 * The most recent sessions, each reduced to one record of what it holds now (its newest keys kept), within
 * half the size bound, so a pruned file has room to grow before the next rewrite.
 */
export function pruneGiven(records: readonly GivenRecord[], maxBytes = GIVEN_MAX_BYTES / 2): GivenRecord[] {
  const last = new Map<string, number>();
  for (const r of records) last.set(r.s, Math.max(last.get(r.s) ?? 0, r.t));
  const kept: GivenRecord[] = [];
  let bytes = 0;
  for (const [s, t] of [...last.entries()].sort((a, b) => b[1] - a[1]).slice(0, GIVEN_KEEP_SESSIONS)) {
    const held: GivenRecord = { s, t, k: [...givenTo(records, s)].slice(-GIVEN_KEEP_KEYS), r: true };
    bytes += line(held).length + 1;
    if (bytes > maxBytes && kept.length > 0) break;
    kept.push(held);
  }
  return kept.reverse();
}

export interface GivenLedger {
  /** What the session holds now; empty when nothing was recorded or the file cannot be read. */
  given(session: string): Promise<Set<string>>;
  /** Records a delivery; `reset` when the session's context starts over (startup, clear, compaction). */
  record(session: string, keys: readonly string[], opts?: { reset?: boolean }): Promise<void>;
}

export function givenLedger(state: StateStore, now: () => number): GivenLedger {
  let read: { records: GivenRecord[]; bytes: number } | null = null;
  const load = async () => {
    if (read) return read;
    let text: string | null = null;
    try {
      text = await state.readState(GIVEN_FILE);
    } catch {
      text = null;
    }
    read = { records: parseGiven(text), bytes: text?.length ?? 0 };
    return read;
  };
  return {
    async given(session) {
      return givenTo((await load()).records, session);
    },
    async record(session, keys, opts = {}) {
      if (keys.length === 0 && !opts.reset) return;
      const entry: GivenRecord = { s: session, t: now(), k: [...keys], ...(opts.reset ? { r: true as const } : {}) };
      const seen = await load();
      const text = line(entry);
      seen.records.push(entry);
      if (seen.bytes + text.length + 1 <= GIVEN_MAX_BYTES) {
        await state.appendState(GIVEN_FILE, text);
        seen.bytes += text.length + 1;
        return;
      }
      // A line another hook appended since this one read the file may be lost here; it is only a repeat.
      const pruned = pruneGiven(seen.records);
      const body = pruned.map(line).join('\n') + '\n';
      await state.writeState(GIVEN_FILE, body);
      read = { records: pruned, bytes: body.length };
    },
  };
}

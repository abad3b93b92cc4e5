// Usage feedback: which notes Codex said it relied on. The pack asks the agent to end its final answer with
// `Memory used: [[note]]`; the checkpoint reads those citations and records, per note, the sessions that cited
// it (`.codex-memory/recall/usage.json`, never the note). What was given comes from the given-ledger
// (given.ts). Together they say which notes are given often and never cited: those are suggested for review.
import type { Thread } from '../codex/thread';
import { finalAnswers } from '../codex/thread-view';
import type { StateStore } from '../vault/store';
import { GIVEN_FILE, parseGiven } from './given';

export const USAGE_FILE = 'recall/usage.json';
/** Sessions remembered per note (the count is of distinct sessions, so a re-checkpoint counts once). */
const KEEP_THREADS = 200;
/** Given in at least this many sessions and not cited for REVIEW_AFTER_DAYS: suggested for review. */
export const REVIEW_MIN_GIVEN = 5;
export const REVIEW_AFTER_DAYS = 30;

export interface NoteUsage {
  /** Sessions that cited it, oldest first. */
  threads: string[];
  cited: number;
  lastCited: string;
}
export type UsageRecord = Record<string, NoteUsage>;

const CITE = /^[ \t>*_-]*memory used:?[ \t*_]*(.+)$/gim;
const LINK = /\[\[([^\]|#^]+)[^\]]*\]\]/g;

/** Vault paths of the notes a session's final answers cite (`Memory used: [[projects/x]], [[people/y|Y]]`). */
export function citedNotes(thread: Thread): string[] {
  const out = new Set<string>();
  for (const answer of finalAnswers(thread)) {
    for (const line of answer.matchAll(CITE)) {
      for (const l of line[1].matchAll(LINK)) {
        const target = l[1].trim();
        if (target) out.add(target.endsWith('.md') ? target : `${target}.md`);
      }
    }
  }
  return [...out];
}

export async function readUsage(state: StateStore): Promise<UsageRecord> {
  try {
    const v = JSON.parse((await state.readState(USAGE_FILE)) ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as UsageRecord) : {};
  } catch {
    // A torn or hand-edited file counts as no citations yet: it is feedback, not memory.
    return {};
  }
}

/** Records the session's citations (once per session and note). Returns the notes it cited. */
export async function recordCitations(state: StateStore, thread: Thread, now: Date): Promise<string[]> {
  const cited = citedNotes(thread);
  if (cited.length === 0) return cited;
  const usage = await readUsage(state);
  let changed = false;
  for (const path of cited) {
    const u = usage[path] ?? { threads: [], cited: 0, lastCited: '' };
    if (u.threads.includes(thread.id)) continue;
    u.threads = [...u.threads, thread.id].slice(-KEEP_THREADS);
    u.cited += 1;
    u.lastCited = now.toISOString();
    usage[path] = u;
    changed = true;
  }
  if (changed) await state.writeState(USAGE_FILE, JSON.stringify(usage, null, 2) + '\n');
  return cited;
}

export interface NoteStats {
  path: string;
  /** Sessions it was given to (in the given-ledger's window). */
  given: number;
  lastGiven?: string;
  cited: number;
  lastCited?: string;
  /** Given often, not cited for a long time: worth a look (never deleted). */
  review: boolean;
}

/** Given and cited counts per note, most given first. */
export async function usageStats(state: StateStore, now: Date): Promise<NoteStats[]> {
  const given = new Map<string, { sessions: Set<string>; last: number }>();
  for (const r of parseGiven(await state.readState(GIVEN_FILE).catch(() => null))) {
    for (const k of r.k) {
      const path = k.slice(0, k.lastIndexOf('#'));
      const g = given.get(path) ?? { sessions: new Set<string>(), last: 0 };
      g.sessions.add(r.s);
      g.last = Math.max(g.last, r.t);
      given.set(path, g);
    }
  }
  const usage = await readUsage(state);
  const paths = new Set([...given.keys(), ...Object.keys(usage)]);
  const long = now.getTime() - REVIEW_AFTER_DAYS * 86_400_000;
  return [...paths]
    .map((path): NoteStats => {
      const g = given.get(path);
      const u = usage[path];
      const lastCited = u?.lastCited ? Date.parse(u.lastCited) : 0;
      return {
        path,
        given: g?.sessions.size ?? 0,
        ...(g ? { lastGiven: new Date(g.last).toISOString() } : {}),
        cited: u?.cited ?? 0,
        ...(u?.lastCited ? { lastCited: u.lastCited } : {}),
        review: (g?.sessions.size ?? 0) >= REVIEW_MIN_GIVEN && lastCited < long,
      };
    })
    .sort((a, b) => b.given - a.given || b.cited - a.cited || a.path.localeCompare(b.path));
}

// Usage feedback: which notes Codex said it relied on. The pack asks the agent to end its final answer with
// `Memory used: [[note]]`; the checkpoint reads those citations and records, per note, the sessions that cited
// it (`.codex-memory/recall/usage.json`, never the note). What was given comes from the given-ledger
// (given.ts). Together they say which notes are given often and never cited: those are suggested for review.
import type { Thread } from '../codex/thread';
import { finalAnswers } from '../codex/thread-view';
import type { StateStore, VaultStore } from '../vault/store';
import { GIVEN_FILE, parseGiven } from './given';
import { LinkResolver } from './scope';

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

/** Link targets of the notes a session's final answers cite (`Memory used: [[projects/x]], [[people/y|Y]]`). */
export function citedTargets(thread: Thread): string[] {
  const out = new Set<string>();
  for (const answer of finalAnswers(thread)) {
    for (const line of answer.matchAll(CITE)) {
      for (const l of line[1].matchAll(LINK)) {
        const target = l[1].trim();
        if (target) out.add(target);
      }
    }
  }
  return [...out];
}

/**
 * The vault notes those targets name, resolved as Obsidian does (full path, then a unique name). A target no
 * note answers to (a made-up or since-renamed note) is not counted.
 */
export function resolveCited(targets: readonly string[], notes: readonly string[]): string[] {
  if (targets.length === 0) return [];
  const resolver = new LinkResolver(notes.map((path) => ({ path, title: '', aliases: [] })));
  return [...new Set(targets.map((t) => resolver.resolve(t)).filter((p): p is string => !!p))];
}

/** When the session cited: its last activity (a late checkpoint must not make an old citation look new). */
function citedAt(thread: Thread, now: Date): string {
  const last = [...thread.turns].reverse().find((t) => t.endedAt ?? t.startedAt);
  const at = Date.parse(last?.endedAt ?? last?.startedAt ?? thread.updatedAt ?? thread.startedAt ?? '');
  return Number.isFinite(at) && at <= now.getTime() ? new Date(at).toISOString() : now.toISOString();
}

function isUsage(v: unknown): v is NoteUsage {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.threads) && o.threads.every((t) => typeof t === 'string') && typeof o.cited === 'number' && typeof o.lastCited === 'string';
}

export async function readUsage(state: StateStore): Promise<UsageRecord> {
  try {
    const v = JSON.parse((await state.readState(USAGE_FILE)) ?? '{}') as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    // An entry a person mangled by hand counts as no citations for that note; the others stand.
    return Object.fromEntries<NoteUsage>(Object.entries(v as Record<string, unknown>).filter((e): e is [string, NoteUsage] => isUsage(e[1])));
  } catch {
    // A torn or hand-edited file counts as no citations yet: it is feedback, not memory.
    return {};
  }
}

/**
 * Records the session's citations (once per session and note) and returns the notes it cited. Call while
 * holding the vault lock: the file is read, changed and replaced, and another writer must not interleave.
 */
export async function recordCitations(store: Pick<VaultStore, 'listMarkdown'>, state: StateStore, thread: Thread, now: Date): Promise<string[]> {
  const targets = citedTargets(thread);
  if (targets.length === 0) return [];
  const cited = resolveCited(targets, await store.listMarkdown());
  if (cited.length === 0) return cited;
  const usage = await readUsage(state);
  const at = citedAt(thread, now);
  let changed = false;
  for (const path of cited) {
    const u = usage[path] ?? { threads: [], cited: 0, lastCited: '' };
    if (u.threads.includes(thread.id)) continue;
    u.threads = [...u.threads, thread.id].slice(-KEEP_THREADS);
    u.cited += 1;
    if (at > u.lastCited) u.lastCited = at;
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
  /** Given in at least REVIEW_MIN_GIVEN sessions over REVIEW_AFTER_DAYS and not cited in that time: worth a look (never deleted). */
  review: boolean;
}

/** Given and cited counts per note, most given first. */
export async function usageStats(state: StateStore, now: Date): Promise<NoteStats[]> {
  const given = new Map<string, { sessions: Set<string>; first: number; last: number }>();
  for (const r of parseGiven(await state.readState(GIVEN_FILE).catch(() => null))) {
    for (const k of r.k) {
      const hash = k.lastIndexOf('#');
      if (hash <= 0) continue;
      const path = k.slice(0, hash);
      const g = given.get(path) ?? { sessions: new Set<string>(), first: r.t, last: 0 };
      g.sessions.add(r.s);
      g.first = Math.min(g.first, r.t);
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
        // Often, and for long enough: a note given to five sessions this morning has not had its chance yet.
        review: !!g && g.sessions.size >= REVIEW_MIN_GIVEN && g.first < long && lastCited < long,
      };
    })
    .sort((a, b) => b.given - a.given || b.cited - a.cited || a.path.localeCompare(b.path));
}

// The fast session list: heads and tails of every rollout in CODEX_HOME, never whole files.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { summarizeSession } from '../core/codex/session-summary';
import { NotARolloutError } from '../core/codex/rollout-parser';
import type { SessionSummary } from '../core/codex/thread';
import { findRolloutFiles, readSessionNames, type RolloutFile } from './codex-home';
import { readEnds, readHead } from './rollout-source';

export interface ListOptions {
  /** Whether a thread was already checkpointed (the ledger knows; the caller asks it). */
  isCheckpointed?: (threadId: string) => boolean;
  /** Bytes read from the start; a session whose first prompt lies further in gets one larger read. */
  headBytes?: number;
  tailBytes?: number;
}

export interface SessionList {
  sessions: SessionSummary[];
  /** Files that looked like rollouts by name but could not be read as one. */
  skipped: { path: string; reason: string }[];
}

const HEAD = 64 * 1024;
const BIG_HEAD = 512 * 1024;
const TAIL = 32 * 1024;

async function summarize(file: RolloutFile, names: Map<string, string>, opts: ListOptions): Promise<SessionSummary> {
  const headBytes = opts.headBytes ?? HEAD;
  const { head, tail } = await readEnds(file.path, file.size, headBytes, opts.tailBytes ?? TAIL);
  const base = {
    path: file.path,
    size: file.size,
    mtime: file.mtime,
    fallbackId: file.threadId,
    name: names.get(file.threadId),
    checkpointed: opts.isCheckpointed?.(file.threadId) ?? false,
    tail: tail?.text,
    tailFromStart: tail?.fromStart,
  };
  if (!head.complete && headBytes < BIG_HEAD) {
    try {
      const summary = summarizeSession({ ...base, head: head.text, headComplete: false });
      if (summary.firstPrompt) return summary;
    } catch (err) {
      if (!(err instanceof NotARolloutError)) throw err;
    }
    // Long injected context (a large AGENTS.md, many skills, a huge first line) can push the first prompt or
    // even the end of the first line past the usual head: look once more, further in.
    const big = await readHead(file.path, BIG_HEAD);
    return summarizeSession({ ...base, head: big.text, headComplete: big.complete });
  }
  return summarizeSession({ ...base, head: head.text, headComplete: head.complete });
}

/** Lets other work (the plugin's UI) run between batches of files. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Every session in `home`, newest activity first. */
export async function listSessions(home: string, opts: ListOptions = {}): Promise<SessionList> {
  const [files, names] = await Promise.all([findRolloutFiles(home), readSessionNames(home)]);
  const skipped: SessionList['skipped'] = [];
  const results: (SessionSummary | null)[] = [];
  for (const [i, f] of files.entries()) {
    if (i % 64 === 63) await breathe();
    try {
      results.push(await summarize(f, names, opts));
    } catch (err) {
      // Not a rollout after all, unreadable, or removed meanwhile: list it as skipped, never fail the list.
      skipped.push({ path: f.path, reason: err instanceof NotARolloutError ? err.message : String((err as Error).message ?? err) });
      results.push(null);
    }
  }
  const sessions = results.filter((s): s is SessionSummary => s !== null);
  const time = (t: string | undefined): number => (t ? Date.parse(t) || 0 : 0);
  sessions.sort((a, b) => time(b.updated) - time(a.updated) || time(b.started) - time(a.started));
  return { sessions, skipped };
}

/** True when `home` has a sessions/ or archived_sessions/ folder at all (to tell "empty" from "wrong place"). */
export async function hasSessionFolders(home: string): Promise<boolean> {
  const dirs = await Promise.all(['sessions', 'archived_sessions'].map((d) => fsp.stat(join(home, d)).catch(() => null)));
  return dirs.some((s) => s?.isDirectory());
}

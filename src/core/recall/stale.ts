// Staleness at injection: an item that names repository files (`src/x.ts`, docs/y.md) is checked against the
// session's folder when the pack is built. A named file that is gone marks the item "(may be stale: … is
// gone)" and ranks it lower; an item from a note older than `staleAfterDays` shows its date. The check is
// bounded (at most MAX_STATS file checks through the host, no git) so it fits in a hook's time.
import type { PackItem } from './types';

/** Most file checks one pack costs. */
export const MAX_STATS = 16;
/** Score taken off an item that names a file that is gone (relevance is 0..1, bonuses on the same scale). */
export const STALE_PENALTY = 0.5;
export const DEFAULT_STALE_AFTER_DAYS = 90;

const FILE = /`([^`\s]+\.[A-Za-z0-9]{1,8})`|(?:^|[\s(])((?:[\w.-]+\/)+[\w.-]+\.[A-Za-z0-9]{1,8})(?=[\s),;:]|\.(?:\s|$)|$)/g;

/** Repository-relative files a text names (`src/x.ts`, docs/y.md); URLs, absolute and home paths are not. */
export function namedFiles(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(FILE)) {
    const f = (m[1] ?? m[2]).replace(/^\.\//, '');
    if (/^(\/|~|[a-z]+:)/i.test(f) || !f.includes('/') || f.includes('..')) continue;
    out.add(f);
  }
  return [...out];
}

/** The host's one question: does this file exist (absolute path)? */
export type FileExists = (path: string) => Promise<boolean>;

export interface StaleOptions {
  /** Files (as named) found missing under the session's folder. */
  gone: ReadonlySet<string>;
  /** Items from notes older than this show their date. */
  afterDays: number;
}

/** What an item's line gains and loses: the note to append and the score to take off. */
export function staleMark(text: string, noteTime: number, now: number, opts: StaleOptions): { suffix: string; penalty: number; stale: boolean } {
  const missing = opts.gone.size ? namedFiles(text).filter((f) => opts.gone.has(f)) : [];
  const old = now - noteTime > opts.afterDays * 86_400_000;
  const parts = [
    missing.length ? `may be stale: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} gone` : '',
    old ? `from ${new Date(noteTime).toISOString().slice(0, 10)}` : '',
  ];
  const said = parts.filter(Boolean).join('; ');
  return { suffix: said ? ` (${said})` : '', penalty: missing.length ? STALE_PENALTY : 0, stale: missing.length > 0 };
}

/** Checks the files the pack's items name under `cwd` (at most MAX_STATS), and returns the ones that are gone. */
export async function goneFiles(
  items: readonly Pick<PackItem, 'text'>[],
  cwd: string | undefined,
  exists: FileExists | undefined,
): Promise<Set<string>> {
  const gone = new Set<string>();
  if (!cwd || !exists) return gone;
  const root = cwd.replace(/[\\/]+$/, '');
  // A folder that is itself gone (a moved checkout) says nothing about the files.
  if (!(await exists(root))) return gone;
  const files = [...new Set(items.flatMap((i) => namedFiles(i.text)))].slice(0, MAX_STATS - 1);
  const found = await Promise.all(files.map((f) => exists(`${root}/${f}`).catch(() => true)));
  files.forEach((f, i) => {
    if (!found[i]) gone.add(f);
  });
  return gone;
}

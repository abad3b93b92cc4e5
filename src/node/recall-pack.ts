// Context packs for Node callers (the SessionStart hook, `context`, MCP), with a small cache so a session
// starting in a folder whose notes have not changed gets its pack without loading the index or the
// tokenizer. A cached pack is served only while every folder of the vault, every note it was built from and
// the saved catalog still have the modification times they had when it was built.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { buildContextPackWith, contentHash, loadTokenCounter, type ContextPack, type PackOptions, type TokenCounter } from '../core/recall';
import type { NodeVault } from './open-vault';
import { CATALOG_FILE, FOLDERS_FILE, loadNodeIndex, readGitConfig } from './recall-index';

export const PACK_CACHE_FILE = 'recall/packs.json';
/** o200k counts of pack lines by content hash: a pack made of lines counted before needs no tokenizer. */
export const TOKEN_CACHE_FILE = 'recall/tokens.json';
const TOKEN_CACHE_ENTRIES = 20_000;
/** Recency counts in the ranking, so a cached pack is rebuilt after this long even if nothing changed. */
const PACK_CACHE_TTL_MS = 6 * 3_600_000;
const PACK_CACHE_ENTRIES = 16;
/** Notes read to build a pack beyond this many are not all re-checked; the cache is then not used. */
const MAX_SOURCES = 400;

export interface NodePackOptions {
  task?: string;
  /** The session's working folder (absolute). */
  cwd: string;
  budget?: number;
  now?: number;
  /** Serve from and store into the pack cache (default true). */
  cache?: boolean;
}

interface CacheEntry {
  key: string;
  created: number;
  /** Absolute path → mtime of every folder, note and state file the pack depended on. */
  stamps: Record<string, number>;
  pack: ContextPack;
}

class UncountedLine extends Error {}

/**
 * Builds the pack with per-line token counts from the cache; only when a line was never counted is the
 * tokenizer (a quarter second to load) brought in, and the pack built again with it.
 */
async function packWithCachedCounts(vault: NodeVault, opts: PackOptions): Promise<ContextPack> {
  const known = new Map<string, number>();
  try {
    const saved = JSON.parse((await vault.state.readState(TOKEN_CACHE_FILE)) ?? '{}') as Record<string, unknown>;
    for (const [k, v] of Object.entries(saved)) if (typeof v === 'number') known.set(k, v);
  } catch {
    // start empty: it is only a cache
  }
  const cachedOnly: TokenCounter = (text) => {
    const n = known.get(contentHash(text));
    if (n === undefined) throw new UncountedLine();
    return n;
  };
  try {
    return buildContextPackWith(opts, cachedOnly);
  } catch (e) {
    if (!(e instanceof UncountedLine)) throw e;
  }
  const real = await loadTokenCounter();
  const counting: TokenCounter = (text) => {
    const k = contentHash(text);
    let n = known.get(k);
    if (n === undefined) {
      n = real(text);
      known.set(k, n);
    }
    return n;
  };
  const pack = buildContextPackWith(opts, counting);
  try {
    const entries = [...known].slice(-TOKEN_CACHE_ENTRIES);
    await vault.state.writeState(TOKEN_CACHE_FILE, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // only a cache
  }
  return pack;
}

function mtimeOf(abs: string): number | null {
  try {
    return statSync(abs).mtimeMs;
  } catch {
    return null;
  }
}

function cacheKey(vault: NodeVault, opts: NodePackOptions, budget: number): string {
  return JSON.stringify([opts.task ?? '', path.resolve(opts.cwd), budget, vault.settings.folders]);
}

async function readCache(vault: NodeVault): Promise<CacheEntry[]> {
  try {
    const parsed = JSON.parse((await vault.state.readState(PACK_CACHE_FILE)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as CacheEntry[]) : [];
  } catch {
    return [];
  }
}

function stillValid(entry: CacheEntry, now: number): boolean {
  if (!(now - entry.created < PACK_CACHE_TTL_MS && now >= entry.created)) return false;
  for (const [abs, mtime] of Object.entries(entry.stamps)) if (mtimeOf(abs) !== mtime) return false;
  return true;
}

/** The context pack for a session, from the cache when nothing it depends on has changed. */
export async function nodeContextPack(vault: NodeVault, opts: NodePackOptions): Promise<ContextPack & { cached: boolean }> {
  const budget = opts.budget ?? vault.settings.contextBudget;
  const now = opts.now ?? Date.now();
  const key = cacheKey(vault, opts, budget);
  const useCache = opts.cache !== false;
  const entries = useCache ? await readCache(vault) : [];
  const hit = entries.find((e) => e.key === key);
  if (hit && stillValid(hit, now)) return { ...hit.pack, cached: true };

  const index = await loadNodeIndex(vault, { check: 'folders' });
  const pack = await packWithCachedCounts(vault, {
    index, task: opts.task ?? '', cwd: opts.cwd, readGitConfig, budget, settings: vault.settings, now,
  });
  if (!useCache) return { ...pack, cached: false };

  // What the pack was built from: the notes it read, the vault's folders (a note added, removed or renamed
  // moves its folder's mtime) and the saved catalog (rewritten whenever any process notices an edit).
  const stateDir = path.join(vault.root, ...vault.settings.folders.stateDir.split('/'));
  const sources = new Set([...index.readPaths(), ...pack.items.map((i) => i.path)]);
  if (pack.project) sources.add(pack.project);
  if (sources.size > MAX_SOURCES) return { ...pack, cached: false };
  const stamps: Record<string, number> = {};
  const stamp = (abs: string) => {
    const m = mtimeOf(abs);
    if (m !== null) stamps[abs] = m;
    return m !== null;
  };
  for (const rel of sources) stamp(path.join(vault.root, ...rel.split('/')));
  let folders: Record<string, number> = {};
  try {
    folders = JSON.parse((await vault.state.readState(FOLDERS_FILE)) ?? '{}') as Record<string, number>;
  } catch {
    return { ...pack, cached: false };
  }
  for (const rel of Object.keys(folders)) stamp(path.join(vault.root, ...rel.split('/').filter(Boolean)));
  if (!stamp(path.join(stateDir, ...CATALOG_FILE.split('/')))) return { ...pack, cached: false };
  const next = [{ key, created: now, stamps, pack }, ...entries.filter((e) => e.key !== key)].slice(0, PACK_CACHE_ENTRIES);
  try {
    await vault.state.writeState(PACK_CACHE_FILE, JSON.stringify(next));
  } catch {
    // Only a cache: the pack itself is fine.
  }
  return { ...pack, cached: false };
}

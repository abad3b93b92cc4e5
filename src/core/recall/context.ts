// The recall loop, written once: given a vault, a task, a working folder and a budget, the context pack a
// Codex session gets; and the search an agent or a person runs. The SessionStart hook, `context`,
// `agents-md`, MCP `get_context` / `search_memory` and the plugin's preview and AGENTS.md command all call
// these, so what a person previews is what Codex receives: the same folders, exclusions, project detection,
// embeddings and token counts.
import type { RecallHost } from '../host';
import { contentHash } from './hash';
import { loadTokenCounter, type TokenCounter } from './budget';
import type { MemoryIndex } from './memory-index';
import { buildContextPackWith, PACK_SEARCH_DEPTH, packItemKey, resolveProject } from './pack';
import { withGoalLead } from '../goals/lead';
import type { DetectedProject } from './project';
import { openSearcher } from './searcher';
import { DEFAULT_STALE_AFTER_DAYS, goneFiles } from './stale';
import { visibleItems, type UnitHit } from './search';
import type { ContextPack, SearchResult } from './types';

/** o200k counts of pack lines by content hash: a pack made of lines counted before needs no tokenizer. */
export const TOKEN_CACHE_FILE = 'recall/tokens.json';
const TOKEN_CACHE_ENTRIES = 20_000;

export interface ContextRequest {
  /** What the session is about; empty at SessionStart. */
  task: string;
  /** The session's working folder (absolute), for project detection. */
  cwd?: string;
  /** A project note chosen by a person (the preview's picker); skips detection. */
  project?: string | DetectedProject | null;
  /** Default: the vault's contextBudget setting. */
  budget?: number;
  /** Item keys the session was already given (its ledger, src/core/recall/given.ts): never given twice. */
  exclude?: readonly string[];
  /** Only units the task matches this well (see PackOptions.minRelevance): the per-prompt hook's bar. */
  minRelevance?: number;
  /** The session was compacted: notes marked `compact: drop` stay out. */
  afterCompaction?: boolean;
}

export type ContextResult = ContextPack & { cached: boolean };

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}

class UncountedLine extends Error {}

/**
 * Builds the pack with per-line token counts kept in the state folder; only when a line was never counted is
 * the tokenizer (a quarter second to load) brought in, and the pack built again with it.
 */
async function packWithCachedCounts(host: Pick<RecallHost, 'state'>, build: (tokens: TokenCounter) => ContextPack): Promise<ContextPack> {
  const known = new Map<string, number>();
  try {
    const saved = JSON.parse((await host.state.readState(TOKEN_CACHE_FILE)) ?? '{}') as Record<string, unknown>;
    for (const [k, v] of Object.entries(saved)) if (typeof v === 'number') known.set(k, v);
  } catch {
    // start empty: it is only a cache
  }
  try {
    return build((text) => {
      const n = known.get(contentHash(text));
      if (n === undefined) throw new UncountedLine();
      return n;
    });
  } catch (e) {
    if (!(e instanceof UncountedLine)) throw e;
  }
  const real = await loadTokenCounter();
  const pack = build((text) => {
    const k = contentHash(text);
    let n = known.get(k);
    if (n === undefined) {
      n = real(text);
      known.set(k, n);
    }
    return n;
  });
  try {
    await host.state.writeState(TOKEN_CACHE_FILE, JSON.stringify(Object.fromEntries([...known].slice(-TOKEN_CACHE_ENTRIES))));
  } catch {
    // only a cache
  }
  return pack;
}

function cacheKey(host: RecallHost, req: ContextRequest, budget: number): string {
  const project = typeof req.project === 'object' && req.project ? req.project.path : req.project;
  const exclude = req.exclude?.length ? contentHash([...req.exclude].sort().join('\n')) : '';
  return JSON.stringify([
    req.task,
    req.cwd ?? '',
    project ?? '',
    budget,
    host.settings.folders,
    exclude,
    req.minRelevance ?? null,
    req.afterCompaction ?? false,
  ]);
}

/** The context pack for a session: what, why and how many tokens, framed as reference data. */
export async function contextPack(host: RecallHost, req: ContextRequest): Promise<ContextResult> {
  const budget = req.budget ?? host.settings.contextBudget;
  const now = host.now().getTime();
  const key = cacheKey(host, req, budget);
  const hit = host.packCache ? await host.packCache.get(key, now) : null;
  // A cached pack knows the notes it came from, not the repository: its named files are checked each time.
  if (hit && (await goneFiles(hit.items, req.cwd, host.fileExists)).size === 0) return { ...hit, cached: true };

  const index = await host.index();
  // The task is matched by meaning too when the host has embeddings; SessionStart has no task to match.
  let hits: UnitHit[] | undefined;
  if (req.task.trim()) {
    const searcher = await openSearcher(host, index);
    hits = [...take(await searcher.hits(req.task, PACK_SEARCH_DEPTH), PACK_SEARCH_DEPTH)];
    await searcher.close();
  }
  const where = { index, cwd: req.cwd, project: req.project, readGitConfig: host.readGitConfig, settings: host.settings };
  const afterDays = host.settings.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  const build = (gone: Set<string>) =>
    packWithCachedCounts(host, (tokens) =>
      // The project's active goal leads (src/core/goals/lead.ts); the rest of the pack fits in what is left.
      withGoalLead(index, resolveProject(where)?.path, budget, req.exclude, packItemKey, tokens, (left) =>
        buildContextPackWith(
          {
            ...where,
            task: req.task,
            budget: left,
            now,
            hits,
            exclude: req.exclude,
            minRelevance: req.minRelevance,
            afterCompaction: req.afterCompaction,
            stale: { gone, afterDays },
          },
          tokens,
        ),
      ),
    );
  let pack = await build(new Set());
  const gone = await goneFiles(pack.items, req.cwd, host.fileExists);
  // Built again only when a named file is gone: its items rank lower, so others may take their place.
  if (gone.size) pack = await build(gone);
  if (host.packCache && !gone.size) {
    // What the pack was built from: the notes it read, its items and its project.
    const sources = new Set([...index.readPaths(), ...pack.items.map((i) => i.path)]);
    if (pack.project) sources.add(pack.project);
    await host.packCache.put(key, pack, sources, now);
  }
  return { ...pack, cached: false };
}

/** With embeddings, hidden notes and secret lines are skipped after fusion: rank deeper than asked. */
function depthFor(limit: number): number {
  return Math.max(limit * 4, limit + 50);
}

export interface MemorySearch {
  /** The hits a person or agent may see for the query (never, superseded, done, inbox and secrets left out). */
  find(query: string, limit: number): Promise<SearchResult>;
  close(): Promise<void>;
}

/** A search over one loaded index, for one query or many (`search --queries`). */
export async function openMemorySearch(host: RecallHost, index?: MemoryIndex): Promise<MemorySearch> {
  const searcher = await openSearcher(host, index ?? (await host.index()));
  return {
    find: async (query, limit) => visibleItems(await searcher.hits(query, depthFor(limit)), { limit, folders: host.settings.folders }),
    close: () => searcher.close(),
  };
}

/** One search (MCP `search_memory`, CLI `search QUERY`). */
export async function searchMemory(host: RecallHost, query: string, limit: number): Promise<SearchResult> {
  const s = await openMemorySearch(host);
  try {
    return await s.find(query, limit);
  } finally {
    await s.close();
  }
}

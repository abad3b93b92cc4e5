// Ranked hits for every shell: BM25, or BM25 fused with embeddings when the host has an embedder (the
// settings turn them on and a key is at hand). Embeddings fail open: an unreachable endpoint costs one
// warning and the search carries on with BM25. Vectors are cached in the vault's state folder.
import type { RecallHost } from '../host';
import { EmbeddingCache, embeddingText, hybridSearch } from './embeddings';
import type { MemoryIndex } from './memory-index';
import { unitHits, type UnitHit } from './search';
import type { SearchOptions } from './types';

export const EMBEDDINGS_FILE = 'recall/embeddings.json';

export interface Searcher {
  /** Ranked hits: full-text ones lazily and unbounded (depth only bounds the fused ranking). */
  hits(query: string, depth: number, scope?: SearchOptions['scope']): Promise<Iterable<UnitHit>>;
  /** Saves newly computed vectors (a no-op without embeddings). */
  close(): Promise<void>;
}

export async function openSearcher(host: Pick<RecallHost, 'state' | 'settings' | 'embedder' | 'warn'>, index: MemoryIndex): Promise<Searcher> {
  const bm25: Searcher = {
    hits: async (query, _depth, scope) => unitHits(index, query, scope),
    close: async () => undefined,
  };
  const embedder = host.settings.embeddings ? host.embedder() : null;
  if (!embedder) return bm25;
  const cache = EmbeddingCache.parse(await host.state.readState(EMBEDDINGS_FILE), embedder.model);
  let failed = false;
  return {
    async hits(query, depth, scope) {
      if (failed) return bm25.hits(query, depth, scope);
      try {
        return await hybridSearch(index, query, { embedder, cache, depth, limit: depth, scope, folders: host.settings.folders });
      } catch (e) {
        failed = true;
        host.warn(`embeddings unavailable (${(e as Error).message}); using full-text search only`);
        return bm25.hits(query, depth, scope);
      }
    },
    async close() {
      if (!cache.dirty) return;
      const live: string[] = [];
      for (const note of index.notes.values()) for (const unit of index.unitsOf(note)) live.push(embeddingText(note, unit));
      try {
        await host.state.writeState(EMBEDDINGS_FILE, cache.serialize(live));
      } catch {
        // only a cache
      }
    },
  };
}

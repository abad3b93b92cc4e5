// Ranked hits for Node callers: BM25, or BM25 fused with embeddings when the vault's settings turn them
// on. Embeddings fail open: an unreachable endpoint costs one warning and the search carries on with BM25.
import { EmbeddingCache, embeddingText, hybridSearch, openAIEmbedder, type Embedder } from '../core/recall/embeddings';
import type { MemoryIndex } from '../core/recall/memory-index';
import { unitHits, type UnitHit } from '../core/recall/search';
import type { SearchOptions } from '../core/recall/types';
import type { NodeVault } from './open-vault';

export const EMBEDDINGS_FILE = 'recall/embeddings.json';

export interface NodeSearcher {
  /** Ranked hits: full-text ones lazily and unbounded (depth only bounds the fused ranking). */
  hits(query: string, depth: number, scope?: SearchOptions['scope']): Promise<Iterable<UnitHit>>;
  /** Saves newly computed vectors (a no-op without embeddings). */
  close(): Promise<void>;
}

function isOpenAI(baseURL: string): boolean {
  return /^https:\/\/api\.openai\.com(\/|$)/.test(baseURL);
}

export async function nodeSearcher(
  vault: NodeVault,
  index: MemoryIndex,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
  embedder?: Embedder,
): Promise<NodeSearcher> {
  const bm25: NodeSearcher = {
    hits: async (query, _depth, scope) => unitHits(index, query, scope),
    close: async () => undefined,
  };
  if (!vault.settings.embeddings) return bm25;
  const baseURL = env.OPENAI_BASE_URL || vault.settings.openaiBaseUrl;
  const apiKey = env.OPENAI_API_KEY || (isOpenAI(baseURL) ? '' : 'local');
  if (!apiKey) {
    warn('embeddings are on but OPENAI_API_KEY is not set; using full-text search only');
    return bm25;
  }
  const model = vault.settings.embeddingsModel;
  const use = embedder ?? openAIEmbedder({ baseURL, apiKey, model });
  const cache = EmbeddingCache.parse(await vault.state.readState(EMBEDDINGS_FILE), model);
  let failed = false;
  return {
    async hits(query, depth, scope) {
      if (failed) return bm25.hits(query, depth, scope);
      try {
        return await hybridSearch(index, query, { embedder: use, cache, depth, limit: depth, scope, folders: vault.settings.folders });
      } catch (e) {
        failed = true;
        warn(`embeddings unavailable (${(e as Error).message}); using full-text search only`);
        return bm25.hits(query, depth, scope);
      }
    },
    async close() {
      if (!cache.dirty) return;
      const live: string[] = [];
      for (const note of index.notes.values()) for (const unit of index.unitsOf(note)) live.push(embeddingText(note, unit));
      try {
        await vault.state.writeState(EMBEDDINGS_FILE, cache.serialize(live));
      } catch {
        // only a cache
      }
    },
  };
}

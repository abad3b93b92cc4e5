// Recall: the public surface the CLI, hooks, MCP server and plugin build on. Keep these names stable.
import type { NoteInput } from './types';
import { MemoryIndex } from './memory-index';

export { MemoryIndex, IndexCacheError, INDEX_VERSION, type NoteReader, type LoadOptions } from './memory-index';
export { search, searchUnits, visibleItems, snippet, DEFAULT_LIMIT, type UnitHit } from './search';
export { hybridSearch, openAIEmbedder, EmbeddingCache, type Embedder, type HybridOptions } from './embeddings';
export { contentHash } from './hash';
export { buildContextPack, buildContextPackWith, resolveProject, PACK_HEADER, PACK_SEARCH_DEPTH, type PackOptions } from './pack';
export { detectProject, normalizeRemote, gitRemotes, projectNotes, type DetectedProject, type ProjectNote, type ReadGitConfig } from './project';
export { noteKind, noteExclusion, type NoteKind } from './scope';
export { DEFAULT_BUDGET, tokens, loadTokenCounter, type TokenCounter } from './budget';
export { extractNote } from './extract';
export type { NoteInput, IndexedNote, IndexedUnit, SearchItem, SearchOptions, SearchResult, ContextPack, PackItem, PackSectionName } from './types';

/** Builds a fresh index from notes (settings only matter at query time, so none are needed here). */
export function buildIndex(notes: Iterable<NoteInput>): MemoryIndex {
  return MemoryIndex.build(notes);
}

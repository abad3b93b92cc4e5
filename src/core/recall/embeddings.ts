// Optional semantic recall: unit and query embeddings from any OpenAI-compatible /v1/embeddings endpoint,
// fused with BM25 by reciprocal rank. Off by default (settings.embeddings); vectors are cached by a hash of
// model and text, so a unit is embedded once until its text changes.
import type OpenAI from 'openai';
import { contentHash } from './hash';
import type { MemoryIndex } from './memory-index';
import { needsRealKey } from '../openai-endpoint';
import { DEFAULT_FOLDERS, type CodexMemorySettings } from '../settings';
import { noteExclusion } from './scope';
import { flagged, searchUnits, type UnitHit } from './search';
import type { IndexedNote, IndexedUnit, SearchOptions } from './types';

export interface Embedder {
  model: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface OpenAIEmbedderOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
  /** Inputs per request. */
  batchSize?: number;
  fetch?: typeof fetch;
}

export function openAIEmbedder(opts: OpenAIEmbedderOptions): Embedder {
  // The SDK is loaded on the first embedding, so a shell that only reads the index (a hook) never loads it.
  let sdk: Promise<OpenAI> | null = null;
  const openClient = () =>
    (sdk ??= import('openai').then(
      ({ default: OpenAI }) =>
        new OpenAI({
          baseURL: opts.baseURL,
          apiKey: opts.apiKey,
          timeout: opts.timeoutMs ?? 30_000,
          maxRetries: 1,
          dangerouslyAllowBrowser: true,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
        }),
    ));
  const batch = opts.batchSize ?? 64;
  return {
    model: opts.model,
    async embed(texts) {
      const out: Float32Array[] = [];
      const client = await openClient();
      for (let i = 0; i < texts.length; i += batch) {
        const res = await client.embeddings.create({ model: opts.model, input: texts.slice(i, i + batch) });
        const data = [...res.data].sort((a, b) => a.index - b.index);
        if (data.length !== Math.min(batch, texts.length - i))
          throw new Error(`embeddings endpoint returned ${data.length} vectors for ${Math.min(batch, texts.length - i)} inputs`);
        for (const d of data) out.push(Float32Array.from(d.embedding));
      }
      return out;
    },
  };
}

/**
 * The embedder the settings ask for, with the key this shell has (environment, SecretStorage), or null when
 * embeddings are off or OpenAI's own endpoint has no key (a local server takes any).
 */
export function embedderFor(
  settings: Pick<CodexMemorySettings, 'embeddings' | 'openaiBaseUrl' | 'embeddingsModel'>,
  key: { apiKey?: string | null; baseURL?: string; fetch?: typeof fetch },
): Embedder | null {
  if (!settings.embeddings) return null;
  const baseURL = key.baseURL || settings.openaiBaseUrl;
  const apiKey = key.apiKey || (needsRealKey(baseURL) ? '' : 'local');
  if (!apiKey) return null;
  return openAIEmbedder({ baseURL, apiKey, model: settings.embeddingsModel, ...(key.fetch ? { fetch: key.fetch } : {}) });
}

function toBase64(v: Float32Array): string {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(s: string): Float32Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** Vectors by hash(model, text), serialisable to a state file. */
export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private changed = false;

  constructor(readonly model: string) {}

  /** A saved cache; an unreadable one, or one made with another model, starts empty. */
  static parse(json: string | null, model: string): EmbeddingCache {
    const cache = new EmbeddingCache(model);
    if (!json) return cache;
    try {
      const data = JSON.parse(json) as { model?: string; vectors?: Record<string, string> };
      if (data.model !== model || !data.vectors) return cache;
      for (const [k, v] of Object.entries(data.vectors)) cache.vectors.set(k, fromBase64(v));
    } catch {
      // start empty: it is only a cache
    }
    return cache;
  }

  private key(text: string): string {
    return contentHash(`${this.model}\u0000${text}`);
  }

  get(text: string): Float32Array | undefined {
    return this.vectors.get(this.key(text));
  }

  set(text: string, v: Float32Array): void {
    this.vectors.set(this.key(text), v);
    this.changed = true;
  }

  get dirty(): boolean {
    return this.changed;
  }

  get size(): number {
    return this.vectors.size;
  }

  /** Keeps only the vectors of these texts (the units that still exist), then serialises. */
  serialize(keep?: Iterable<string>): string {
    let entries = [...this.vectors];
    if (keep) {
      const wanted = new Set([...keep].map((t) => this.key(t)));
      entries = entries.filter(([k]) => wanted.has(k));
    }
    this.changed = false;
    return JSON.stringify({ model: this.model, vectors: Object.fromEntries(entries.map(([k, v]) => [k, toBase64(v)])) });
  }
}

/** The text a unit is embedded as: where it sits, then what it says. */
export function embeddingText(note: IndexedNote, unit: IndexedUnit): string {
  return [note.title, unit.heading, unit.text].filter(Boolean).join('\n');
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Reciprocal rank fusion's constant: ranks past the first few weigh about the same. */
const RRF_K = 60;

export interface HybridOptions extends SearchOptions {
  embedder: Embedder;
  cache: EmbeddingCache;
  /** How deep each ranking goes before fusion. */
  depth?: number;
}

/**
 * BM25 and embedding rankings fused by reciprocal rank. Units not yet embedded are embedded first (in
 * batches); the query is embedded every time. Errors from the endpoint propagate: callers fall back to BM25.
 */
export async function hybridSearch(index: MemoryIndex, query: string, opts: HybridOptions): Promise<UnitHit[]> {
  const depth = opts.depth ?? 200;
  const lexical = searchUnits(index, query, { limit: depth, scope: opts.scope });
  if (!query.trim()) return lexical;
  const units: { note: IndexedNote; unit: IndexedUnit; text: string }[] = [];
  // Only what may be shown is ever sent: never, superseded and done notes and secret lines stay home.
  const folders = opts.folders ?? DEFAULT_FOLDERS;
  for (const note of index.notes.values()) {
    if ((opts.scope && !opts.scope(note)) || noteExclusion(note, folders) !== null) continue;
    for (const unit of index.unitsOf(note)) {
      const text = embeddingText(note, unit);
      if (!flagged(text)) units.push({ note, unit, text });
    }
  }
  const missing = [...new Set(units.filter((u) => !opts.cache.get(u.text)).map((u) => u.text))];
  if (missing.length) {
    const vectors = await opts.embedder.embed(missing);
    missing.forEach((t, i) => opts.cache.set(t, vectors[i]));
  }
  if (flagged(query)) return lexical;
  const [q] = await opts.embedder.embed([query]);
  const dense = units
    .map((u) => ({ ...u, sim: cosine(q, opts.cache.get(u.text) ?? new Float32Array()) }))
    .sort((a, b) => b.sim - a.sim)
    .slice(0, depth);
  const fused = new Map<string, UnitHit>();
  const key = (u: IndexedUnit) => `${u.path}\u0000${u.line}`;
  lexical.forEach((h, rank) => fused.set(key(h.unit), { ...h, score: 1 / (RRF_K + rank + 1) }));
  dense.forEach((d, rank) => {
    const k = key(d.unit);
    const prev = fused.get(k);
    const add = 1 / (RRF_K + rank + 1);
    if (prev) prev.score += add;
    else fused.set(k, { unit: d.unit, note: d.note, score: add, terms: [] });
  });
  const out = [...fused.values()].sort((a, b) => b.score - a.score);
  return opts.limit ? out.slice(0, opts.limit) : out;
}

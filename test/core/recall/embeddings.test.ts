// Optional embeddings through the real openai SDK against a local OpenAI-compatible server: a unit that
// shares no word with the query is found by meaning, fused with BM25 by reciprocal rank; vectors are cached
// by content, so only new or changed text (and the query) is sent again.
import { buildIndex, contentHash, EmbeddingCache, hybridSearch, openAIEmbedder } from '../../../src/core/recall';
import { startOpenAIServer, type OpenAIServer, type RecordedRequest, type Reply } from '../../support/openai-server';

/** A toy embedding model: one dimension per concept, so words of a concept land close together. */
const CONCEPTS: string[][] = [
  ['car', 'automobile', 'vehicle', 'lease'],
  ['invoice', 'billing', 'payment', 'rounding'],
  ['weather', 'forecast', 'rain'],
  ['dog', 'puppy', 'pet'],
];

function conceptVector(text: string): number[] {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const v = CONCEPTS.map((c) => words.filter((w) => c.includes(w)).length);
  v.push(0.05); // never a zero vector
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function conceptReply(req: RecordedRequest): Reply {
  const input = req.body.input;
  const texts = (Array.isArray(input) ? input : [input]) as string[];
  const data = texts.map((t, index) => {
    const v = conceptVector(t);
    const embedding = req.body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
    return { object: 'embedding', index, embedding };
  });
  return { json: { object: 'list', model: req.body.model, data, usage: { prompt_tokens: 0, total_tokens: 0 } } };
}

const NOTES = [
  { path: 'notes/car.md', text: '# Transport\n\n- The automobile lease renews in March. ^cm-car\n', mtime: 1 },
  { path: 'notes/money.md', text: '# Money\n\n- Invoice totals use Decimal. ^cm-inv\n', mtime: 1 },
  { path: 'notes/pets.md', text: '# Home\n\n- The puppy needs a vet visit. ^cm-pup\n', mtime: 1 },
];

let server: OpenAIServer;

beforeEach(async () => {
  server = await startOpenAIServer((req) => conceptReply(req));
});

afterEach(async () => {
  await server.close();
});

describe('hybrid search', () => {
  it('finds by meaning what full text cannot, and keeps full-text hits', async () => {
    const index = buildIndex(NOTES);
    const embedder = openAIEmbedder({ baseURL: server.url, apiKey: 'test-key', model: 'toy-embed' });
    const cache = new EmbeddingCache('toy-embed');
    const hits = await hybridSearch(index, 'vehicle contract', { embedder, cache, limit: 3 });
    expect(hits[0].unit.block).toBe('cm-car');
    expect(hits[0].terms).toEqual([]); // no shared word: found by the embedding alone
    const both = await hybridSearch(index, 'invoice payment', { embedder, cache, limit: 3 });
    expect(both[0].unit.block).toBe('cm-inv');
    expect(both[0].terms).toContain('invoic');
    const sent = server.requests.filter((r) => r.path === '/v1/embeddings');
    expect(sent[0].headers.authorization).toBe('Bearer test-key');
    expect(sent[0].body.model).toBe('toy-embed');
  });

  it('embeds each unit once, then only the query and changed text', async () => {
    const index = buildIndex(NOTES);
    const embedder = openAIEmbedder({ baseURL: server.url, apiKey: 'k', model: 'toy-embed' });
    const cache = new EmbeddingCache('toy-embed');
    await hybridSearch(index, 'dog', { embedder, cache });
    const inputs = () => server.requests.flatMap((r) => r.body.input as string[]);
    expect(inputs()).toHaveLength(3 + 1);
    await hybridSearch(index, 'rain', { embedder, cache });
    expect(inputs()).toHaveLength(3 + 1 + 1);
    index.update('notes/pets.md', '# Home\n\n- The puppy needs a new lead. ^cm-pup\n', 2);
    // a cache that went through a save and load is as good as the live one
    const reloaded = EmbeddingCache.parse(cache.serialize(), 'toy-embed');
    await hybridSearch(index, 'pet', { embedder, cache: reloaded });
    expect(inputs().slice(5)).toEqual(['pets\nHome\nThe puppy needs a new lead.', 'pet']);
  });

  it('starts an empty cache for another model or an unreadable file', () => {
    const cache = new EmbeddingCache('a');
    cache.set('x', new Float32Array([1, 2]));
    expect(EmbeddingCache.parse(cache.serialize(), 'a').get('x')).toEqual(new Float32Array([1, 2]));
    expect(EmbeddingCache.parse(cache.serialize(), 'b').size).toBe(0);
    expect(EmbeddingCache.parse('{nope', 'a').size).toBe(0);
    expect(contentHash('a')).not.toBe(contentHash('b'));
    expect(contentHash('same')).toBe(contentHash('same'));
  });

  it('passes an endpoint error on, so callers can fall back to full text', async () => {
    await server.close();
    server = await startOpenAIServer([{ status: 401, json: { error: { message: 'bad key', type: 'invalid_request_error' } } }]);
    const embedder = openAIEmbedder({ baseURL: server.url, apiKey: 'k', model: 'm' });
    await expect(hybridSearch(buildIndex(NOTES), 'car', { embedder, cache: new EmbeddingCache('m') })).rejects.toThrow(/bad key/);
  });
});

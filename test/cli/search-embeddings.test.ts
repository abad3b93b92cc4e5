// `search` and `context` with embeddings turned on in the vault's settings, against a local
// OpenAI-compatible server (the real SDK over real HTTP); and off by default: then nothing is sent.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { startOpenAIServer, type OpenAIServer, type RecordedRequest, type Reply } from '../support/openai-server';
import { writeFixtureVault } from '../core/recall/vault-fixture';

/** One dimension per concept: "vehicle" and "automobile" embed alike, as a real model would place them. */
function reply(req: RecordedRequest): Reply {
  const concepts = [
    ['car', 'automobile', 'vehicle', 'lease'],
    ['weather', 'forecast', 'forecasts', 'rain'],
  ];
  const texts = (Array.isArray(req.body.input) ? req.body.input : [req.body.input]) as string[];
  const data = texts.map((t, index) => {
    const words = t.toLowerCase().match(/[a-z]+/g) ?? [];
    const v = [...concepts.map((c) => words.filter((w) => c.includes(w)).length), 0.05];
    const n = Math.hypot(...v);
    const f = new Float32Array(v.map((x) => x / n));
    return {
      object: 'embedding',
      index,
      embedding: req.body.encoding_format === 'base64' ? Buffer.from(f.buffer).toString('base64') : Array.from(f),
    };
  });
  return { json: { object: 'list', model: req.body.model, data, usage: { prompt_tokens: 0, total_tokens: 0 } } };
}

let vault: string;
let server: OpenAIServer;
const CAR = { 'notes/car.md': '# Transport\n\n- The automobile lease renews in March. ^cm-car\n' };

async function setEmbeddings(on: boolean): Promise<void> {
  const file = path.join(vault, '.obsidian', 'plugins', 'codex-memory', 'data.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ embeddings: on, embeddingsModel: 'toy-embed' }));
}

beforeEach(async () => {
  vault = await writeFixtureVault(CAR);
  server = await startOpenAIServer((req) => reply(req));
});

afterEach(async () => {
  await server.close();
  await fs.rm(vault, { recursive: true, force: true });
});

describe('embeddings in the CLI', () => {
  const env = () => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key' });

  it('are off by default: nothing is sent, and a query with no shared word finds nothing', async () => {
    const r = await runCliCaptured(['search', 'vehicle contract', '--vault', vault, '--json'], { env: env() });
    expect(JSON.parse(r.stdout).items).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('when on, search finds by meaning and caches the vectors in .codex-memory', async () => {
    await setEmbeddings(true);
    const r = await runCliCaptured(['search', 'vehicle contract', '--vault', vault, '--json', '--limit', '3'], { env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items[0]).toMatchObject({ path: 'notes/car.md', block: 'cm-car' });
    // Only what may be shown is sent: never private, superseded or done notes, nor a line with a secret.
    const sent = server.requests.flatMap((q) => q.body.input as string[]).join('\n');
    expect(sent).toContain('automobile lease');
    expect(sent).not.toMatch(/anxious|banker|is finished|sk-proj/);
    await expect(fs.stat(path.join(vault, '.codex-memory', 'recall', 'embeddings.json'))).resolves.toBeTruthy();
    const before = server.requests.length;
    await runCliCaptured(['search', 'car', '--vault', vault, '--json'], { env: env() });
    expect(server.requests.length).toBe(before + 1); // only the query
  });

  it('when on, context says an item was chosen by meaning', async () => {
    await setEmbeddings(true);
    const r = await runCliCaptured(['context', 'vehicle contract', '--vault', vault, '--json'], { env: env() });
    const item = JSON.parse(r.stdout).items.find((i: { block?: string }) => i.block === 'cm-car');
    expect(item.why).toMatch(/close in meaning/);
  });

  it('fall back to full-text search with one warning when the endpoint fails', async () => {
    await setEmbeddings(true);
    await server.close();
    server = await startOpenAIServer(() => ({ status: 500, json: { error: { message: 'down', type: 'server_error' } } }));
    const r = await runCliCaptured(['search', 'Redis forecasts', '--vault', vault, '--json'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/embeddings unavailable .*using full-text search only/);
    expect(JSON.parse(r.stdout).items[0].block).toBe('cm-w1');
  });
});

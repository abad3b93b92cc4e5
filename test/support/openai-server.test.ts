// The test server itself, through the real SDK: the three endpoints others reuse (recall embeddings, e2e).
import OpenAI from 'openai';
import { reply, startOpenAIServer, vectorFor } from './openai-server';

it('answers chat completions, responses and embeddings by default, and records each request', async () => {
  const server = await startOpenAIServer();
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const chat = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.choices[0].message.content).toBe('ok');
    const resp = await client.responses.create({ model: 'm', input: 'hi' });
    expect(resp.output_text).toBe('ok');
    const emb = await client.embeddings.create({ model: 'e', input: ['alpha', 'beta', 'alpha'] });
    expect(emb.data.map((d) => d.embedding)).toEqual([vectorFor('alpha', 8), vectorFor('beta', 8), vectorFor('alpha', 8)]);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/responses', '/v1/embeddings']);
    expect(server.requests[2].body.input).toEqual(['alpha', 'beta', 'alpha']);
  } finally {
    await server.close();
  }
});

it('plays a script in order and says so when a request was not scripted', async () => {
  const server = await startOpenAIServer([reply.error(429, 'slow down', { 'retry-after': '0' }), reply.chat('second')]);
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'm', messages: [] })).rejects.toMatchObject({ status: 429 });
    const ok = await client.chat.completions.create({ model: 'm', messages: [] });
    expect(ok.choices[0].message.content).toBe('second');
    await expect(client.chat.completions.create({ model: 'm', messages: [] })).rejects.toMatchObject({ status: 599 });
  } finally {
    await server.close();
  }
});

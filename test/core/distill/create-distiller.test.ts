// Choosing a distiller from settings, with the environment overriding where the CLI says so.
import { createDistiller, modelOverridesFromEnv } from '../../../src/core/distill/create-distiller';
import { DEFAULT_SETTINGS, type DistillerKind } from '../../../src/core/settings';
import { reply, startOpenAIServer } from '../../support/openai-server';
import { answerJson } from './helpers/answers';
import { makeThread } from './helpers/thread';

const thread = makeThread([{ user: 'From now on, always run the linter before committing.', answer: 'Noted.' }]);

it('uses the offline distiller by default, with no network and no key', async () => {
  const d = createDistiller(DEFAULT_SETTINGS);
  expect(d.name).toBe('offline');
  const l = await d.distill(thread);
  expect(l.distiller).toBe('offline');
  expect(l.items.some((i) => i.kind === 'preference')).toBe(true);
});

it('sends to OPENAI_BASE_URL with CODEX_MEMORY_MODEL and OPENAI_API_KEY when the environment sets them', async () => {
  const server = await startOpenAIServer([reply.chat(answerJson([]))]);
  try {
    const env = { OPENAI_BASE_URL: server.url, CODEX_MEMORY_MODEL: 'llama3.1:8b', OPENAI_API_KEY: 'env-key', HOME: '/x' };
    const d = createDistiller({ ...DEFAULT_SETTINGS, distiller: 'openai' }, modelOverridesFromEnv(env));
    const l = await d.distill(thread);
    expect(l.distiller).toBe('openai');
    expect(server.requests[0].body.model).toBe('llama3.1:8b');
    expect(server.requests[0].headers.authorization).toBe('Bearer env-key');
  } finally {
    await server.close();
  }
});

it('ignores empty environment values', () => {
  expect(modelOverridesFromEnv({ OPENAI_BASE_URL: '', CODEX_MEMORY_MODEL: '  ' })).toEqual({
    apiKey: undefined,
    baseURL: undefined,
    model: undefined,
  });
});

it('lets --distiller override the setting', () => {
  expect(createDistiller(DEFAULT_SETTINGS, {}, 'openai').name).toBe('openai');
});

it('refuses the codex distiller without a runner, and unknown names', () => {
  expect(() => createDistiller(DEFAULT_SETTINGS, {}, 'codex')).toThrow(/needs a way to run `codex exec`/);
  expect(() => createDistiller(DEFAULT_SETTINGS, {}, 'gpt' as DistillerKind)).toThrow(/Unknown distiller "gpt"/);
});

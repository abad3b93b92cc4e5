/** @jest-environment ./test/support/obsidian-environment.cjs */
// The plugin with the OpenAI-compatible distiller: the key comes from Obsidian's SecretStorage, the request
// goes through requestUrl (so a local model server need not allow the app's origin), to a real server on
// 127.0.0.1, and the model's learnings reach the review modal. Nothing is written before "Apply selected".
import './support/use-node-request-url';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import type { ReviewModal } from '../../src/ui/review-modal';
import { answerJson } from '../core/distill/helpers/answers';
import { reply, startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { captureUi, codexHome, newPlugin, opened, until, vaultNotes } from './support/plugin-harness';
import { seen } from './support/node-request-url';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

let server: OpenAIServer;
afterEach(async () => server?.close());

test("the SecretStorage key is sent, through requestUrl, and the model's learnings are reviewed", async () => {
  server = await startOpenAIServer([
    reply.chat(answerJson([{ kind: 'decision', text: 'Store the ledger in Postgres instead of SQLite.' }], 'Ledger storage')),
  ]);
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: await codexHome(), distiller: 'openai', openaiBaseUrl: server.url, openaiModel: 'test-model' });
  h.app.secretStorage.setSecret(h.plugin.settings.apiKeySecretName, 'sk-test-from-secret-storage');
  h.ribbon();
  const modal = await opened<ReviewModal>(ui, 'ReviewModal');
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0].headers.authorization).toBe('Bearer sk-test-from-secret-storage');
  expect(server.requests[0].body.model).toBe('test-model');
  expect(seen.some((p) => p.url.startsWith(server.url))).toBe(true);
  expect(ui.notices.some((n) => /Distilling with the OpenAI-compatible model/.test(n))).toBe(true);
  const plan = (modal as unknown as { plan: import('../../src/core/memory/plan').Plan }).plan;
  expect(plan.note).toBe('agent/sessions/2026-09-14 Ledger storage.md');
  const project = plan.changes.find((c) => c.path === 'projects/atlas.md')!;
  expect(project.after).toMatch(/## Decisions\n\n- Store the ledger in Postgres instead of SQLite\. \^cm-/);
  expect(await vaultNotes(h.app)).toEqual({});
  modal.close();
});

test('a server that refuses the key is reported, and nothing is written', async () => {
  server = await startOpenAIServer(() => reply.error(401, 'Incorrect API key provided'));
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: await codexHome(), distiller: 'openai', openaiBaseUrl: server.url, openaiModel: 'test-model' });
  h.ribbon();
  const said = await until(() => ui.notices.find((n) => n.startsWith('Could not checkpoint')), 'the notice');
  expect(said).toMatch(/^Could not checkpoint: .*(?:key|401).*Nothing was written\.$/);
  // No key in SecretStorage: none is sent (a local server needs none).
  expect(server.requests[0].headers.authorization).not.toMatch(/sk-/);
  expect(ui.modals).toEqual([]);
  expect(await vaultNotes(h.app)).toEqual({});
});

test('the model is shown what the vault already says (project note, preferences, open TODOs), as the CLI shows it', async () => {
  server = await startOpenAIServer([
    reply.chat(answerJson([{ kind: 'decision', text: 'Store the ledger in Postgres instead of SQLite.' }], 'Ledger storage')),
  ]);
  const ui = captureUi();
  const files = {
    'projects/atlas.md':
      '---\ntype: project\nrepo:\n  - /home/ana/src/atlas\n---\n# atlas\n\n## Decisions\n\n- Keep the ledger in SQLite for now. ^cm-dec00001\n',
    'agent/preferences.md': '---\ntype: preferences\n---\n# Agent preferences\n\n- Keep commit messages short. ^cm-pref0001\n',
    'TODO.md': '# TODO\n\n- [ ] Add migration tests for the ledger tables ^cm-todo0001\n- [x] Done already ^cm-todo0002\n',
  };
  const h = await newPlugin(ui, { codexHome: await codexHome(), distiller: 'openai', openaiBaseUrl: server.url, openaiModel: 'test-model' }, files);
  h.ribbon();
  const modal = await opened<ReviewModal>(ui, 'ReviewModal');
  const sent = JSON.stringify(server.requests[0].body.messages);
  expect(sent).toContain('Existing memory (what the notes already say):');
  expect(sent).toContain('(projects/atlas.md): Keep the ledger in SQLite for now.');
  expect(sent).toContain('(agent/preferences.md): Keep commit messages short.');
  expect(sent).toContain('(TODO.md): Add migration tests for the ledger tables');
  // A ticked TODO is not memory any more.
  expect(sent).not.toContain('Done already');
  modal.close();
});

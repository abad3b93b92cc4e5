/** @jest-environment ./test/support/obsidian-environment.cjs */
// Obsidian's own command line: `obsidian codex-memory:context` and `obsidian codex-memory:checkpoint`, as the
// plugin registers them (registerCliHandler, over obsidian-test-mocks). They run the same workflows as the
// palette: the pack a session would get, and a checkpoint whose changes wait in the inbox for a person.
import { setup, teardown } from 'obsidian-test-mocks/setup';
import type { CliData, CliHandler } from 'obsidian';
import { captureUi, codexHome, newPlugin, vaultNotes, type Harness } from './support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

function verb(h: Harness, name: string): (params: CliData) => Promise<string> {
  const handler = (h.mock as unknown as { cliHandlers__: Map<string, CliHandler> }).cliHandlers__.get(name);
  if (!handler) throw new Error(`${name} is not registered`);
  return async (params) => handler(params);
}

const NOTES = {
  'agent/preferences.md':
    '---\ntype: preferences\nmemory: pin\nscope: global\nupdated: 2026-11-01\n---\n# Agent preferences\n\n- Answer in British English. ^cm-p1\n',
  'projects/tidepool.md':
    '---\ntype: project\nrepo:\n  - /srv/tidepool\nstatus: active\nupdated: 2026-11-20\n---\n# tidepool\n\n## Decisions\n\n- Sensor readings are stored as UTC, never local time. ^cm-t1\n',
};

test('onload registers both verbs', async () => {
  const h = await newPlugin(captureUi());
  const registered = [...(h.mock as unknown as { cliHandlers__: Map<string, CliHandler> }).cliHandlers__.keys()];
  expect(registered).toEqual(expect.arrayContaining(['codex-memory:context', 'codex-memory:checkpoint']));
});

test('context prints the pack for the task and folder, and explains a missing task or a bad budget', async () => {
  const h = await newPlugin(captureUi(), {}, NOTES);
  const context = verb(h, 'codex-memory:context');
  const text = await context({ task: 'store the sensor readings', cwd: '/srv/tidepool' });
  expect(text).toContain('Sensor readings are stored as UTC');
  expect(text).toContain('Answer in British English');
  expect(await context({})).toMatch(/^Give the task/);
  expect(await context({ task: 'true' })).toMatch(/^Give the task/);
  expect(await context({ task: 'x', budget: 'lots' })).toBe('budget must be a whole number from 100 to 200000.');
});

test('checkpoint proposes the newest finished session in the inbox, applying nothing', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: await codexHome() }, { 'TODO.md': '# TODO\n\n- [ ] water the plants\n' });
  const before = await vaultNotes(h.app);
  const said = await verb(h, 'codex-memory:checkpoint')({});
  expect(said).toMatch(/^Checkpointed session /);
  expect(said).toMatch(/Waiting for review in agent\/inbox\//);
  const after = await vaultNotes(h.app);
  const added = Object.keys(after).filter((p) => !(p in before));
  expect(added.length).toBeGreaterThan(0);
  expect(added.every((p) => p.startsWith('agent/inbox/'))).toBe(true);
  expect(after['TODO.md']).toBe(before['TODO.md']);
});

test('checkpoint with apply writes what needs no review, as codex-memory checkpoint --yes does', async () => {
  const h = await newPlugin(captureUi(), { codexHome: await codexHome() }, { 'TODO.md': '# TODO\n\n- [ ] water the plants\n' });
  const said = await verb(h, 'codex-memory:checkpoint')({ apply: 'true' });
  expect(said).toMatch(/Applied \d+ changes? \(checkpoint /);
  expect(Object.keys(await vaultNotes(h.app)).some((p) => p.startsWith('agent/sessions/'))).toBe(true);
  expect(await verb(h, 'codex-memory:checkpoint')({})).toBe('Every finished Codex session is already checkpointed.');
});

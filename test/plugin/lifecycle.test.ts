/** @jest-environment ./test/support/obsidian-environment.cjs */
// What the plugin registers and that unloading releases all of it: vault listeners, the watcher's heartbeat,
// the status bar; and that nothing reads the vault or CODEX_HOME before the workspace is ready.
import type { App as AppOriginal } from 'obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { HEARTBEAT_MS, servicesOf } from '../../src/plugin/services';
import { captureUi, layoutReady, newPlugin } from './support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

function vaultListeners(app: AppOriginal): number {
  const table = (app.vault as unknown as { _: Record<string, unknown[]> })._;
  return Object.values(table).reduce((n, list) => n + list.length, 0);
}

test('vault listeners and the heartbeat are registered once the layout is ready, and all released on unload', async () => {
  const ui = captureUi();
  const setIntervalSpy = jest.spyOn(window, 'setInterval');
  const clearIntervalSpy = jest.spyOn(window, 'clearInterval');
  const h = await newPlugin(ui, {}, { 'notes/a.md': '# A\n' });
  const before = vaultListeners(h.app);
  // onload itself registers no vault listener and no timer: that waits for the workspace.
  expect(h.mock.events__).toHaveLength(0);
  expect(setIntervalSpy).not.toHaveBeenCalled();
  expect(h.mock.statusBarItems__).toHaveLength(1);

  layoutReady(h.app);
  await new Promise((r) => setTimeout(r, 20));
  expect(h.mock.events__).toHaveLength(4);
  expect(vaultListeners(h.app)).toBe(before + 4);
  expect(setIntervalSpy).toHaveBeenCalledWith(expect.any(Function), HEARTBEAT_MS);
  const heartbeat = setIntervalSpy.mock.results[0].value as number;

  const noteEvent = jest.spyOn(servicesOf(h.plugin), 'noteEvent');
  await h.app.vault.modify(h.app.vault.getFileByPath('notes/a.md')!, '# A\n\nedited\n');
  expect(noteEvent).toHaveBeenCalledTimes(1);

  h.plugin.unload();
  expect(vaultListeners(h.app)).toBe(before);
  expect(clearIntervalSpy).toHaveBeenCalledWith(heartbeat);
  await h.app.vault.modify(h.app.vault.getFileByPath('notes/a.md')!, '# A\n\nedited again\n');
  expect(noteEvent).toHaveBeenCalledTimes(1);
});

test('a layout that becomes ready after unload registers nothing', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui);
  h.plugin.unload();
  const before = vaultListeners(h.app);
  layoutReady(h.app);
  await new Promise((r) => setTimeout(r, 20));
  expect(vaultListeners(h.app)).toBe(before);
});

test('the status bar shows the inbox count once the layout is ready, and opens the inbox when clicked', async () => {
  const ui = captureUi();
  const proposal =
    '---\ntype: proposal\nsource: mcp remember\nkind: fact\ncreated: 2026-09-14T10:00:00.000Z\nstatus: pending\n---\n# Proposed memory: Ana owns the ledger\n\nAna owns the ledger.\n';
  const h = await newPlugin(ui, {}, { 'agent/inbox/p1.md': proposal, 'agent/inbox/p2.md': proposal.replace('Ana', 'Bo') });
  const bar = h.mock.statusBarItems__[0];
  expect(bar.textContent).toBe('');
  layoutReady(h.app);
  await new Promise((r) => setTimeout(r, 50));
  expect(bar.textContent).toBe('Memory inbox: 2');
  bar.click();
  expect(ui.modals.map((m) => m.constructor.name)).toEqual(['InboxModal']);
});

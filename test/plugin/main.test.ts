/** @jest-environment ./test/support/obsidian-environment.cjs */
// The plugin as Obsidian runs it, over obsidian-test-mocks: what onload registers, that it touches no
// notes, settings round-trip (the API key never in data.json), the init command and the ribbon.
import type { App as AppOriginal } from 'obsidian';
import { App, Notice, Platform, Plugin } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import manifest from '../../manifest.json';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import CodexMemoryPlugin from '../../src/main';
import { CodexMemorySettingTab } from '../../src/ui/settings-tab';

beforeAll(() => setup());
afterAll(() => teardown());

let notices: string[];
beforeEach(() => {
  notices = [];
  jest.spyOn(Notice.prototype, 'constructor__').mockImplementation((message: DocumentFragment | string) => {
    notices.push(typeof message === 'string' ? message : (message.textContent ?? ''));
  });
});
afterEach(() => jest.restoreAllMocks());

function newPlugin(data?: unknown, files: Record<string, string> = {}): { app: AppOriginal; plugin: CodexMemoryPlugin; mock: Plugin } {
  const app = App.createConfigured__({ files }).asOriginalType__();
  const plugin = new CodexMemoryPlugin(app, manifest);
  const mock = Plugin.fromOriginalType2__(plugin);
  mock.data__ = data;
  return { app, plugin, mock };
}

/** Every method that reads or writes the vault, spied, so a test can prove none was called. */
function spyOnVaultIO(app: AppOriginal): jest.SpyInstance[] {
  const vaultMethods = ['read', 'cachedRead', 'create', 'modify', 'process', 'delete', 'trash', 'createFolder', 'rename', 'append'] as const;
  const adapterMethods = ['read', 'write', 'append', 'exists', 'list', 'mkdir', 'remove', 'rename', 'stat', 'process'] as const;
  return [
    ...vaultMethods.map((m) => jest.spyOn(app.vault, m)),
    ...adapterMethods.map((m) => jest.spyOn(app.vault.adapter, m)),
    jest.spyOn(app.fileManager, 'processFrontMatter'),
    jest.spyOn(app.fileManager, 'trashFile'),
  ];
}

test('onload registers the commands, the ribbon and the settings tab, and does no vault I/O', async () => {
  const { app, plugin, mock } = newPlugin();
  const io = spyOnVaultIO(app);
  const ribbon = jest.spyOn(plugin, 'addRibbonIcon');
  await plugin.onload();
  for (const spy of io) expect(spy).not.toHaveBeenCalled();
  expect([...mock.commands__.values()].map((c) => [c.id, c.name])).toEqual([
    ['initialize-memory-vault', 'Initialize memory vault'],
    ['checkpoint-latest-session', 'Checkpoint latest Codex session'],
    ['checkpoint-session', 'Checkpoint a Codex session…'],
    ['checkpoint-current-note', 'Checkpoint the current note'],
    ['review-memory-inbox', 'Review memory inbox'],
    ['review-stale-memory', 'Review stale memory'],
    ['copy-context', 'Copy context for a new Codex session…'],
    ['update-agents-md', 'Update AGENTS.md memory block for a project…'],
    ['undo-last-checkpoint', 'Undo last checkpoint'],
    ['rebuild-memory-index', 'Rebuild memory index'],
    ['install-codex-hooks', 'Install Codex hooks'],
  ]);
  for (const c of mock.commands__.values()) expect(c.hotkeys).toBeUndefined();
  expect(ribbon).toHaveBeenCalledWith('brain-circuit', 'Checkpoint latest Codex session', expect.any(Function));
  expect(mock.settingTabs__).toHaveLength(1);
  expect(mock.settingTabs__[0]).toBeInstanceOf(CodexMemorySettingTab);
});

test('the plugin loads and unloads cleanly', async () => {
  const { plugin, mock } = newPlugin();
  plugin.load();
  await new Promise((r) => setTimeout(r, 0));
  expect(mock.loaded__).toBe(true);
  expect(mock.commands__.size).toBe(11);
  plugin.unload();
  expect(mock.loaded__).toBe(false);
  expect(mock.intervals__).toEqual([]);
});

test('heavy work registered with whenLayoutReady waits for the workspace', async () => {
  const { app, plugin } = newPlugin();
  await plugin.onload();
  const task = jest.fn();
  plugin.whenLayoutReady(task);
  await new Promise((r) => setTimeout(r, 0));
  expect(task).not.toHaveBeenCalled();
  (app.workspace as unknown as { setLayoutReady__(): void }).setLayoutReady__();
  await new Promise((r) => setTimeout(r, 0));
  expect(task).toHaveBeenCalledTimes(1);
});

test('settings load with defaults, save, and load again unchanged', async () => {
  const { plugin, mock } = newPlugin(undefined);
  await plugin.onload();
  expect(plugin.settings).toEqual(DEFAULT_SETTINGS);
  plugin.settings.folders = { ...plugin.settings.folders, people: 'Team' };
  plugin.settings.distiller = 'openai';
  await plugin.saveSettings();
  const { plugin: again } = newPlugin(JSON.parse(JSON.stringify(mock.data__)));
  await again.onload();
  expect(again.settings.folders.people).toBe('Team');
  expect(again.settings.distiller).toBe('openai');
});

test('broken or foreign data.json does not stop the plugin; unknown keys survive a save', async () => {
  const { plugin, mock } = newPlugin({ version: 99, distiller: 42, fromTheFuture: [1, 2] });
  await plugin.onload();
  expect(plugin.settings.distiller).toBe('offline');
  await plugin.saveSettings();
  expect(mock.data__).toMatchObject({ version: 99, fromTheFuture: [1, 2], distiller: 'offline' });
});

test('the API key comes from SecretStorage and never lands in data.json', async () => {
  const { app, plugin, mock } = newPlugin({ apiKey: 'sk-from-an-old-file' });
  await plugin.onload();
  expect(plugin.apiKey()).toBeNull();
  app.secretStorage.setSecret(plugin.settings.apiKeySecretName, 'sk-secret-value');
  expect(plugin.apiKey()).toBe('sk-secret-value');
  await plugin.saveSettings();
  expect(JSON.stringify(mock.data__)).not.toMatch(/sk-/);
  expect(mock.data__).toMatchObject({ apiKeySecretName: DEFAULT_SETTINGS.apiKeySecretName });
});

test('"Initialize memory vault" sets up the layout in the vault, and a second run changes nothing', async () => {
  const { app, plugin, mock } = newPlugin(undefined, { 'TODO.md': 'my list\n' });
  await plugin.onload();
  const command = mock.commands__.get('initialize-memory-vault')!;
  command.callback!();
  await new Promise((r) => setTimeout(r, 100));
  expect(await app.vault.adapter.read('TODO.md')).toBe('my list\n');
  expect(await app.vault.adapter.read('agent/preferences.md')).toContain('type: preferences');
  expect(app.vault.getFolderByPath('agent/inbox')).not.toBeNull();
  expect(await app.vault.adapter.exists('.codex-memory/README.md')).toBe(true);
  expect(notices.pop()).toMatch(
    /^Memory vault set up\. Added: people\/, projects\/, agent\/, agent\/sessions\/, agent\/inbox\/, notes\/, agent\/preferences\.md, Codex Memory\.md, Memory\.base, \.codex-memory\/\.$/,
  );
  command.callback!();
  await new Promise((r) => setTimeout(r, 100));
  expect(notices.pop()).toBe('Memory vault is already set up; nothing was changed.');
});

test('without the desktop app, the ribbon action tells the person how to checkpoint from a terminal', async () => {
  const { plugin } = newPlugin();
  const ribbon = jest.spyOn(plugin, 'addRibbonIcon');
  await plugin.onload();
  const onClick = ribbon.mock.calls[0][2];
  Platform.isDesktop = false;
  try {
    onClick(new MouseEvent('click'));
  } finally {
    Platform.isDesktop = true;
  }
  expect(notices.pop()).toMatch(/codex-memory checkpoint --latest --vault "\/mock-vault"/);
});

describe('settings tab (declarative, as Obsidian 1.13 draws and searches it)', () => {
  type Control = { key: string; type: string; options?: Record<string, string>; validate?: (v: unknown) => unknown };
  type Row = { name: string; control?: Control; render?: unknown };
  async function openTab(): Promise<{
    plugin: CodexMemoryPlugin;
    mock: Plugin;
    tab: CodexMemorySettingTab;
    groups: { heading?: string; items: Row[] }[];
  }> {
    const { plugin, mock } = newPlugin();
    await plugin.onload();
    const tab = mock.settingTabs__[0] as unknown as CodexMemorySettingTab;
    const groups = tab.getSettingDefinitions() as unknown as { heading?: string; items: Row[] }[];
    return { plugin, mock, tab, groups };
  }
  /** What Obsidian does when a person changes a control: validate, then store through setControlValue. */
  async function change(tab: CodexMemorySettingTab, groups: { items: Row[] }[], name: string, value: unknown): Promise<string | undefined> {
    const row = groups.flatMap((g) => g.items).find((r) => r.name === name);
    if (!row?.control) throw new Error(`no control named ${name}`);
    const problem = (await row.control.validate?.(value)) as string | undefined;
    if (problem) return problem;
    await tab.setControlValue(row.control.key, value);
    return undefined;
  }

  test('has sentence-case headings for each group, and every setting is a searchable row', async () => {
    const { groups } = await openTab();
    expect(groups.map((g) => g.heading)).toEqual(['Folders', 'Codex sessions', 'Distiller', 'Recall', 'Automatic checkpoints']);
    const names = groups.flatMap((g) => g.items.map((r) => r.name));
    expect(names).toEqual(expect.arrayContaining(['People folder', 'Context budget', 'API key', 'Watch for finished sessions']));
    // The key is picked from SecretStorage by a rendered row, never a stored control.
    const key = groups.flatMap((g) => g.items).find((r) => r.name === 'API key')!;
    expect(key.control).toBeUndefined();
    expect(typeof key.render).toBe('function');
  });

  test('a valid folder is saved; one that leaves the vault is explained and not saved', async () => {
    const { plugin, mock, tab, groups } = await openTab();
    expect(tab.getControlValue('folders.people')).toBe('people');
    expect(await change(tab, groups, 'People folder', 'Team/People')).toBeUndefined();
    expect(plugin.settings.folders.people).toBe('Team/People');
    expect((mock.data__ as typeof DEFAULT_SETTINGS).folders.people).toBe('Team/People');
    expect(await change(tab, groups, 'People folder', '../outside')).toContain("'..' would leave the vault");
    expect(plugin.settings.folders.people).toBe('Team/People');
    // Even if a value got past validation, the stored folder stays a clean vault path.
    await tab.setControlValue('folders.people', '../outside');
    expect(plugin.settings.folders.people).toBe('Team/People');
  });

  test('numbers and URLs are checked before they are saved', async () => {
    const { plugin, tab, groups } = await openTab();
    expect(await change(tab, groups, 'Context budget', 12.5)).toBe('Enter a whole number from 100 to 200000.');
    expect(await change(tab, groups, 'Context budget', 99)).toBe('Enter a whole number from 100 to 200000.');
    expect(plugin.settings.contextBudget).toBe(DEFAULT_SETTINGS.contextBudget);
    expect(await change(tab, groups, 'Context budget', 3500)).toBeUndefined();
    expect(plugin.settings.contextBudget).toBe(3500);
    expect(await change(tab, groups, 'Base URL', 'file:///etc/passwd')).toBe('Enter an http:// or https:// address.');
    expect(plugin.settings.openaiBaseUrl).toBe(DEFAULT_SETTINGS.openaiBaseUrl);
    expect(await change(tab, groups, 'Base URL', ' http://127.0.0.1:11434/v1 ')).toBeUndefined();
    expect(plugin.settings.openaiBaseUrl).toBe('http://127.0.0.1:11434/v1');
    expect(await change(tab, groups, 'Model', '  ')).toBe('Enter a model name.');
    expect(await change(tab, groups, 'Stale after (days)', 0)).toBe('Enter a whole number from 1 to 3650.');
    expect(await change(tab, groups, 'Stale after (days)', 30)).toBeUndefined();
    expect(plugin.settings.staleAfterDays).toBe(30);
  });

  test('choices and switches are saved as soon as they change', async () => {
    const { plugin, mock, tab, groups } = await openTab();
    const distiller = groups.flatMap((g) => g.items).find((r) => r.name === 'Distiller')!.control!;
    expect(Object.keys(distiller.options!)).toEqual(['offline', 'openai', 'codex']);
    await change(tab, groups, 'Distiller', 'codex');
    await change(tab, groups, 'When a session finishes', 'inbox');
    await change(tab, groups, 'Memory for each prompt', false);
    await change(tab, groups, 'Embeddings', true);
    expect(mock.data__).toMatchObject({ distiller: 'codex', autoCheckpoint: 'inbox', embeddings: true, promptRecall: false });
    expect(tab.getControlValue('embeddings')).toBe(true);
    expect(plugin.settings.watcherEnabled).toBe(false);
  });
});

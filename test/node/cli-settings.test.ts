import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { loadCliSettingsWithSource, pluginDataPath } from '../../src/node/cli-settings';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-cli-settings-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeData(text: string, configDir = '.obsidian'): Promise<string> {
  const file = pluginDataPath(dir, configDir);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  return file;
}

test('without the plugin installed, the defaults', async () => {
  expect(await loadCliSettingsWithSource(dir)).toEqual({ settings: DEFAULT_SETTINGS, source: null });
});

test("the plugin's data.json decides the folders", async () => {
  const file = await writeData(JSON.stringify({ folders: { projects: 'Work' }, distiller: 'codex' }));
  const loaded = await loadCliSettingsWithSource(dir);
  expect(loaded.source).toBe(file);
  expect(loaded.settings.folders.projects).toBe('Work');
  expect(loaded.settings.distiller).toBe('codex');
});

test('a renamed config folder is honoured when given', async () => {
  await writeData(JSON.stringify({ folders: { people: 'Crew' } }), '.config');
  expect((await loadCliSettingsWithSource(dir, '.config')).settings.folders.people).toBe('Crew');
});

test('a broken data.json falls back to the defaults and says why', async () => {
  await writeData('{"folders": ');
  const loaded = await loadCliSettingsWithSource(dir);
  expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
  expect(loaded.problem).toMatch(/data\.json is not valid JSON/);
});

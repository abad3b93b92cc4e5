import fc from 'fast-check';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../src/core/settings';
import { migrateSettings, settingsForSaving } from '../../src/core/settings-migrate';

test.each([undefined, null, 42, 'text', [], [1, 2]])('nothing usable (%j) gives the defaults', (raw) => {
  expect(migrateSettings(raw)).toEqual(DEFAULT_SETTINGS);
});

test('valid stored settings come back as they were', () => {
  const stored = {
    ...DEFAULT_SETTINGS,
    folders: { ...DEFAULT_SETTINGS.folders, people: 'Team', notes: 'Topics/Lasting' },
    codexHome: '/home/me/.codex',
    distiller: 'openai',
    openaiBaseUrl: 'http://127.0.0.1:8080/v1',
    openaiModel: 'my-model',
    contextBudget: 4000,
    autoCheckpoint: 'inbox',
    embeddings: true,
  };
  expect(migrateSettings(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
});

test('one bad value falls back to its default and leaves the others alone', () => {
  const out = migrateSettings({ distiller: 'gpt-9', contextBudget: -5, openaiBaseUrl: 'ftp://x', openaiModel: 'kept', watcherEnabled: 'yes' });
  expect(out.distiller).toBe('offline');
  expect(out.contextBudget).toBe(DEFAULT_SETTINGS.contextBudget);
  expect(out.openaiBaseUrl).toBe(DEFAULT_SETTINGS.openaiBaseUrl);
  expect(out.watcherEnabled).toBe(false);
  expect(out.openaiModel).toBe('kept');
});

test('older data without folders or version gets default folders and the current version', () => {
  const out = migrateSettings({ codexHome: '/x' });
  expect(out.version).toBe(SETTINGS_VERSION);
  expect(out.folders).toEqual(DEFAULT_SETTINGS.folders);
  expect(out.codexHome).toBe('/x');
});

test('a folder that would leave the vault, or a todo file that is not markdown, is replaced by the default', () => {
  const out = migrateSettings({ folders: { people: '../outside', notes: '/abs', projects: ' Work//Projects/ ', todoFile: 'TODO.txt' } });
  expect(out.folders.people).toBe('people');
  expect(out.folders.notes).toBe('notes');
  expect(out.folders.projects).toBe('Work/Projects');
  expect(out.folders.todoFile).toBe('TODO.md');
});

test('settings from a newer release keep their version and unknown keys', () => {
  const out = migrateSettings({ version: SETTINGS_VERSION + 3, futureFeature: { on: true }, distiller: 'codex' }) as unknown as Record<
    string,
    unknown
  >;
  expect(out.version).toBe(SETTINGS_VERSION + 3);
  expect(out.futureFeature).toEqual({ on: true });
  expect(out.distiller).toBe('codex');
});

test('an API key that found its way into data.json is dropped, on reading and on saving', () => {
  const out = migrateSettings({ apiKey: 'sk-live-123', openaiApiKey: 'sk-live-456', OPENAI_API_KEY: 'sk-789' });
  expect(JSON.stringify(out)).not.toContain('sk-');
  const saved = settingsForSaving({ ...out, apiKey: 'sk-oops' } as typeof out);
  expect(JSON.stringify(saved)).not.toContain('sk-oops');
  expect(saved.apiKeySecretName).toBe(DEFAULT_SETTINGS.apiKeySecretName);
});

test('a secret name that SecretStorage would reject falls back to the default', () => {
  expect(migrateSettings({ apiKeySecretName: 'My Key!' }).apiKeySecretName).toBe(DEFAULT_SETTINGS.apiKeySecretName);
  expect(migrateSettings({ apiKeySecretName: 'work-openai' }).apiKeySecretName).toBe('work-openai');
});

test('migration never throws and is stable: migrating its own output changes nothing', () => {
  fc.assert(
    fc.property(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom('folders', 'distiller', 'version', 'contextBudget', 'codexHome', 'autoCheckpoint'), fc.jsonValue()),
      (any, partial) => {
        for (const raw of [any, partial]) {
          const once = JSON.stringify(migrateSettings(raw));
          expect(JSON.stringify(migrateSettings(JSON.parse(once)))).toBe(once);
        }
      },
    ),
    { numRuns: 500 },
  );
});

// initVault against a real temp folder (Node adapters) and the Obsidian adapters: same layout, never
// overwrites, second run changes nothing.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../../src/core/notes';
import type { CodexMemorySettings } from '../../../src/core/settings';
import { migrateSettings } from '../../../src/core/settings-migrate';
import { initVault } from '../../../src/core/vault/init-vault';
import { openNodeVault } from '../../../src/node/open-vault';

const NOW = new Date('2025-03-04T05:06:07.000Z');
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-init-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Every file under the vault with a hash of its bytes and its mtime. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(abs: string, rel: string): Promise<void> {
    for (const e of await fs.readdir(abs, { withFileTypes: true })) {
      const a = path.join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[`${r}/`] = 'dir';
        await walk(a, r);
      } else {
        const st = await fs.stat(a);
        out[r] = `${createHash('sha256')
          .update(await fs.readFile(a))
          .digest('hex')} ${st.mtimeMs}`;
      }
    }
  }
  await walk(root, '');
  return out;
}

test('a new vault gets the DESIGN layout, starter notes and the state folder', async () => {
  const v = await openNodeVault(dir);
  const report = await initVault(v.store, v.state, v.settings, NOW);
  expect(report).toEqual({
    created: [
      'people/',
      'projects/',
      'agent/',
      'agent/sessions/',
      'agent/inbox/',
      'notes/',
      'TODO.md',
      'agent/preferences.md',
      'Codex Memory.md',
      'Memory.base',
      '.codex-memory/',
    ],
    kept: [],
    problems: [],
  });
  for (const folder of ['people', 'projects', 'agent/sessions', 'agent/inbox', 'notes', '.codex-memory']) {
    expect((await fs.stat(path.join(dir, folder))).isDirectory()).toBe(true);
  }
  const todo = parseNote('TODO.md', await fs.readFile(path.join(dir, 'TODO.md'), 'utf8'));
  expect(todo.frontmatter?.data).toEqual({ type: 'todo', created: NOW.toISOString(), updated: NOW.toISOString() });
  expect(todo.body).toMatch(/^# TODO\n\nOpen tasks/);
  const prefs = parseNote('agent/preferences.md', await fs.readFile(path.join(dir, 'agent/preferences.md'), 'utf8'));
  expect(prefs.frontmatter?.data).toMatchObject({ type: 'preferences', memory: 'pin', scope: 'global' });
  const guide = parseNote('Codex Memory.md', await fs.readFile(path.join(dir, 'Codex Memory.md'), 'utf8'));
  expect(guide.frontmatter?.data.memory).toBe('never');
  expect(guide.body).toContain('`agent/inbox/` — proposed changes waiting for your review.');
  expect(await fs.readFile(path.join(dir, '.codex-memory/README.md'), 'utf8')).toMatch(/^# Codex Memory state/);
  // The state folder holds no lock once init is done.
  expect(await fs.readdir(path.join(dir, '.codex-memory'))).toEqual(['README.md']);
});

test('running it again changes nothing, byte for byte and mtime for mtime', async () => {
  const v = await openNodeVault(dir);
  await initVault(v.store, v.state, v.settings, NOW);
  const before = await snapshot(dir);
  const again = await initVault(v.store, v.state, v.settings, new Date());
  expect(again.created).toEqual([]);
  expect(again.kept).toHaveLength(11);
  expect(await snapshot(dir)).toEqual(before);
});

test("a person's existing notes are never overwritten", async () => {
  await fs.mkdir(path.join(dir, 'agent'), { recursive: true });
  await fs.writeFile(path.join(dir, 'TODO.md'), '- [ ] my own list\r\n');
  await fs.writeFile(path.join(dir, 'agent/preferences.md'), 'terse answers please');
  const v = await openNodeVault(dir);
  const report = await initVault(v.store, v.state, v.settings, NOW);
  expect(report.kept).toEqual(['agent/', 'TODO.md', 'agent/preferences.md']);
  expect(await fs.readFile(path.join(dir, 'TODO.md'), 'utf8')).toBe('- [ ] my own list\r\n');
  expect(await fs.readFile(path.join(dir, 'agent/preferences.md'), 'utf8')).toBe('terse answers please');
});

test('folder names come from the settings', async () => {
  const settings: CodexMemorySettings = migrateSettings({
    folders: {
      people: 'Memory/People',
      projects: 'Memory/Projects',
      agent: 'Memory/Agent',
      sessions: 'Memory/Agent/Sessions',
      inbox: 'Memory/Agent/Inbox',
      notes: 'Memory/Topics',
      todoFile: 'Memory/Tasks.md',
      preferencesFile: 'Memory/Agent/How I work.md',
    },
  });
  const v = await openNodeVault(dir, settings);
  const report = await initVault(v.store, v.state, v.settings, NOW);
  expect(report.created).toEqual([
    'Memory/People/',
    'Memory/Projects/',
    'Memory/Agent/',
    'Memory/Agent/Sessions/',
    'Memory/Agent/Inbox/',
    'Memory/Topics/',
    'Memory/Tasks.md',
    'Memory/Agent/How I work.md',
    'Codex Memory.md',
    'Memory.base',
    '.codex-memory/',
  ]);
  expect(await fs.readdir(dir)).toEqual(expect.arrayContaining(['Memory', 'Codex Memory.md', '.codex-memory']));
  expect(await fs.readFile(path.join(dir, 'Codex Memory.md'), 'utf8')).toContain('`Memory/Tasks.md` — open tasks');
  await expect(fs.access(path.join(dir, 'people'))).rejects.toThrow();
});

test('a file where a folder belongs is reported, and everything else is still set up', async () => {
  await fs.writeFile(path.join(dir, 'notes'), 'a file called notes');
  const v = await openNodeVault(dir);
  const report = await initVault(v.store, v.state, v.settings, NOW);
  expect(report.problems).toEqual([{ path: 'notes/', reason: expect.stringMatching(/EEXIST|ENOTDIR|exists/) }]);
  expect(report.created).toContain('TODO.md');
  expect(await fs.readFile(path.join(dir, 'notes'), 'utf8')).toBe('a file called notes');
});

test('Memory.base lists the memory notes by type, project, status and updated; an edited one is never overwritten', async () => {
  const v = await openNodeVault(dir);
  await initVault(v.store, v.state, v.settings, NOW);
  const base = await fs.readFile(path.join(dir, 'Memory.base'), 'utf8');
  const { parse } = await import('yaml');
  const parsed = parse(base) as { filters: unknown; views: { name: string; order: string[]; filters?: unknown }[] };
  expect(parsed.views.map((view) => view.name)).toEqual(['By type', 'Projects', 'Sessions by project', 'Recently updated']);
  expect(parsed.views[0].order).toEqual(['file.name', 'note.project', 'note.status', 'note.updated']);
  // Proposals waiting in the inbox are not memory yet.
  expect(JSON.stringify(parsed.filters)).toContain('file.inFolder(\\"agent/inbox\\")');
  const mine = 'views:\n  - type: table\n    name: My own view\n';
  await fs.writeFile(path.join(dir, 'Memory.base'), mine);
  const again = await initVault(v.store, v.state, v.settings, NOW);
  expect(again.kept).toContain('Memory.base');
  expect(await fs.readFile(path.join(dir, 'Memory.base'), 'utf8')).toBe(mine);
});

test('Memory.base uses the session and inbox folders from the settings', async () => {
  const settings: CodexMemorySettings = migrateSettings({ folders: { sessions: 'Log/Sessions', inbox: 'Log/Inbox' } });
  const v = await openNodeVault(dir);
  await initVault(v.store, v.state, settings, NOW);
  const base = await fs.readFile(path.join(dir, 'Memory.base'), 'utf8');
  expect(base).toContain('file.inFolder("Log/Sessions")');
  expect(base).toContain('file.inFolder("Log/Inbox")');
});

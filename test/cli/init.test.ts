// `codex-memory init` end to end, in-process, on real temp folders.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-cli-init-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('init lists what it created; a second run says there is nothing to do', async () => {
  const vault = path.join(dir, 'My vault');
  const first = await runCliCaptured(['init', '--vault', vault]);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const real = await fs.realpath(vault);
  expect(first.stdout).toBe(
    `Memory vault at ${real}\n` +
      [
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
      ]
        .map((p) => `  created  ${p}\n`)
        .join('') +
      // The starter notes are indexed at once: TODO.md, agent/preferences.md and Codex Memory.md.
      'Recall index ready: 3 notes (in .codex-memory/recall/), so the first session needs no wait.\n',
  );
  const second = await runCliCaptured(['init', '--vault', vault]);
  expect(second.code).toBe(0);
  expect(second.stdout).toBe(`Nothing to do: ${real} is already a memory vault (11 entries kept as they are).\n`);
});

test('a relative --vault is taken from the working directory', async () => {
  const res = await runCliCaptured(['init', '--vault', 'v'], { cwd: dir });
  expect(res.code).toBe(0);
  expect(await fs.readFile(path.join(dir, 'v/TODO.md'), 'utf8')).toContain('# TODO');
});

test('--json reports created, kept and problems', async () => {
  await fs.mkdir(path.join(dir, 'people'));
  const res = await runCliCaptured(['init', '--vault', dir, '--json']);
  expect(res.code).toBe(0);
  const out = JSON.parse(res.stdout);
  expect(out.vault).toBe(await fs.realpath(dir));
  expect(out.kept).toEqual(['people/']);
  expect(out.created).toContain('TODO.md');
  expect(out.problems).toEqual([]);
});

test('the folders the plugin was told to use (its data.json) are the ones init creates', async () => {
  const data = path.join(dir, '.obsidian/plugins/codex-memory/data.json');
  await fs.mkdir(path.dirname(data), { recursive: true });
  await fs.writeFile(data, JSON.stringify({ version: 1, folders: { people: 'Team', todoFile: 'Tasks.md' } }));
  const res = await runCliCaptured(['init', '--vault', dir]);
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('  created  Team/\n');
  expect(res.stdout).toContain('  created  Tasks.md\n');
  await expect(fs.access(path.join(dir, 'people'))).rejects.toThrow();
});

test('a broken plugin data.json is named in a warning and the default folders are used', async () => {
  const data = path.join(dir, '.obsidian/plugins/codex-memory/data.json');
  await fs.mkdir(path.dirname(data), { recursive: true });
  await fs.writeFile(data, '{ not json');
  const res = await runCliCaptured(['init', '--vault', dir]);
  expect(res.code).toBe(0);
  expect(res.stderr).toMatch(/^warning: .*data\.json is not valid JSON .*; using the default folders\n$/);
  expect(res.stdout).toContain('  created  people/\n');
});

test('a problem is reported on stderr with exit 1, and the rest is still set up', async () => {
  await fs.writeFile(path.join(dir, 'projects'), 'not a folder');
  const res = await runCliCaptured(['init', '--vault', dir]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/^ {2}problem {2}projects\/: /);
  expect(res.stdout).toContain('  created  TODO.md\n');
});

test('without --vault it is a usage error', async () => {
  const res = await runCliCaptured(['init']);
  expect(res.code).toBe(2);
  expect(res.stderr).toContain('--vault is required');
});

test('--help describes the command', async () => {
  const res = await runCliCaptured(['init', '--help']);
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('codex-memory init --vault DIR [--json]');
});

// scripts/install-plugin.mjs as a person runs it: a real node process, real temp folders.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.resolve(__dirname, '../../scripts/install-plugin.mjs');
let dir: string;
let source: string;
let vault: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-install-'));
  source = path.join(dir, 'build');
  vault = path.join(dir, 'vault');
  await fs.mkdir(source);
  await fs.mkdir(vault);
  for (const f of ['main.js', 'lazy.js', 'recall-worker.js', 'manifest.json', 'styles.css'])
    await fs.writeFile(path.join(source, f), `${f} contents`);
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function install(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
}

test('copies the five plugin files (main.js, lazy.js, recall-worker.js, manifest, styles) into the vault and leaves the rest of the vault alone', async () => {
  await fs.mkdir(path.join(vault, '.obsidian/plugins/codex-memory'), { recursive: true });
  await fs.writeFile(path.join(vault, '.obsidian/plugins/codex-memory/data.json'), '{"keep":true}');
  const res = install('--vault', vault, '--source', source);
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  const target = path.join(vault, '.obsidian/plugins/codex-memory');
  expect(res.stdout).toContain(`Installed Codex Memory into ${target}`);
  expect((await fs.readdir(target)).sort()).toEqual(['data.json', 'lazy.js', 'main.js', 'manifest.json', 'recall-worker.js', 'styles.css']);
  expect(await fs.readFile(path.join(target, 'main.js'), 'utf8')).toBe('main.js contents');
  expect(await fs.readFile(path.join(target, 'lazy.js'), 'utf8')).toBe('lazy.js contents');
  expect(await fs.readFile(path.join(target, 'recall-worker.js'), 'utf8')).toBe('recall-worker.js contents');
  expect(await fs.readFile(path.join(target, 'data.json'), 'utf8')).toBe('{"keep":true}');
});

test('honours a renamed config folder', async () => {
  const res = install('--vault', vault, '--source', source, '--config-dir', '.config');
  expect(res.status).toBe(0);
  expect(await fs.readFile(path.join(vault, '.config/plugins/codex-memory/styles.css'), 'utf8')).toBe('styles.css contents');
});

test('refuses a vault folder that does not exist, and an unbuilt plugin', async () => {
  const noVault = install('--vault', path.join(dir, 'nope'), '--source', source);
  expect(noVault.status).toBe(1);
  expect(noVault.stderr).toContain('no vault folder at');
  await fs.rm(path.join(source, 'main.js'));
  const unbuilt = install('--vault', vault, '--source', source);
  expect(unbuilt.status).toBe(1);
  expect(unbuilt.stderr).toContain('main.js not found');
  expect(unbuilt.stderr).toContain('npm run build');
  await expect(fs.access(path.join(vault, '.obsidian'))).rejects.toThrow();
});

test('without --vault it says what is needed', () => {
  const res = install('--source', source);
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('--vault DIR is required');
});

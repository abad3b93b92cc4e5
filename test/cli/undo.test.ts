import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { exampleRollouts } from '../core/memory/fixtures';

let tmp: string;
let vault: string;

async function notes(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(vault, { withFileTypes: true, recursive: true })) {
    const abs = path.join(e.parentPath, e.name);
    if (e.isFile() && e.name.endsWith('.md') && !abs.includes(`${path.sep}.`)) out[path.relative(vault, abs)] = await fs.readFile(abs, 'utf8');
  }
  return out;
}

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-cli-undo-'));
  vault = path.join(tmp, 'vault');
  await runCliCaptured(['init', '--vault', vault]);
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

test('undo reverts the last checkpoint exactly, naming what it restored and removed', async () => {
  const [first] = await exampleRollouts();
  const before = await notes();
  expect((await runCliCaptured(['checkpoint', first, '--vault', vault, '--yes'])).code).toBe(0);
  const r = await runCliCaptured(['undo', '--vault', vault]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Undid checkpoint \S+ \(session 0195a1c2-7d3e-7a10-9c11-5e1f2a3b4c01\)\.$/m);
  expect(r.stdout).toContain('  restored  TODO.md');
  expect(r.stdout).toContain('  removed   people/Kofi.md (moved to .trash/)');
  expect(await notes()).toEqual(before);
});

test('undo refuses with a clear message when a note was edited since, and changes nothing', async () => {
  const [first] = await exampleRollouts();
  await runCliCaptured(['checkpoint', first, '--vault', vault, '--yes']);
  const todo = path.join(vault, 'TODO.md');
  await fs.appendFile(todo, '- [ ] my own task\n');
  const edited = await notes();
  const r = await runCliCaptured(['undo', '--vault', vault, '--json']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('codex-memory undo: Nothing was undone: this note was changed after checkpoint');
  expect(r.stderr).toContain('  TODO.md\n');
  expect(await notes()).toEqual(edited);
});

test('undo with nothing to undo, and on a folder that is no vault', async () => {
  let r = await runCliCaptured(['undo', '--vault', vault]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('codex-memory undo: There is no applied checkpoint to undo.\n');
  r = await runCliCaptured(['undo', '--vault', path.join(tmp, 'nope')]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('No vault folder');
  r = await runCliCaptured(['undo']);
  expect(r.code).toBe(2);
});

test('--json reports what was restored and removed', async () => {
  const [first] = await exampleRollouts();
  await runCliCaptured(['checkpoint', first, '--vault', vault, '--yes']);
  const r = await runCliCaptured(['undo', '--vault', vault, '--json']);
  expect(JSON.parse(r.stdout)).toMatchObject({
    thread: '0195a1c2-7d3e-7a10-9c11-5e1f2a3b4c01',
    restored: expect.arrayContaining(['TODO.md']),
    removed: expect.arrayContaining(['projects/tidepool.md']),
    conflicts: [],
  });
});

// Done detection end to end through the CLI, on rollouts written in Codex 0.171.0's format: a mobile app's
// TODO left in one session is ticked (Tasks format, linked to the session that did it) when a later session
// finishes it, the next SessionStart pack stops carrying it, `undo` puts it back, and a TODO the person
// re-opened is left alone.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { sessionStartBody } from '../support/delivery-vault';
import { writeRollout } from '../core/memory/fixtures';

const TASK = 'cache the tile index so a cold start skips the directory scan';
const FIRST = '01a9c0de-1111-7aaa-8bbb-000000000001';
const SECOND = '01a9c0de-2222-7aaa-8bbb-000000000002';

let dir: string;
let vault: string;
let repo: string;
let home: string;
const env = () => ({ CODEX_HOME: home });

beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cm-done-')));
  vault = path.join(dir, 'vault');
  home = path.join(dir, 'codex');
  repo = path.join(dir, 'src', 'trailmap');
  await fs.mkdir(path.join(repo, '.git'), { recursive: true });
  await fs.writeFile(path.join(repo, '.git', 'config'), '[remote "origin"]\n\turl = git@github.com:noor/trailmap.git\n');
  expect((await runCliCaptured(['init', '--vault', vault])).code).toBe(0);
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const patch = (file: string) => `*** Begin Patch\n*** Update File: ${file}\n@@\n-// scan\n+// cached\n*** End Patch\n`;

async function sessions(): Promise<{ first: string; second: string }> {
  const first = await writeRollout(home, {
    id: FIRST,
    start: '2026-10-05T09:00:00.000Z',
    cwd: repo,
    remote: 'git@github.com:noor/trailmap.git',
    cliVersion: '0.171.0',
    turns: [
      {
        user: 'Offline maps open slowly on older Android phones. Load tiles lazily per zoom level.',
        answer: `Tiles now load lazily per zoom level in \`lib/tiles/loader.dart\`. Left a TODO in \`lib/tiles/index_cache.dart\` to ${TASK}.`,
        patch: patch('lib/tiles/loader.dart'),
      },
    ],
  });
  const second = await writeRollout(home, {
    id: SECOND,
    start: '2026-10-12T14:00:00.000Z',
    cwd: repo,
    remote: 'git@github.com:noor/trailmap.git',
    cliVersion: '0.171.0',
    turns: [
      {
        user: 'Let us do the tile index cache now.',
        answer:
          'The tile index is cached in `lib/tiles/index_cache.dart`; a cold start reads it instead of scanning the directory. ' +
          'Removed the TODO; `test/tiles/index_cache_test.dart` covers it. Tests pass.',
        patch: patch('lib/tiles/index_cache.dart'),
      },
    ],
  });
  return { first, second };
}

const checkpoint = async (file: string) => {
  const res = await runCliCaptured(['checkpoint', file, '--vault', vault, '--yes', '--json'], { env: env() });
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as { note: string; changes: { op: string; path: string; text?: string }[] };
};
const todoFile = () => fs.readFile(path.join(vault, 'TODO.md'), 'utf8');
const todoLine = async () => (await todoFile()).split('\n').find((l) => l.includes('tile index'));
const sessionStart = async () => {
  const res = await runCliCaptured(['hook', 'session-start', '--vault', vault], { stdin: sessionStartBody(repo), env: env(), cwd: '/' });
  expect(res.code).toBe(0);
  return res.stdout;
};

test('a TODO finished in a later session is ticked and linked, and the next pack no longer carries it; undo reopens it', async () => {
  const { first, second } = await sessions();
  await checkpoint(first);
  expect(await todoLine()).toMatch(/^- \[ \] .*tile index/);
  expect(await sessionStart()).toContain('cold start skips the directory scan');
  const beforeTick = await todoFile();

  const done = await checkpoint(second);
  const tick = done.changes.find((c) => c.path === 'TODO.md' && c.op === 'update');
  expect(tick?.text).toContain('✅ 2026-10-12');
  const line = await todoLine();
  const sessionLink = `[[${done.note.replace(/\.md$/, '')}]]`;
  expect(line).toMatch(/^- \[x\] /);
  expect(line).toContain(`done in ${sessionLink} ✅ 2026-10-12 ^`);
  expect(await sessionStart()).not.toContain('cold start skips the directory scan');

  const undo = await runCliCaptured(['undo', '--vault', vault], { env: env() });
  expect(undo.code).toBe(0);
  expect(await todoFile()).toBe(beforeTick);
  // Undone is the person's word: the same session's evidence does not tick it again.
  await checkpoint(second);
  expect(await todoLine()).toMatch(/^- \[ \] /);
});

test('a TODO the person re-opened by hand is not ticked again by the same session', async () => {
  const { first, second } = await sessions();
  await checkpoint(first);
  await checkpoint(second);
  const ticked = await todoFile();
  expect(await todoLine()).toMatch(/^- \[x\] /);
  await fs.writeFile(path.join(vault, 'TODO.md'), ticked.replace('- [x] ', '- [ ] '));
  const again = await checkpoint(second);
  expect(again.changes.filter((c) => c.path === 'TODO.md' && c.op !== 'noop')).toEqual([]);
  expect(await todoLine()).toMatch(/^- \[ \] /);
});

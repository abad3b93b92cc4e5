// Staleness at injection, through the CLI as Codex's SessionStart hook runs it: a decision naming a file of a
// mobile app's repository is marked "may be stale" (and ranks lower, `stale` in --json) once that file is
// deleted; an item from a note older than staleAfterDays shows its date.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { sessionStartBody } from '../support/delivery-vault';

let dir: string;
let vault: string;
let repo: string;

beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cm-stale-')));
  vault = path.join(dir, 'vault');
  repo = path.join(dir, 'src', 'ferry-times');
  await fs.mkdir(path.join(repo, 'lib', 'sync'), { recursive: true });
  await fs.writeFile(path.join(repo, 'lib', 'sync', 'queue.dart'), '// queue\n');
  await fs.writeFile(path.join(repo, 'lib', 'sync', 'retry.dart'), '// retry\n');
  expect((await runCliCaptured(['init', '--vault', vault])).code).toBe(0);
  const today = new Date().toISOString();
  await fs.writeFile(
    path.join(vault, 'projects', 'ferry-times.md'),
    `---\ntype: project\nrepo:\n  - ${repo}\nupdated: ${today}\n---\n# ferry-times\n\n## Decisions\n` +
      '- Offline edits go through the queue in `lib/sync/queue.dart`, flushed on reconnect ^cm-d1\n' +
      '- Retries back off in `lib/sync/retry.dart` up to five minutes ^cm-d2\n',
  );
  await fs.writeFile(
    path.join(vault, 'notes', 'timetable-format.md'),
    `---\ntype: topic\nupdated: 2025-01-10T09:00:00.000Z\nsources: ["[[projects/ferry-times]]"]\n---\n# Timetable format\n\n- The ferry-times timetable feed is GTFS, refreshed nightly ^cm-t1\n`,
  );
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const sessionStart = async () => {
  const res = await runCliCaptured(['hook', 'session-start', '--vault', vault], { stdin: sessionStartBody(repo), cwd: '/' });
  expect(res.code).toBe(0);
  return res.stdout;
};
const line = (text: string, word: string) => text.split(/\\n|\n/).find((l) => l.includes(word)) ?? '';

test('a decision whose file was deleted is marked stale in the next pack and in --json', async () => {
  const first = await sessionStart();
  expect(line(first, 'queue.dart')).toContain('flushed on reconnect');
  expect(first).not.toContain('may be stale');

  await fs.rm(path.join(repo, 'lib', 'sync', 'queue.dart'));
  const next = await sessionStart();
  expect(line(next, 'queue.dart')).toContain('(may be stale: lib/sync/queue.dart is gone)');
  expect(line(next, 'retry.dart')).not.toContain('may be stale');

  const res = await runCliCaptured(['context', '--vault', vault, '--cwd', repo, '--json']);
  expect(res.code).toBe(0);
  const pack = JSON.parse(res.stdout) as { items: { block?: string; score: number; stale?: boolean }[] };
  const queue = pack.items.find((i) => i.block === 'cm-d1')!;
  const retry = pack.items.find((i) => i.block === 'cm-d2')!;
  expect(queue.stale).toBe(true);
  expect(retry.stale).toBeUndefined();
  expect(queue.score).toBeLessThan(retry.score);
});

test('an item from a note older than staleAfterDays shows its date', async () => {
  const res = await runCliCaptured(['context', 'timetable feed GTFS', '--vault', vault, '--cwd', repo, '--json']);
  expect(res.code).toBe(0);
  const pack = JSON.parse(res.stdout) as { text: string };
  expect(line(pack.text, 'GTFS')).toContain('(from 2025-01-10)');
  expect(line(pack.text, 'queue.dart')).not.toContain('(from ');
});

// Usage feedback through the CLI: a data pipeline's project note is given at SessionStart, the session's final
// answer (a rollout in Codex 0.171.0's format) cites it with `Memory used: [[…]]`, the checkpoint counts the
// citation once, and `stats` shows given and cited; a note given to many sessions and never cited is flagged.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { sessionStartBody } from '../support/delivery-vault';
import { writeRollout } from '../core/memory/fixtures';

let dir: string;
let vault: string;
let repo: string;
let home: string;

beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cm-stats-')));
  vault = path.join(dir, 'vault');
  home = path.join(dir, 'codex');
  repo = path.join(dir, 'src', 'orders-etl');
  await fs.mkdir(repo, { recursive: true });
  expect((await runCliCaptured(['init', '--vault', vault])).code).toBe(0);
  await fs.writeFile(
    path.join(vault, 'projects', 'orders-etl.md'),
    `---\ntype: project\nrepo:\n  - ${repo}\n---\n# orders-etl\n\n## Decisions\n- Partitions are keyed by order date in UTC, never local time ^cm-d1\n`,
  );
  await fs.writeFile(
    path.join(vault, 'notes', 'warehouse.md'),
    `---\ntype: topic\nmemory: pin\n---\n# Warehouse\n\n- The warehouse is Postgres 16 ^cm-w1\n`,
  );
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const stats = async () => {
  const res = await runCliCaptured(['stats', '--vault', vault, '--json']);
  expect(res.code).toBe(0);
  return (JSON.parse(res.stdout) as { notes: { path: string; given: number; cited: number; review: boolean; last_cited?: string }[] }).notes;
};
const start = async (session: string) => {
  const res = await runCliCaptured(['hook', 'session-start', '--vault', vault], { stdin: sessionStartBody(repo, { session_id: session }), cwd: '/' });
  expect(res.code).toBe(0);
  return res.stdout;
};

const checkpoint = async (id: string, answer: string, start = '2026-11-02T08:00:00.000Z') => {
  const file = await writeRollout(home, {
    id,
    start,
    cwd: repo,
    cliVersion: '0.171.0',
    turns: [{ user: 'Backfill yesterday from the raw bucket.', answer }],
  });
  const res = await runCliCaptured(['checkpoint', file, '--vault', vault, '--yes'], { env: { CODEX_HOME: home } });
  expect(res.code).toBe(0);
  return file;
};

test('a final answer citing a note is counted once, beside how often the note was given', async () => {
  const id = '01b0e7a1-3333-7ccc-8ddd-000000000003';
  const pack = await start(id);
  expect(pack).toContain('Memory used: [[note]]');
  expect(pack).toContain('keyed by order date in UTC');
  const answer = 'Backfilled 2026-11-01 into the UTC partition for that order date.\n\nMemory used: [[projects/orders-etl]], [[notes/no-such-note]]';
  const file = await checkpoint(id, answer);
  // A second checkpoint of the same session does not count it again.
  expect((await runCliCaptured(['checkpoint', file, '--vault', vault, '--yes'], { env: { CODEX_HOME: home } })).code).toBe(0);
  const notes = await stats();
  const project = notes.find((n) => n.path === 'projects/orders-etl.md')!;
  expect(project).toMatchObject({ given: 1, cited: 1, review: false });
  // When the session cited it, not when the checkpoint ran.
  expect(project.last_cited?.slice(0, 10)).toBe('2026-11-02');
  expect(notes.find((n) => n.path === 'notes/warehouse.md')).toMatchObject({ given: 1, cited: 0 });
  // A citation of a note that does not exist is not counted anywhere.
  expect(notes.map((n) => n.path)).not.toContain('notes/no-such-note.md');

  const text = await runCliCaptured(['stats', '--vault', vault]);
  expect(text.stdout).toContain('given 1\tcited 1\tprojects/orders-etl.md');
  // The note itself is untouched by the counting.
  expect(await fs.readFile(path.join(vault, 'projects', 'orders-etl.md'), 'utf8')).not.toMatch(/cited/i);
});

test("a citation by the note's name alone, as Obsidian resolves it, counts for that note", async () => {
  await checkpoint('01b0e7a1-3333-7ccc-8ddd-000000000004', 'Re-ran the partition job.\n\n**Memory used:** [[orders-etl|the ETL project]]');
  expect((await stats()).find((n) => n.path === 'projects/orders-etl.md')).toMatchObject({ cited: 1 });
});

test('a note given to many sessions over weeks and never cited is suggested for review in the inbox, never deleted', async () => {
  for (let i = 0; i < 5; i++) await start(`01b0e7a1-4444-7ccc-8ddd-00000000000${i}`);
  // Five sessions this morning: too soon to say it is not used.
  expect((await stats()).find((n) => n.path === 'notes/warehouse.md')).toMatchObject({ given: 5, cited: 0, review: false });

  // The same deliveries, as if they had happened 40 days ago.
  const ledger = path.join(vault, '.codex-memory', 'recall', 'given.jsonl');
  const aged = (await fs.readFile(ledger, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.stringify({ ...(JSON.parse(l) as object), t: Date.now() - 40 * 86_400_000 }));
  await fs.writeFile(ledger, aged.join('\n') + '\n');
  const notes = await stats();
  expect(notes.find((n) => n.path === 'notes/warehouse.md')).toMatchObject({ given: 5, cited: 0, review: true });
  const text = await runCliCaptured(['stats', '--vault', vault]);
  expect(text.stdout).toContain('notes/warehouse.md\t(review: given often, not cited)');

  // The next checkpoint leaves the suggestion in the inbox, once.
  const inbox = path.join(vault, 'agent', 'inbox');
  // A project note cited yesterday is in use, however often it was given.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  await checkpoint('01b0e7a1-4444-7ccc-8ddd-000000000009', 'Backfilled the partition.\n\nMemory used: [[projects/orders-etl]]', yesterday);
  await checkpoint('01b0e7a1-4444-7ccc-8ddd-00000000000a', 'Backfilled another partition.');
  const proposals = (await fs.readdir(inbox)).filter((f) => f.startsWith('Review unused notes'));
  expect(proposals).toHaveLength(1);
  const suggestion = await fs.readFile(path.join(inbox, proposals[0]), 'utf8');
  expect(suggestion).toContain('source: usage review');
  expect(suggestion).toContain('[[notes/warehouse]]: given to 5 sessions, never cited');
  expect(suggestion).not.toContain('orders-etl');
  expect(await fs.readFile(path.join(vault, 'notes', 'warehouse.md'), 'utf8')).toContain('The warehouse is Postgres 16');

  // Dismissed by the person: not suggested again for the same note.
  await fs.rm(path.join(inbox, proposals[0]));
  await checkpoint('01b0e7a1-4444-7ccc-8ddd-00000000000b', 'Backfilled a third partition.');
  expect((await fs.readdir(inbox)).filter((f) => f.startsWith('Review unused notes'))).toHaveLength(0);
});

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

test('a final answer citing a note is counted once, beside how often the note was given', async () => {
  const id = '01b0e7a1-3333-7ccc-8ddd-000000000003';
  const pack = await start(id);
  expect(pack).toContain('Memory used: [[note]]');
  expect(pack).toContain('keyed by order date in UTC');
  const file = await writeRollout(home, {
    id,
    start: '2026-11-02T08:00:00.000Z',
    cwd: repo,
    cliVersion: '0.171.0',
    turns: [
      {
        user: 'Backfill yesterday from the raw bucket.',
        answer: 'Backfilled 2026-11-01 into the UTC partition for that order date.\n\nMemory used: [[projects/orders-etl]]',
      },
    ],
  });
  for (let i = 0; i < 2; i++) {
    const res = await runCliCaptured(['checkpoint', file, '--vault', vault, '--yes'], { env: { CODEX_HOME: home } });
    expect(res.code).toBe(0);
  }
  const notes = await stats();
  const project = notes.find((n) => n.path === 'projects/orders-etl.md')!;
  expect(project).toMatchObject({ given: 1, cited: 1, review: false });
  expect(project.last_cited).toBeDefined();
  expect(notes.find((n) => n.path === 'notes/warehouse.md')).toMatchObject({ given: 1, cited: 0 });

  const text = await runCliCaptured(['stats', '--vault', vault]);
  expect(text.stdout).toContain('given 1\tcited 1\tprojects/orders-etl.md');
});

test('a note given to many sessions and never cited is suggested for review', async () => {
  for (let i = 0; i < 5; i++) await start(`01b0e7a1-4444-7ccc-8ddd-00000000000${i}`);
  const notes = await stats();
  expect(notes.find((n) => n.path === 'notes/warehouse.md')).toMatchObject({ given: 5, cited: 0, review: true });
  const text = await runCliCaptured(['stats', '--vault', vault]);
  expect(text.stdout).toContain('notes/warehouse.md\t(review: given often, not cited)');
});

// Which open TODOs a session finished, and how sure: a data pipeline's TODO list against its sessions' words.
import { readStructure, parseNote } from '../../../src/core/notes';
import { findDoneTodos, tickedText } from '../../../src/core/memory/done-todos';
import { namedFiles } from '../../../src/core/recall/stale';
import { autoCheckpoint } from '../../../src/core/checkpoint/workflow';
import { nodeHost } from '../../../src/node/host';
import { makeThread, tempVault, turn } from './fixtures';

const TODO = `# TODO

## ingest
- [ ] Make \`pipeline/ingest/s3_reader.py\` resume from the last manifest offset ([[agent/sessions/a]]) ^cm-t1
- [ ] Backfill the March partitions of the orders table ^cm-t2
- [x] Pin pyarrow to 17.0.0 ✅ 2026-09-01 ^cm-t3
- [ ] Resume the nightly export from its checkpoint

## dashboards
- [ ] Make the S3 reader resume from the last manifest offset on the dashboard side ^cm-t4
`;
const items = readStructure(parseNote('TODO.md', TODO)).items;

const session = (answer: string, files: string[] = [], prompt = 'Work on ingest.') =>
  makeThread({ turns: [turn(1, prompt, answer)], filesChanged: files });

test.each([
  [
    'says the TODO is done and changed the file it names: certain',
    session('`pipeline/ingest/s3_reader.py` now resumes from the last manifest offset. Removed the TODO; tests cover it.', [
      'pipeline/ingest/s3_reader.py',
    ]),
    [{ blockId: 'cm-t1', certain: true }],
  ],
  [
    'reports the work without saying the TODO is done: a guess',
    session('Backfilled the March partitions of the orders table; row counts match.', []),
    [{ blockId: 'cm-t2', certain: false }],
  ],
  ['talks about the task without doing it', session('I will backfill the March partitions of the orders table later.'), []],
  [
    'leaves the TODO (the session that writes it)',
    session('Left a TODO in `pipeline/ingest/s3_reader.py` to resume from the last manifest offset.'),
    [],
  ],
  ['unrelated work', session('Removed the TODO about logging; the linter passes.', ['pipeline/log.py']), []],
])('%s', (_why, thread, expected) => {
  expect(findDoneTodos(thread, items, () => false, 'ingest').map((m) => ({ blockId: m.blockId, certain: m.certain }))).toEqual(expected);
});

test('a TODO already ticked, without a block id, under another project or skipped is never matched', () => {
  const thread = session('Pinned pyarrow to 17.0.0. Resumed the nightly export from its checkpoint. Removed the TODO.', ['requirements.txt']);
  expect(findDoneTodos(thread, items, () => false, 'ingest')).toEqual([]);
  const reader = session('The S3 reader resumes from the last manifest offset. Removed the TODO.', ['pipeline/ingest/s3_reader.py']);
  expect(findDoneTodos(reader, items, () => false, 'ingest').map((m) => m.blockId)).toEqual(['cm-t1']);
  expect(findDoneTodos(reader, items, (id) => id === 'cm-t1', 'ingest')).toEqual([]);
});

test('"Removed the TODO" with two certain candidates makes both a guess', () => {
  const two = readStructure(
    parseNote(
      'TODO.md',
      '- [ ] Retry throttled reads in `pipeline/ingest/s3_reader.py` ^cm-a\n- [ ] Log throttled reads in `pipeline/ingest/s3_reader.py` ^cm-b\n',
    ),
  ).items;
  const thread = session('Throttled reads in `pipeline/ingest/s3_reader.py` are retried and logged. Removed the TODO.', [
    'pipeline/ingest/s3_reader.py',
  ]);
  expect(findDoneTodos(thread, two, () => false).map((m) => [m.blockId, m.certain])).toEqual([
    ['cm-a', false],
    ['cm-b', false],
  ]);
  const one = session('Throttled reads in `pipeline/ingest/s3_reader.py` are retried. Removed the TODO.', ['pipeline/ingest/s3_reader.py']);
  expect(findDoneTodos(one, two.slice(0, 1), () => false).map((m) => [m.blockId, m.certain])).toEqual([['cm-a', true]]);
});

test('the tick text keeps the task, links the session and ends with the Tasks done date', () => {
  expect(tickedText('Backfill March', '2026-10-12', '[[agent/sessions/b]]')).toBe('Backfill March — done in [[agent/sessions/b]] ✅ 2026-10-12');
  expect(namedFiles('Fix `src/x.ts` and docs/y.md, not e.g. 1.5, https://a.b/c.html or ~/.cache/x.json')).toEqual(['src/x.ts', 'docs/y.md']);
});

describe('automatic checkpoints on apply', () => {
  const ORDERS = `---
type: todo
---
# TODO

## Inbox
- [ ] Make \`pipeline/ingest/s3_reader.py\` resume from the last manifest offset ^cm-t1
- [ ] Backfill the March partitions of the orders table ^cm-t2
`;

  test('a certain tick is applied, a guess waits in the inbox', async () => {
    const vault = await tempVault();
    try {
      await vault.writeText('TODO.md', ORDERS);
      const host = nodeHost(vault, { now: () => new Date('2026-10-12T15:00:00.000Z') });
      const thread = makeThread({
        cwd: undefined,
        git: {},
        turns: [
          turn(
            1,
            'Finish the ingest work.',
            '`pipeline/ingest/s3_reader.py` now resumes from the last manifest offset. Removed the TODO. ' +
              'Backfilled the March partitions of the orders table as well.',
          ),
        ],
        filesChanged: ['pipeline/ingest/s3_reader.py'],
      });
      const out = await autoCheckpoint(host, thread, { thread: thread.id, transcript: thread.path }, 'apply');
      expect(out.result).toBe('inbox');
      const todo = await vault.readText('TODO.md');
      expect(todo).toMatch(/- \[x\] Make `pipeline\/ingest\/s3_reader.py` resume .* ✅ 2026-05-04 \^cm-t1/);
      expect(todo).toContain('- [ ] Backfill the March partitions of the orders table ^cm-t2');
      const proposal = await vault.readText(out.proposal!);
      expect(proposal).toContain('Backfill the March partitions of the orders table — done in');
    } finally {
      await vault.cleanup();
    }
  });
});

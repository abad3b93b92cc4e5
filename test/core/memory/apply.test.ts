import { applyPlan, autoAcceptable } from '../../../src/core/memory/apply';
import { textHash } from '../../../src/core/memory/ledger';
import { planCheckpoint } from '../../../src/core/memory/planner';
import { effectiveChanges, type Plan } from '../../../src/core/memory/plan';
import { parseNote, readStructure } from '../../../src/core/notes';
import { learning, makeLearnings, makeThread, snapshot, tempVault, THREAD_ID, type TempVault } from './fixtures';

let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
  // A vault the person already uses: a TODO list and a project note of their own.
  await v.writeText('TODO.md', '---\ntype: todo\n---\n# TODO\n\n- [ ] Water the plants\n');
  await v.writeText('projects/tidepool.md', '---\ntype: project\nrepo: /home/ana/src/tidepool\n---\n# tidepool\n');
});
afterEach(async () => {
  await v.cleanup();
});

async function plan(): Promise<Plan> {
  return planCheckpoint({
    thread: makeThread(),
    learnings: makeLearnings([
      learning('decision', 'Store the sync cursor in SQLite'),
      learning('decision', 'Page size is 500 rows'),
      learning('todo', 'Add a retry for 503 responses'),
    ]),
    vault: v.store,
    ledger: await v.ledger.read(),
    settings: v.settings,
    now: '2026-05-04T12:00:00.000Z',
  });
}

test('only the accepted changes are written', async () => {
  const p = await plan();
  const sqlite = p.changes.find((c) => c.path === 'projects/tidepool.md' && c.text?.includes('SQLite'))!;
  const result = await applyPlan(p, [sqlite.id], v.store, v.ledger);
  expect(result.applied.map((c) => c.id)).toEqual([sqlite.id]);
  expect(result.written).toEqual(['projects/tidepool.md']);
  const project = await v.readText('projects/tidepool.md');
  expect(project).toContain('Store the sync cursor in SQLite');
  expect(project).not.toContain('Page size');
  expect(await v.readText('TODO.md')).toBe('---\ntype: todo\n---\n# TODO\n\n- [ ] Water the plants\n');
  expect(await v.store.read(p.note)).toBeNull();
});

test('all accepted changes to one note land together, exactly as the plan showed them one by one', async () => {
  const p = await plan();
  await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
  const project = await v.readText('projects/tidepool.md');
  const items = readStructure(parseNote('p', project)).items.map((i) => i.text);
  expect(items).toEqual(['Store the sync cursor in SQLite', 'Page size is 500 rows']);
  for (const c of effectiveChanges(p).filter((x) => x.path === 'projects/tidepool.md')) {
    expect(project).toContain(c.after.split('\n').find((l) => l.includes(c.text!))!);
  }
});

test('a note changed since the plan was made is skipped and reported; the other notes are written', async () => {
  const p = await plan();
  const edited = '---\ntype: todo\n---\n# TODO\n\n- [x] Water the plants\n';
  await v.writeText('TODO.md', edited);
  const result = await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
  expect(await v.readText('TODO.md')).toBe(edited);
  expect(result.skipped).toContainEqual(expect.objectContaining({ path: 'TODO.md', reason: 'changed since the plan was made; not written' }));
  expect(result.written).toEqual(expect.arrayContaining([p.note, 'projects/tidepool.md']));
});

test('a note that appeared where the plan meant to create one is left alone', async () => {
  const p = await plan();
  await v.writeText(p.note, 'I wrote this meanwhile\n');
  const result = await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
  expect(await v.readText(p.note)).toBe('I wrote this meanwhile\n');
  expect(result.skipped).toContainEqual(expect.objectContaining({ path: p.note, reason: expect.stringContaining('a note appeared at this path') }));
});

test('the ledger records the session and every item written, with the hash of its text', async () => {
  const p = await plan();
  const result = await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
  const ledger = await v.ledger.read();
  expect(ledger.sessions[THREAD_ID]).toMatchObject({ note: p.note, checkpoint: result.checkpoint, turns: 1, started: '2026-05-04T10:00:00.000Z' });
  const notes = await snapshot(v);
  let count = 0;
  for (const [path, text] of Object.entries(notes)) {
    for (const item of readStructure(parseNote(path, text)).items.filter((i) => i.blockId?.startsWith('cm-'))) {
      expect(ledger.items[item.blockId!]).toMatchObject({ path, hash: textHash(item.text), text: item.text, thread: THREAD_ID });
      count++;
    }
  }
  expect(Object.keys(ledger.items)).toHaveLength(count);
  expect(ledger.checkpoints.map((c) => c.id)).toEqual([result.checkpoint]);
});

test('nothing accepted, nothing written: no checkpoint, no ledger', async () => {
  const p = await plan();
  const result = await applyPlan(p, [], v.store, v.ledger);
  expect(result.checkpoint).toBeNull();
  expect(await v.state.readState('ledger.json')).toBeNull();
});

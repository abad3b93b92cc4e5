import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { undoLastCheckpoint, UndoError } from '../../../src/core/memory/undo';
import { checkpointRollout, exampleRollouts, snapshot, tempVault, type TempVault } from './fixtures';

let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
  // The person's own notes before Codex Memory ever ran.
  await v.writeText('TODO.md', '---\ntype: todo\nmine: true\n---\n# TODO\n\n- [ ] Water the plants\n');
});
afterEach(async () => {
  await v.cleanup();
});

test('undo puts back exactly what the last checkpoint changed and removes the notes it created', async () => {
  const [first] = await exampleRollouts();
  const before = await snapshot(v);
  const { result } = await checkpointRollout(v, first);
  const created = Object.keys(await snapshot(v)).filter((p) => !(p in before));
  expect(created.length).toBeGreaterThanOrEqual(3);

  const undone = await undoLastCheckpoint(v.store, v.ledger);
  expect(undone.checkpoint).toBe(result!.checkpoint);
  expect(undone.removed.sort()).toEqual(created.sort());
  expect(undone.restored).toEqual(['TODO.md']);
  expect(await snapshot(v)).toEqual(before);
  const ledger = await v.ledger.read();
  expect(ledger).toMatchObject({ sessions: {}, items: {}, checkpoints: [] });
  // Removed notes go to the vault's trash, so a person can still get them back by hand.
  expect((await fs.readdir(path.join(v.root, '.trash'))).length).toBe(created.length);
});

test('undo steps back one checkpoint at a time, each exactly', async () => {
  const [first, second] = await exampleRollouts();
  const s0 = await snapshot(v);
  await checkpointRollout(v, first);
  const s1 = await snapshot(v);
  const l1 = await v.ledger.read();
  await checkpointRollout(v, second);
  await undoLastCheckpoint(v.store, v.ledger);
  expect(await snapshot(v)).toEqual(s1);
  expect((await v.ledger.read()).items).toEqual(l1.items);
  await undoLastCheckpoint(v.store, v.ledger);
  expect(await snapshot(v)).toEqual(s0);
});

test('undo refuses, changing nothing, when the person edited a note since, and names it', async () => {
  const [first] = await exampleRollouts();
  const { plan } = await checkpointRollout(v, first);
  const edited = (await v.readText('people/Kofi.md')).replace('Facts', 'What I know');
  await v.writeText('people/Kofi.md', edited);
  const state = await snapshot(v);
  const ledger = await v.state.readState('ledger.json');

  const err = await undoLastCheckpoint(v.store, v.ledger).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UndoError);
  expect((err as UndoError).message).toMatch(/^Nothing was undone: this note was changed after checkpoint .+\n {2}people\/Kofi\.md\n/);
  expect(await snapshot(v)).toEqual(state);
  expect(await v.state.readState('ledger.json')).toBe(ledger);
  expect(plan.note in state).toBe(true);
});

test('undo with nothing to undo says so', async () => {
  await expect(undoLastCheckpoint(v.store, v.ledger)).rejects.toThrow('There is no applied checkpoint to undo.');
});

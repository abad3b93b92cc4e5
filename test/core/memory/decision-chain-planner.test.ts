// The merge planner and decision chains: only what the chain's final state replaces is superseded, in this
// session or an earlier one, and a decision the session returned to is current, never "superseded".
import { parseNote, readStructure } from '../../../src/core/notes';
import { applyPlan, autoAcceptable } from '../../../src/core/memory/apply';
import { planCheckpoint } from '../../../src/core/memory/planner';
import { finalizeItems } from '../../../src/core/distill/finalize';
import type { Learning } from '../../../src/core/distill/learnings';
import { learning, makeLearnings, makeThread, snapshot, tempVault, type TempVault } from './fixtures';

const decision = (turn: number, text: string, choice: string): Learning => learning('decision', text, { turn, choice });
const reversal = (turn: number, what: string, replacedBy: string, reason?: string): Learning =>
  learning('reversed_decision', `Dropped ${what} in favour of ${replacedBy}.`, { turn, reversed: { what, replacedBy, reason } });

async function checkpoint(v: TempVault, items: Learning[], id: string, now: string) {
  const p = await planCheckpoint({
    thread: makeThread({ id }),
    learnings: makeLearnings(finalizeItems(items), { thread: id }),
    vault: v.store,
    ledger: await v.ledger.read(),
    settings: v.settings,
    now,
  });
  await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
  return p;
}

function section(text: string, heading: string): string[] {
  return readStructure(parseNote('x.md', text))
    .items.filter((i) => i.headingPath[i.headingPath.length - 1] === heading)
    .map((i) => i.text);
}

let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
});
afterEach(async () => {
  await v.cleanup();
});

const ABA = [
  decision(1, 'Move the session cache to Redis.', 'Redis'),
  reversal(2, 'Redis', 'memcached', 'ops does not want another service'),
  decision(2, 'Keep memcached after all.', 'memcached'),
  reversal(3, 'memcached', 'Redis'),
  decision(3, 'Redis it is, because ops agreed to run it.', 'Redis'),
];

test('A → B → A in one session: the project keeps A as its decision with the history, and supersedes nothing', async () => {
  await checkpoint(v, ABA, '01b2c3d4-0000-7000-8000-0000000000a1', '2026-05-04T12:00:00.000Z');
  const project = (await snapshot(v))['projects/tidepool.md'];
  const decisions = section(project, 'Decisions');
  expect(decisions).toHaveLength(1);
  expect(decisions[0]).toMatch(
    /^Move the session cache to Redis \(ops agreed to run it\)\. History: proposed Redis \(turn 1\); changed to memcached/,
  );
  expect(decisions[0]).toMatch(/back to Redis \(turn 3: ops agreed to run it\)\.$/);
  expect(section(project, 'Superseded')).toEqual([]);
  expect(project).not.toMatch(/superseded/i);
});

test('an earlier session decided B: this session goes B → A, so B moves under Superseded and A is current', async () => {
  await checkpoint(
    v,
    [learning('decision', 'Keep memcached for the session cache.', { choice: 'memcached' })],
    '01b2c3d4-0000-7000-8000-0000000000a1',
    '2026-05-03T12:00:00.000Z',
  );
  await checkpoint(
    v,
    [decision(1, 'Keep memcached for now.', 'memcached'), decision(2, 'Scratch that, Redis it is, memcached evicts the session keys.', 'Redis')],
    '01b2c3d4-0000-7000-8000-0000000000a2',
    '2026-05-04T12:00:00.000Z',
  );
  const project = (await snapshot(v))['projects/tidepool.md'];
  expect(section(project, 'Decisions').join('\n')).toMatch(/Redis/);
  expect(section(project, 'Decisions').join('\n')).not.toMatch(/^Keep memcached for the session cache/m);
  expect(section(project, 'Superseded')).toEqual([expect.stringMatching(/^Keep memcached for the session cache\. \(superseded 2026-05-04/)]);
});

test('an earlier session superseded A: a session that returns to A brings it back under Decisions', async () => {
  await checkpoint(v, [learning('decision', 'Use Redis for the session cache.')], '01b2c3d4-0000-7000-8000-0000000000a1', '2026-05-02T12:00:00.000Z');
  await checkpoint(
    v,
    [
      reversal(1, 'Redis', 'memcached', 'ops does not want another service'),
      learning('decision', 'Keep memcached for the session cache.', { turn: 1 }),
    ],
    '01b2c3d4-0000-7000-8000-0000000000a2',
    '2026-05-03T12:00:00.000Z',
  );
  let project = (await snapshot(v))['projects/tidepool.md'];
  expect(section(project, 'Superseded')).toEqual([expect.stringMatching(/^Use Redis for the session cache\. \(superseded/)]);
  await checkpoint(
    v,
    [decision(1, 'Keep memcached.', 'memcached'), decision(2, 'Actually, Redis it is: ops will run it.', 'Redis')],
    '01b2c3d4-0000-7000-8000-0000000000a3',
    '2026-05-04T12:00:00.000Z',
  );
  project = (await snapshot(v))['projects/tidepool.md'];
  const current = section(project, 'Decisions');
  expect(current).toEqual([expect.stringMatching(/^Use Redis \(ops will run it\)\. History: proposed memcached \(turn 1\); changed to Redis/)]);
  const superseded = section(project, 'Superseded');
  expect(superseded).toEqual([expect.stringMatching(/^Keep memcached for the session cache\. \(superseded 2026-05-04/)]);
});

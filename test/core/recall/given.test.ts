// The per-session ledger of what Codex was given, over a real state folder: resets, pruning, a corrupt or
// unreadable file, and many writers at once.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GIVEN_FILE,
  GIVEN_KEEP_KEYS,
  GIVEN_KEEP_SESSIONS,
  GIVEN_MAX_BYTES,
  givenLedger,
  givenTo,
  parseGiven,
  pruneGiven,
} from '../../../src/core/recall/given';
import { NodeStateStore } from '../../../src/node/state-store';

let dir: string;
let state: NodeStateStore;
let clock = 1_000;
const tick = () => ++clock;
const file = () => path.join(dir, ...GIVEN_FILE.split('/'));

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-given-'));
  state = new NodeStateStore(dir);
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

test('a session holds what it was given since its last reset; other sessions are apart', async () => {
  const a = givenLedger(state, tick);
  await a.record('s1', ['n.md#1', 'n.md#2'], { reset: true });
  await a.record('s2', ['n.md#9'], { reset: true });
  await a.record('s1', ['n.md#3']);
  // A fresh reader, as the next hook process is.
  const b = givenLedger(state, tick);
  expect([...(await b.given('s1'))].sort()).toEqual(['n.md#1', 'n.md#2', 'n.md#3']);
  expect([...(await b.given('s2'))]).toEqual(['n.md#9']);
  expect((await b.given('never-seen')).size).toBe(0);
  // A compaction resets it: only what came with or after it counts.
  await b.record('s1', ['n.md#2'], { reset: true });
  expect([...(await givenLedger(state, tick).given('s1'))]).toEqual(['n.md#2']);
  // A reset with nothing given empties the session.
  await b.record('s2', [], { reset: true });
  expect((await givenLedger(state, tick).given('s2')).size).toBe(0);
});

test('a corrupt file fails open: bad lines are skipped, good ones count, and recording carries on', async () => {
  await fs.mkdir(path.dirname(file()), { recursive: true });
  await fs.writeFile(
    file(),
    [
      '{"s":"s1","t":1,"k":["a.md#1"]}',
      '{"s":"s1","t":2,"k":[',
      'garbage \u0000',
      '{"s":7,"t":3,"k":[]}',
      '{"s":"s1","t":4,"k":["b.md#2"]}',
      '',
    ].join('\n'),
  );
  expect(parseGiven(await fs.readFile(file(), 'utf8'))).toHaveLength(2);
  const l = givenLedger(state, tick);
  expect([...(await l.given('s1'))].sort()).toEqual(['a.md#1', 'b.md#2']);
  await l.record('s1', ['c.md#3']);
  expect([...(await givenLedger(state, tick).given('s1'))].sort()).toEqual(['a.md#1', 'b.md#2', 'c.md#3']);
});

test('an unreadable file counts as nothing given; writing to it throws for the caller to report', async () => {
  await fs.mkdir(file(), { recursive: true });
  const l = givenLedger(state, tick);
  expect((await l.given('s1')).size).toBe(0);
  await expect(l.record('s1', ['a.md#1'])).rejects.toThrow();
});

test('past its size bound the file is rewritten: the most recent sessions kept, each with its newest keys', async () => {
  const l = givenLedger(state, tick);
  const key = (s: number, i: number) => `notes/a-rather-long-note-path-${s}.md#${String(i).padStart(16, '0')}`;
  // Enough sessions and keys to pass the bound several times over.
  for (let s = 0; s < GIVEN_KEEP_SESSIONS + 40; s++) {
    await l.record(
      `s${s}`,
      Array.from({ length: 100 }, (_, i) => key(s, i)),
      { reset: true },
    );
  }
  const big = Array.from({ length: GIVEN_KEEP_KEYS + 200 }, (_, i) => key(999, i));
  await l.record('s-last', big, { reset: true });
  expect((await fs.stat(file())).size).toBeLessThanOrEqual(GIVEN_MAX_BYTES);
  const records = parseGiven(await fs.readFile(file(), 'utf8'));
  const sessions = new Set(records.map((r) => r.s));
  expect(sessions.size).toBeLessThanOrEqual(GIVEN_KEEP_SESSIONS + 1);
  // The oldest are gone, the newest kept whole.
  expect(sessions.has('s0')).toBe(false);
  const r = givenLedger(state, tick);
  expect([...(await r.given(`s${GIVEN_KEEP_SESSIONS + 39}`))]).toHaveLength(100);
  // The one huge delivery: a prune keeps its newest keys only.
  const last = pruneGiven(records).find((p) => p.s === 's-last');
  expect(last?.k).toHaveLength(GIVEN_KEEP_KEYS);
  expect(last?.k[GIVEN_KEEP_KEYS - 1]).toBe(big[big.length - 1]);
  expect(last?.k[0]).toBe(big[big.length - GIVEN_KEEP_KEYS]);
  // And recording after a prune still works.
  await r.record('s-after', ['x.md#1']);
  expect([...(await givenLedger(state, tick).given('s-after'))]).toEqual(['x.md#1']);
});

test('pruneGiven folds each session into one record of what it holds now', () => {
  const out = pruneGiven([
    { s: 'a', t: 1, k: ['1'], r: true },
    { s: 'a', t: 2, k: ['2'] },
    { s: 'b', t: 3, k: ['9'], r: true },
    { s: 'a', t: 4, k: ['3'], r: true },
    { s: 'a', t: 5, k: ['4'] },
  ]);
  expect(out).toEqual([
    { s: 'b', t: 3, k: ['9'], r: true },
    { s: 'a', t: 5, k: ['3', '4'], r: true },
  ]);
  expect(givenTo(out, 'a')).toEqual(new Set(['3', '4']));
});

test('many writers at once (separate ledgers, as separate hook processes are): every delivery is kept', async () => {
  const writers = Array.from({ length: 25 }, (_, i) => givenLedger(state, tick));
  await Promise.all(writers.map((w, i) => w.record(`s${i % 5}`, [`n${i}.md#${i}`])));
  const text = await fs.readFile(file(), 'utf8');
  expect(parseGiven(text)).toHaveLength(25);
  expect(text.trim().split('\n')).toHaveLength(25);
  const r = givenLedger(state, tick);
  for (let s = 0; s < 5; s++) {
    expect([...(await r.given(`s${s}`))].sort()).toEqual([0, 1, 2, 3, 4].map((j) => `n${s + 5 * j}.md#${s + 5 * j}`).sort());
  }
});

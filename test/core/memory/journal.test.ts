// A checkpoint interrupted between any two writes (note writes, journal, ledger, undo record) leaves every
// note wholly old or wholly new, a ledger view that agrees with the vault, and a state the next run finishes.
import { applyPlan, autoAcceptable } from '../../../src/core/memory/apply';
import { ledgerView, recoverPending } from '../../../src/core/memory/journal';
import { LedgerStore, textHash, type Ledger } from '../../../src/core/memory/ledger';
import { effectiveChanges } from '../../../src/core/memory/plan';
import { undoLastCheckpoint } from '../../../src/core/memory/undo';
import { parseNote, readStructure } from '../../../src/core/notes';
import type { StateStore, VaultStore } from '../../../src/core/vault/store';
import { checkpointRollout, exampleRollouts, snapshot, tempVault, type TempVault } from './fixtures';

class Crash extends Error {}

/** Lets `budget` writes through, then behaves like a killed process: every later write fails. */
class Power {
  writes = 0;
  constructor(readonly budget: number) {}
  tick(): void {
    if (this.writes >= this.budget) throw new Crash(`killed before write ${this.writes + 1}`);
    this.writes++;
  }
}

function crashingVault(inner: VaultStore, power: Power): VaultStore {
  return {
    read: (p) => inner.read(p),
    stat: (p) => inner.stat(p),
    listMarkdown: (f) => inner.listMarkdown(f),
    ensureFolder: (p) => inner.ensureFolder(p),
    withLock: (fn) => inner.withLock(fn),
    create: async (p, c) => {
      power.tick();
      await inner.create(p, c);
    },
    replace: async (p, e, n) => {
      power.tick();
      await inner.replace(p, e, n);
    },
    remove: async (p, e) => {
      power.tick();
      await inner.remove(p, e);
    },
  };
}

function crashingState(inner: StateStore, power: Power): StateStore {
  return {
    readState: (n) => inner.readState(n),
    writeState: async (n, c) => {
      power.tick();
      await inner.writeState(n, c);
    },
    appendState: async (n, l) => {
      power.tick();
      await inner.appendState(n, l);
    },
    removeState: async (n) => {
      power.tick();
      await inner.removeState(n);
    },
  };
}

const NOW = new Date('2026-03-10T09:00:00.000Z');

/** Every item the ledger knows is in its note with the hash it records; every program item in a note is known. */
function agrees(ledger: Ledger, notes: Record<string, string>, known: Set<string>): void {
  const inVault = new Map<string, { path: string; text: string }>();
  for (const [path, text] of Object.entries(notes)) {
    for (const i of readStructure(parseNote(path, text)).items) if (i.blockId) inVault.set(i.blockId, { path, text: i.text });
  }
  for (const [id, item] of Object.entries(ledger.items)) {
    expect(inVault.get(id)).toEqual({ path: item.path, text: item.text });
    expect(textHash(inVault.get(id)!.text)).toBe(item.hash);
  }
  for (const id of known) expect(id in ledger.items).toBe(inVault.has(id));
}

let template: TempVault;
let third: string;
beforeAll(async () => {
  const [first, second, last] = await exampleRollouts();
  third = last;
  template = await tempVault();
  await checkpointRollout(template, first);
  await checkpointRollout(template, second);
});
afterAll(() => template.cleanup());

/** The vault after the first two example sessions; the third is the one that gets interrupted. */
async function baseline(): Promise<{ v: TempVault; third: string }> {
  return { v: await tempVault(template), third };
}

test('a checkpoint killed between any two writes is recovered to exactly the finished result', async () => {
  // The finished result, and how many writes it takes.
  const clean = await baseline();
  const before = await snapshot(clean.v);
  const { plan } = await checkpointRollout(clean.v, clean.third, { apply: false });
  const count = new Power(Infinity);
  await applyPlan(plan, autoAcceptable(plan), crashingVault(clean.v.store, count), new LedgerStore(crashingState(clean.v.state, count)), {
    now: NOW,
  });
  const finished = await snapshot(clean.v);
  const finishedLedger = await clean.v.ledger.read();
  const known = new Set(Object.keys(finishedLedger.items));
  await clean.v.cleanup();
  expect(count.writes).toBeGreaterThanOrEqual(6); // journal, 3 notes, undo record, ledger, journal removal

  for (let budget = 0; budget < count.writes; budget++) {
    const { v, third } = await baseline();
    try {
      const { plan: p } = await checkpointRollout(v, third, { apply: false });
      const power = new Power(budget);
      await expect(
        applyPlan(p, autoAcceptable(p), crashingVault(v.store, power), new LedgerStore(crashingState(v.state, power)), { now: NOW }),
      ).rejects.toBeInstanceOf(Crash);

      // Right after the kill: each note is old or new, never a mix, and the ledger view matches the vault.
      const crashed = await snapshot(v);
      for (const [path, text] of Object.entries(crashed)) expect([before[path], finished[path]]).toContain(text);
      agrees(await ledgerView(v.store, v.ledger), crashed, known);

      // The next run finishes the job: the same vault and ledger as a run that was never interrupted.
      // (Killed before the journal was written, nothing had started: running the checkpoint again does it all.)
      const recovered = await v.store.withLock(() => recoverPending(v.store, v.ledger));
      expect(recovered === null).toBe(budget === 0);
      await checkpointRollout(v, third);
      expect(await snapshot(v)).toEqual(finished);
      const ledger = await v.ledger.read();
      expect(ledger.items).toEqual(finishedLedger.items);
      expect(ledger.sessions).toEqual(finishedLedger.sessions);
      expect(ledger.checkpoints).toEqual(finishedLedger.checkpoints);
      expect(await v.state.readState('journal.json')).toBeNull();
      const again = await checkpointRollout(v, third, { apply: false });
      expect(effectiveChanges(again.plan)).toEqual([]);
    } finally {
      await v.cleanup();
    }
  }
});

test('an undo killed between any two writes is finished by the next run', async () => {
  const probe = await baseline();
  const before = await snapshot(probe.v);
  await checkpointRollout(probe.v, probe.third);
  const count = new Power(Infinity);
  await undoLastCheckpoint(crashingVault(probe.v.store, count), new LedgerStore(crashingState(probe.v.state, count)), NOW);
  expect(await snapshot(probe.v)).toEqual(before);
  await probe.v.cleanup();

  for (let budget = 0; budget < count.writes; budget++) {
    const { v, third } = await baseline();
    try {
      await checkpointRollout(v, third);
      const after = await snapshot(v);
      const power = new Power(budget);
      await expect(undoLastCheckpoint(crashingVault(v.store, power), new LedgerStore(crashingState(v.state, power)), NOW)).rejects.toBeInstanceOf(
        Crash,
      );
      for (const [path, text] of Object.entries(await snapshot(v))) expect([before[path], after[path]]).toContain(text);
      await v.store.withLock(() => recoverPending(v.store, v.ledger));
      // Killed before its journal existed, the undo had not begun: the person runs it again.
      if ((await v.ledger.read()).checkpoints.length === 3) await undoLastCheckpoint(v.store, v.ledger, NOW);
      expect(await snapshot(v)).toEqual(before);
      expect((await v.ledger.read()).checkpoints).toHaveLength(2);
    } finally {
      await v.cleanup();
    }
  }
});

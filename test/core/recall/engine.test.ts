// The full-text engine ranks exactly as minisearch 7 (the engine it replaced) ranked with the options recall
// used: same ids in the same order with the same scores, for exact words, stems, repeated words and typos,
// on a freshly built engine, after it is frozen into a segment and read back from bytes, and after units
// are removed and added. Also: a segment that is cut short or foreign is refused with SegmentError.
import MiniSearch from 'minisearch';
import { Engine, type EngineDoc } from '../../../src/core/recall/engine';
import { extractNote } from '../../../src/core/recall/extract';
import { engineDoc } from '../../../src/core/recall/engine';
import { SegmentError } from '../../../src/core/recall/segment';
import { processTerm, tokenize } from '../../../src/core/recall/text';
import { fixtureInputs } from './vault-fixture';

/** The options recall gave minisearch before the engine was replaced (src/core/recall/engine.ts, INDEX_VERSION 4). */
function reference(): MiniSearch<EngineDoc> {
  return new MiniSearch<EngineDoc>({
    fields: ['name', 'heading', 'text'],
    storeFields: [],
    tokenize,
    processTerm,
    autoVacuum: false,
    searchOptions: { boost: { name: 3, heading: 1.5, text: 1 }, combineWith: 'OR', maxFuzzy: 2, prefix: false },
  });
}

function referenceSearch(ms: MiniSearch<EngineDoc>, q: string): [number, number, string[]][] {
  const idx = (ms as unknown as { _index: { has: (t: string) => boolean } })._index;
  return ms.search(q, { fuzzy: (t) => (t.length >= 5 && !idx.has(t) ? 0.2 : false) }).map((h) => [h.id as number, h.score, h.queryTerms]);
}

function ours(e: Engine, q: string): [number, number, string[]][] {
  const r = e.search(q);
  const out: [number, number, string[]][] = [];
  for (let i = 0; i < r.length; i++) out.push([r.id(i), r.score(i), r.queryTerms(i)]);
  return out;
}

/** A deterministic corpus: the fixture vault plus generated notes whose words overlap heavily. */
function corpus(): EngineDoc[] {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words =
    'invoice rounding decimal currency payment refund ledger account balance transfer deploy release migration schema database query index cache worker queue retry timeout forecast weather redis kafka consumer offsets'.split(
      ' ',
    );
  const inputs = fixtureInputs();
  for (let n = 0; n < 300; n++) {
    const lines = [`---\ntype: topic\naliases: [${words[n % words.length]}]\n---`, `# Note ${n}`, ''];
    for (let h = 0; h < 3; h++) {
      lines.push(`## ${words[Math.floor(rand() * words.length)]} section`, '');
      for (let b = 0; b < 4; b++) {
        const k = 3 + Math.floor(rand() * 12);
        lines.push('- ' + Array.from({ length: k }, () => words[Math.floor(rand() * words.length)]).join(' '));
      }
      lines.push('', Array.from({ length: 20 }, () => words[Math.floor(rand() * words.length)]).join(' '), '');
    }
    inputs.push({ path: `notes/gen ${n}.md`, text: lines.join('\n'), mtime: 1 });
  }
  let id = 1;
  const docs: EngineDoc[] = [];
  for (const input of inputs) {
    const note = extractNote(input);
    for (const u of note.units) {
      u.id = id++;
      docs.push(engineDoc(note, u));
    }
  }
  return docs;
}

const QUERIES = [
  'invoice rounding',
  'ROUND_HALF_UP tax office',
  'who decided tax questions',
  'forcasts redis',
  'kafka kafka offsets',
  'refnud ledgre balanse',
  'migraton of the databse schema',
  'weather',
  'cache worker queue retry timeout deploy release',
  'nothing-matches-this zzzzqqq',
];

describe('engine', () => {
  const docs = corpus();
  const ms = reference();
  ms.addAll(docs);

  it('ranks a fresh build exactly as minisearch did', () => {
    const e = Engine.empty();
    e.addAll(docs);
    for (const q of QUERIES) expect(ours(e, q)).toEqual(referenceSearch(ms, q));
  });

  it('ranks the same when built straight into a segment (a cold index)', () => {
    const { engine, bytes } = Engine.build(docs, [], [5, 6]);
    for (const q of QUERIES) {
      expect(ours(engine, q)).toEqual(referenceSearch(ms, q));
      expect(ours(Engine.fromBytes(bytes), q)).toEqual(referenceSearch(ms, q));
    }
  });

  it('ranks the same after freezing into a segment and reading it back from bytes', () => {
    const e = Engine.empty();
    e.addAll(docs);
    const bytes = e.freeze([], [1, 2]);
    const loaded = Engine.fromBytes(bytes.slice());
    for (const q of QUERIES) {
      expect(ours(e, q)).toEqual(referenceSearch(ms, q));
      expect(ours(loaded, q)).toEqual(referenceSearch(ms, q));
    }
  });

  it('ranks the same as minisearch (vacuumed) after units are removed and added', async () => {
    const e = Engine.empty();
    e.addAll(docs.slice(0, 1500));
    e.freeze([], [1, 2]);
    const ref = reference();
    ref.addAll(docs.slice(0, 1500));
    for (const d of docs.slice(200, 400)) {
      e.discard(d.id);
      ref.discard(d.id);
    }
    e.addAll(docs.slice(1500));
    ref.addAll(docs.slice(1500));
    await ref.vacuum({ batchWait: 0 });
    for (const q of QUERIES) expect(ours(e, q)).toEqual(referenceSearch(ref, q));
    const again = Engine.fromBytes(e.freeze([], [3, 4]));
    for (const q of QUERIES) expect(ours(again, q)).toEqual(referenceSearch(ref, q));
  });

  it('refuses bytes that are cut short or not a segment', () => {
    const e = Engine.empty();
    e.addAll(docs.slice(0, 50));
    const bytes = e.freeze([], [1, 2]);
    expect(() => Engine.fromBytes(bytes.subarray(0, bytes.length - 8))).toThrow(SegmentError);
    expect(() => Engine.fromBytes(new TextEncoder().encode('{"version":4}'.padEnd(200)))).toThrow(SegmentError);
  });
});

// The full-text engine: BM25+ over units, with title, alias and heading boosts and typo tolerance. The bulk
// lives in an immutable segment (segment.ts: built at once, or read from disk without parsing); notes that
// change afterwards go to a small in-memory delta, and the two are folded into a new segment when saved.
// Scores are computed exactly as minisearch 7 computed them (the engine this replaced: same BM25+ formula
// and parameters, same field boosts, same running average field lengths, same order of summation, ties in
// the order the documents were first matched), so rankings did not move (test/core/recall/engine.test.ts).
import { FIELD_COUNT, Segment, writeSegment, writeSegmentFromMap, type PostingList, type SegmentNote } from './segment';
import { processTerm, tokenize } from './text';
import type { IndexedNote, IndexedUnit } from './types';

/** The document the engine sees for one unit; note-level fields are repeated so every unit carries them. */
export interface EngineDoc {
  id: number;
  /** The note's title, aliases and (for a person) organisation and role: one field, since each query word is looked up once per field. */
  name: string;
  heading: string;
  text: string;
}

export const FIELDS = ['name', 'heading', 'text'] as const;

/**
 * Field boosts: a word in a note's name or alias says more about the note than one in passing text, and a
 * heading names what the section is about. BM25 parameters are the usual ones (k1 1.2, b 0.7, BM25+ d 0.5).
 */
export const BOOST = { name: 3, heading: 1.5, text: 1 };
const FIELD_BOOST = [BOOST.name, BOOST.heading, BOOST.text];
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** Weight of a typo match relative to an exact one (scaled by length and distance, as minisearch did). */
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 2;

export function engineDoc(note: IndexedNote, unit: IndexedUnit): EngineDoc {
  return {
    id: unit.id,
    name: [note.title, ...note.aliases, ...(note.about ?? [])].join(' '),
    heading: unit.heading ?? '',
    text: unit.text,
  };
}

/** One unit tokenised: unique raw words per field (the length BM25 normalises by) and term frequencies. */
interface DocTerms {
  id: number;
  lens: number[];
  fields: Map<string, number>[];
}

function docTerms(doc: EngineDoc): DocTerms {
  const lens: number[] = [];
  const fields: Map<string, number>[] = [];
  for (const value of [doc.name, doc.heading, doc.text]) {
    const tokens = tokenize(value);
    lens.push(new Set(tokens).size);
    const tf = new Map<string, number>();
    for (const t of tokens) {
      const p = processTerm(t);
      if (p) tf.set(p, (tf.get(p) ?? 0) + 1);
    }
    fields.push(tf);
  }
  return { id: doc.id, lens, fields };
}

function bm25(tf: number, matching: number, total: number, len: number, avg: number): number {
  const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return invDocFreq * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * len) / avg)));
}

/** Levenshtein distance of a and b when it is at most max, else max + 1. */
function distanceWithin(a: string, b: string, max: number, row: Uint8Array): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= m; i++) {
    let diag = row[0];
    row[0] = i;
    let best = i;
    const c = b.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const up = row[j];
      const v = Math.min(diag + (a.charCodeAt(j - 1) === c ? 0 : 1), up + 1, row[j - 1] + 1);
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
  }
  return row[n];
}

const HEAD_MIN = 1500;

/** A query's hits, best first; sorted lazily, since callers mostly read the first few hundred. */
export class RankedHits {
  private sorted: Uint32Array | null = null;
  private head: Uint32Array | null = null;

  constructor(
    /** Unit ids, in the order the units were first matched. */
    private readonly ids: Float64Array,
    private readonly scores: Float64Array,
    /** Bit k of word w of a hit: it matched the query's distinct term w * 32 + k. */
    private readonly masks: Uint32Array,
    private readonly words: number,
    private readonly distinct: string[],
  ) {}

  get length(): number {
    return this.ids.length;
  }

  /** Positions (into the arrays) of the first `want` hits, best first; ties keep first-match order. */
  private order(want: number): Uint32Array {
    if (this.sorted) return this.sorted;
    if (this.head && this.head.length >= want) return this.head;
    // Enough for the note-context pass over the first thousand (search.ts), in one selection.
    want = Math.max(want, HEAD_MIN);
    const n = this.ids.length;
    const s = this.scores;
    const cmp = (a: number, b: number) => s[b] - s[a] || a - b;
    // A reader past the head is rare (a narrow scope); it gets everything sorted.
    if (want * 4 >= n || this.head) {
      this.sorted = Uint32Array.from({ length: n }, (_, i) => i).sort(cmp);
      return this.sorted;
    }
    const threshold = kthLargest(s, want);
    const pick: number[] = [];
    for (let i = 0; i < n; i++) if (s[i] >= threshold) pick.push(i);
    this.head = Uint32Array.from(pick.sort(cmp));
    return this.head;
  }

  id(rank: number): number {
    return this.ids[this.order(rank + 1)[rank]];
  }

  score(rank: number): number {
    return this.scores[this.order(rank + 1)[rank]];
  }

  /** The query's terms (stems) that the hit at this rank matched, in query order. */
  queryTerms(rank: number): string[] {
    const at = this.order(rank + 1)[rank];
    const out: string[] = [];
    for (let k = 0; k < this.distinct.length; k++) if (this.masks[at * this.words + (k >>> 5)] & (1 << (k & 31))) out.push(this.distinct[k]);
    return out;
  }
}

/** The k-th largest value of xs (1-based), by quickselect on a copy. */
function kthLargest(xs: Float64Array, k: number): number {
  const a = Float64Array.from(xs);
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}

export class Engine {
  private segment: Segment | null;
  /** Segment slots whose unit is gone. */
  private dead: Uint8Array;
  private deadCount = 0;
  /** Units added since the segment, in id order; null where removed. */
  private added: (DocTerms | null)[] = [];
  private addedSlot = new Map<number, number>();
  /** term → per field [position in `added`, tf, …], positions ascending. */
  private addedTerms = new Map<string, PostingList[]>();
  private live: number;
  private readonly avg: number[];
  private maxId: number;
  private scratch: { score: Float64Array; term: Float64Array; seen: Int32Array; seenTerm: Int32Array; masks: Uint32Array; stamp: number } | null =
    null;

  private constructor(segment: Segment | null) {
    this.segment = segment;
    this.dead = new Uint8Array(segment?.docCount ?? 0);
    this.live = segment?.docCount ?? 0;
    this.avg = segment ? [...segment.avg] : [0, 0, 0];
    this.maxId = segment && segment.docCount ? segment.docIds[segment.docCount - 1] : 0;
  }

  static empty(): Engine {
    return new Engine(null);
  }

  /**
   * A fresh engine over all of a vault's units, written straight into a segment: postings are gathered
   * as flat numbers and ordered by one counting sort, not kept in a map of lists per term (a cold index
   * of a large vault spent most of its time there). Returns the engine and its segment's bytes.
   */
  static build(docs: EngineDoc[], notes: SegmentNote[], generation: [number, number]): { engine: Engine; bytes: Uint8Array } {
    const termIds = new Map<string, number>();
    const names: string[] = [];
    let keys = new Int32Array(1 << 16);
    let slots = new Int32Array(1 << 16);
    let tfs = new Int32Array(1 << 16);
    let n = 0;
    const avg = [0, 0, 0];
    const lens = new Uint32Array(docs.length * FIELD_COUNT);
    const values = ['', '', ''];
    // Per distinct raw word (a vault repeats its words): its term id (-1: no term) and the field it was last
    // counted in; per term id: its count in the field at hand. Typed arrays instead of a map per field keep
    // a cold build's time in tokenising rather than in map lookups and garbage.
    const rawIds = new Map<string, number>();
    let rawTerm = new Int32Array(1 << 14);
    let rawSeen = new Int32Array(1 << 14);
    let termCount = new Int32Array(1 << 14);
    let stamp = 0;
    const grown = (a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> => {
      if (need < a.length) return a;
      const b = new Int32Array(Math.max(a.length * 2, need + 1));
      b.set(a);
      return b;
    };
    // A field's terms, from its text: the number of distinct raw words, and (term id, count) pairs in first-seen order.
    const fieldTerms = (text: string): { len: number; pairs: number[] } => {
      const tokens = tokenize(text);
      stamp++;
      let len = 0;
      const pairs: number[] = [];
      for (const raw of tokens) {
        let r = rawIds.get(raw);
        if (r === undefined) {
          r = rawIds.size;
          rawIds.set(raw, r);
          rawTerm = grown(rawTerm, r);
          rawSeen = grown(rawSeen, r);
          const term = processTerm(raw);
          let id = term === null ? -1 : termIds.get(term);
          if (id === undefined) {
            id = names.length;
            names.push(term as string);
            termIds.set(term as string, id);
            termCount = grown(termCount, id);
          }
          rawTerm[r] = id;
        }
        if (rawSeen[r] !== stamp) {
          rawSeen[r] = stamp;
          len++;
        }
        const id = rawTerm[r];
        if (id < 0) continue;
        if (termCount[id] === 0) pairs.push(id, 0);
        termCount[id]++;
      }
      for (let i = 0; i < pairs.length; i += 2) {
        pairs[i + 1] = termCount[pairs[i]];
        termCount[pairs[i]] = 0;
      }
      return { len, pairs };
    };
    // A note's name is every one of its units' name field, and a heading every unit's under it: the field of
    // the unit before is reused when its text is the same (most of a cold build's words, otherwise).
    const last: ({ text: string; len: number; pairs: number[] } | null)[] = [null, null, null];
    docs.forEach((doc, slot) => {
      if (slot > 0 && doc.id <= docs[slot - 1].id) throw new Error('engine: unit ids must ascend');
      values[0] = doc.name;
      values[1] = doc.heading;
      values[2] = doc.text;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const prev = last[f];
        const got = prev && prev.text === values[f] ? prev : { text: values[f], ...fieldTerms(values[f]) };
        last[f] = got;
        const { len, pairs } = got;
        lens[slot * FIELD_COUNT + f] = len;
        avg[f] = (avg[f] * slot + len) / (slot + 1);
        const count = pairs.length >> 1;
        if (n + count > keys.length) {
          const size = Math.max(keys.length * 2, n + count);
          const grow = (a: Int32Array) => {
            const b = new Int32Array(size);
            b.set(a.subarray(0, n));
            return b;
          };
          keys = grow(keys);
          slots = grow(slots);
          tfs = grow(tfs);
        }
        for (let i = 0; i < pairs.length; i += 2) {
          keys[n] = pairs[i] * FIELD_COUNT + f;
          slots[n] = slot;
          tfs[n] = pairs[i + 1];
          n++;
        }
      }
    });
    // Dictionary order, then a stable counting sort of the postings by (term rank, field): slots stay ascending.
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    const rank = new Int32Array(names.length);
    order.forEach((id, r) => (rank[id] = r));
    const buckets = names.length * FIELD_COUNT;
    const start = new Int32Array(buckets + 1);
    for (let i = 0; i < n; i++) {
      const id = (keys[i] / FIELD_COUNT) | 0;
      start[rank[id] * FIELD_COUNT + (keys[i] - id * FIELD_COUNT) + 1]++;
    }
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const fill = start.slice(0, buckets);
    const sortedSlots = new Int32Array(n);
    const sortedTfs = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const id = (keys[i] / FIELD_COUNT) | 0;
      const at = fill[rank[id] * FIELD_COUNT + (keys[i] - id * FIELD_COUNT)]++;
      sortedSlots[at] = slots[i];
      sortedTfs[at] = tfs[i];
    }
    const table = notes.filter((x) => x.count > 0).sort((a, b) => a.firstId - b.firstId);
    const bytes = writeSegment(
      docs.map((d, slot) => ({ id: d.id, lens: lens.subarray(slot * FIELD_COUNT, slot * FIELD_COUNT + FIELD_COUNT) })),
      order.map((id) => names[id]),
      (t, f, emit) => {
        const b = t * FIELD_COUNT + f;
        for (let i = start[b]; i < start[b + 1]; i++) emit(sortedSlots[i], sortedTfs[i]);
      },
      avg,
      table,
      generation,
    );
    return { engine: new Engine(new Segment(bytes)), bytes };
  }

  /** An engine over saved bytes (SegmentError when they are not a segment). */
  static fromBytes(bytes: Uint8Array): Engine {
    return new Engine(new Segment(bytes));
  }

  /** Units in the engine. */
  get documentCount(): number {
    return this.live;
  }

  /** Removed units still taking room (in the segment or the delta). */
  get dirtCount(): number {
    return this.deadCount + (this.added.length - this.addedSlot.size);
  }

  /** Units added or removed since the segment was written. */
  get changes(): number {
    return this.deadCount + this.added.length;
  }

  has(id: number): boolean {
    if (this.addedSlot.has(id)) return true;
    const slot = this.segment ? this.segment.slotOf(id) : -1;
    return slot !== -1 && !this.dead[slot];
  }

  /** Adds units; their ids must be above every id the engine has seen. */
  addAll(docs: EngineDoc[]): void {
    for (const doc of docs) this.add(docTerms(doc));
  }

  private add(d: DocTerms): void {
    if (d.id <= this.maxId) throw new Error(`engine: unit id ${d.id} is not above ${this.maxId}`);
    this.maxId = d.id;
    const pos = this.added.length;
    this.added.push(d);
    this.addedSlot.set(d.id, pos);
    // The running averages minisearch kept: each new length folded into the mean of those before it.
    for (let f = 0; f < FIELD_COUNT; f++) this.avg[f] = (this.avg[f] * this.live + d.lens[f]) / (this.live + 1);
    this.live++;
    d.fields.forEach((tf, f) => {
      for (const [term, n] of tf) {
        let lists = this.addedTerms.get(term);
        if (!lists) this.addedTerms.set(term, (lists = []));
        (lists[f] ??= []).push(pos, n);
      }
    });
    this.scratch = null;
  }

  discard(id: number): void {
    let lens: ArrayLike<number> | null = null;
    const pos = this.addedSlot.get(id);
    if (pos !== undefined) {
      lens = (this.added[pos] as DocTerms).lens;
      this.added[pos] = null;
      this.addedSlot.delete(id);
    } else if (this.segment) {
      const slot = this.segment.slotOf(id);
      if (slot === -1 || this.dead[slot]) return;
      this.dead[slot] = 1;
      this.deadCount++;
      lens = this.segment.fieldLen.subarray(slot * FIELD_COUNT, slot * FIELD_COUNT + FIELD_COUNT);
    }
    if (!lens) return;
    for (let f = 0; f < FIELD_COUNT; f++) this.avg[f] = this.live === 1 ? 0 : (this.avg[f] * this.live - lens[f]) / (this.live - 1);
    this.live--;
  }

  /** Whether the term occurs in the engine (typo tolerance is only tried for words it does not know). */
  knows(term: string): boolean {
    return this.addedTerms.has(term) || (this.segment !== null && this.segment.find(term) !== -1);
  }

  /** Terms within `max` edits of `term` (excluding itself), in dictionary order, with their distance. */
  private fuzzy(term: string, max: number): [string, number][] {
    const found = new Map<string, number>();
    const row = new Uint8Array(term.length + max + 2);
    const seg = this.segment;
    if (seg) {
      const lo = term.length - max;
      const hi = term.length + max;
      const all = seg.allTerms();
      for (let t = 0; t < seg.termCount; t++) {
        const len = seg.termLen16[t];
        if (len < lo || (len > hi && len < 255)) continue;
        const cand = all[t];
        const d = distanceWithin(term, cand, max, row);
        if (d > 0 && d <= max) found.set(cand, d);
      }
    }
    for (const cand of this.addedTerms.keys()) {
      if (found.has(cand)) continue;
      const d = distanceWithin(term, cand, max, row);
      if (d > 0 && d <= max) found.set(cand, d);
    }
    return [...found].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  private scratchFor(words: number) {
    const size = (this.segment?.docCount ?? 0) + this.added.length;
    let s = this.scratch;
    if (!s || s.score.length < size || s.masks.length < size * words) {
      s = {
        score: new Float64Array(size),
        term: new Float64Array(size),
        seen: new Int32Array(size),
        seenTerm: new Int32Array(size),
        masks: new Uint32Array(size * words),
        stamp: 0,
      };
      this.scratch = s;
    }
    return s;
  }

  /** Ranked hits for a query: every word looked up exactly, longer unknown words also with typos. */
  search(query: string): RankedHits {
    const terms: string[] = [];
    for (const raw of tokenize(query)) {
      const t = processTerm(raw);
      if (t) terms.push(t);
    }
    const distinct = [...new Set(terms)];
    const words = Math.max(1, Math.ceil(distinct.length / 32));
    const s = this.scratchFor(words);
    const seg = this.segment;
    const base = seg?.docCount ?? 0;
    const order: number[] = [];
    const counted = new Set<string>();
    const queryStamp = ++s.stamp;
    for (const term of terms) {
      const termStamp = ++s.stamp;
      const termOrder: number[] = [];
      const derived: [string, number][] = [[term, 1]];
      if (term.length >= 5 && !this.knows(term)) {
        const max = Math.min(MAX_FUZZY, Math.round(term.length * 0.2));
        if (max) for (const [cand, d] of this.fuzzy(term, max)) derived.push([cand, (FUZZY_WEIGHT * cand.length) / (cand.length + d)]);
      }
      for (const [dterm, weight] of derived) {
        const t = seg ? seg.find(dterm) : -1;
        const mine = this.addedTerms.get(dterm);
        for (let f = 0; f < FIELD_COUNT; f++) {
          // Live units holding the term in this field: BM25's document frequency.
          let matching = 0;
          if (t !== -1 && seg) {
            if (this.deadCount === 0) matching += seg.postCount[t * FIELD_COUNT + f];
            else
              seg.postings(t, f, (slot) => {
                if (!this.dead[slot]) matching++;
              });
          }
          const list = mine?.[f];
          if (list) for (let i = 0; i < list.length; i += 2) if (this.added[list[i]]) matching++;
          if (matching === 0) continue;
          const fieldWeight = weight * FIELD_BOOST[f];
          const avg = this.avg[f];
          const hit = (doc: number, tf: number, len: number) => {
            const score = fieldWeight * bm25(tf, matching, this.live, len, avg);
            if (s.seenTerm[doc] !== termStamp) {
              s.seenTerm[doc] = termStamp;
              s.term[doc] = score;
              termOrder.push(doc);
            } else s.term[doc] += score;
          };
          if (t !== -1 && seg)
            seg.postings(t, f, (slot, tf) => {
              if (!this.dead[slot]) hit(slot, tf, seg.fieldLen[slot * FIELD_COUNT + f]);
            });
          if (list)
            for (let i = 0; i < list.length; i += 2) {
              const d = this.added[list[i]];
              if (d) hit(base + list[i], list[i + 1], d.lens[f]);
            }
        }
      }
      const k = distinct.indexOf(term);
      const first = !counted.has(term);
      counted.add(term);
      for (const doc of termOrder) {
        if (s.seen[doc] !== queryStamp) {
          s.seen[doc] = queryStamp;
          s.score[doc] = s.term[doc];
          for (let w = 0; w < words; w++) s.masks[doc * words + w] = 0;
          order.push(doc);
        } else s.score[doc] = s.score[doc] + s.term[doc];
        if (first) s.masks[doc * words + (k >>> 5)] |= 1 << (k & 31);
      }
    }
    const n = order.length;
    const ids = new Float64Array(n);
    const scores = new Float64Array(n);
    const masks = new Uint32Array(n * words);
    for (let i = 0; i < n; i++) {
      const doc = order[i];
      ids[i] = doc < base ? (seg as Segment).docIds[doc] : (this.added[doc - base] as DocTerms).id;
      let quality = 0;
      for (let w = 0; w < words; w++) {
        const m = s.masks[doc * words + w];
        masks[i * words + w] = m;
        quality += popcount(m);
      }
      scores[i] = s.score[doc] * (quality || 1);
    }
    return new RankedHits(ids, scores, masks, words, distinct);
  }

  /**
   * The engine folded into one segment (dead units dropped, the delta appended), as bytes; the engine
   * then reads from it. `notes` says which note owns which unit ids, for the notes table.
   */
  freeze(notes: SegmentNote[], generation: [number, number]): Uint8Array {
    const seg = this.segment;
    const docs: { id: number; lens: ArrayLike<number> }[] = [];
    // Nothing removed and no segment yet (a fresh build): the delta's postings already are the segment's.
    const fresh = !seg && this.addedSlot.size === this.added.length;
    const terms = fresh ? this.addedTerms : new Map<string, PostingList[]>();
    const remap = new Int32Array(seg?.docCount ?? 0).fill(-1);
    if (seg) {
      for (let slot = 0; slot < seg.docCount; slot++) {
        if (this.dead[slot]) continue;
        remap[slot] = docs.length;
        docs.push({ id: seg.docIds[slot], lens: seg.fieldLen.subarray(slot * FIELD_COUNT, slot * FIELD_COUNT + FIELD_COUNT) });
      }
      for (let t = 0; t < seg.termCount; t++) {
        let lists: PostingList[] | undefined;
        for (let f = 0; f < FIELD_COUNT; f++) {
          seg.postings(t, f, (slot, tf) => {
            const to = remap[slot];
            if (to === -1) return;
            lists ??= [];
            (lists[f] ??= []).push(to, tf);
          });
        }
        if (lists) terms.set(seg.term(t), lists);
      }
    }
    for (const d of this.added) {
      if (!d) continue;
      const slot = docs.length;
      docs.push({ id: d.id, lens: d.lens });
      if (fresh) continue;
      d.fields.forEach((tf, f) => {
        for (const [term, n] of tf) {
          let lists = terms.get(term);
          if (!lists) terms.set(term, (lists = []));
          (lists[f] ??= []).push(slot, n);
        }
      });
    }
    const live = new Set(docs.map((d) => d.id));
    const table = notes.filter((n) => n.count > 0 && live.has(n.firstId)).sort((a, b) => a.firstId - b.firstId);
    const bytes = writeSegmentFromMap(docs, terms, this.avg, table, generation);
    this.segment = new Segment(bytes);
    this.dead = new Uint8Array(this.segment.docCount);
    this.deadCount = 0;
    this.added = [];
    this.addedSlot.clear();
    this.addedTerms.clear();
    this.scratch = null;
    return bytes;
  }

  /** The notes table of the segment (unit ids each note had when it was written). */
  get saved(): Segment | null {
    return this.segment;
  }
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
}

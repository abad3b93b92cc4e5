// The full-text index as one compact, immutable block of bytes: a sorted term dictionary, varint postings
// per term and field, each unit's field lengths, and which note owns which unit ids. It is what
// `.codex-memory/recall/postings.bin` holds, and what a build freezes into in memory. Reading it parses
// nothing: a query looks its words up by binary search and decodes only their postings, so the first
// search of a process costs about the same at 1k notes as at 50k.

/** Thrown when bytes are not a segment this code wrote; callers rebuild from the notes. */
export class SegmentError extends Error {
  constructor(reason: string) {
    super(`full-text index unusable: ${reason}`);
    this.name = 'SegmentError';
  }
}

const MAGIC = 0x49504d43; // "CMPI" little-endian
const FORMAT = 1;
/** Field order in postings and field lengths: name, heading, text (engine.ts FIELDS). */
export const FIELD_COUNT = 3;
const HEADER_WORDS = 8;
const SECTIONS = 12;
const HEADER_BYTES = HEADER_WORDS * 4 + FIELD_COUNT * 8 + SECTIONS * 4 + 4;

/** One unit as the writer takes it: its id, field lengths and, per field, term → frequency. */
export interface SegmentDoc {
  id: number;
  lens: ArrayLike<number>;
  fields: Map<string, number>[];
}

export interface SegmentNote {
  path: string;
  firstId: number;
  count: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class ByteWriter {
  buf = new Uint8Array(1 << 16);
  len = 0;
  private grow(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  varint(v: number): void {
    this.grow(5);
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }
  bytes(b: Uint8Array): void {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
}

function utf8(s: string): Uint8Array {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return encoder.encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function text(bytes: Uint8Array, from: number, to: number): string {
  let ascii = true;
  for (let i = from; i < to; i++)
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  if (!ascii) return decoder.decode(bytes.subarray(from, to));
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Postings of one term in one field while writing: [slot, tf, slot, tf, …], slots ascending. */
export type PostingList = number[];

/** Postings in the order a segment stores them: calls emit(slot, tf) for term t (sorted order) in field f. */
export type PostingSource = (t: number, f: number, emit: (slot: number, tf: number) => void) => void;

/** writeSegment over posting lists kept per term in a map. */
export function writeSegmentFromMap(
  docs: { id: number; lens: ArrayLike<number> }[],
  terms: Map<string, PostingList[]>,
  avg: ArrayLike<number>,
  notes: SegmentNote[],
  generation: [number, number],
): Uint8Array {
  const sorted = [...terms.keys()].sort();
  const lists = sorted.map((t) => terms.get(t) as PostingList[]);
  return writeSegment(
    docs,
    sorted,
    (t, f, emit) => {
      const list = lists[t][f];
      if (list) for (let i = 0; i < list.length; i += 2) emit(list[i], list[i + 1]);
    },
    avg,
    notes,
    generation,
  );
}

/**
 * Writes a segment. `sorted` is the dictionary in JS string order; `postings` gives each term's postings
 * per field (slots are positions in `docs`, ascending); `avg` is the engine's running field-length means,
 * stored as they are so scores after a reload are bit for bit those before it.
 */
export function writeSegment(
  docs: { id: number; lens: ArrayLike<number> }[],
  sorted: string[],
  postings: PostingSource,
  avg: ArrayLike<number>,
  notes: SegmentNote[],
  generation: [number, number],
): Uint8Array {
  const nDocs = docs.length;
  const nTerms = sorted.length;
  const docIds = new Uint32Array(nDocs);
  const fieldLen = new Uint32Array(nDocs * FIELD_COUNT);
  docs.forEach((d, i) => {
    docIds[i] = d.id;
    for (let f = 0; f < FIELD_COUNT; f++) fieldLen[i * FIELD_COUNT + f] = d.lens[f];
  });
  const termOff = new Uint32Array(nTerms + 1);
  const termLen16 = new Uint8Array(nTerms);
  const postOff = new Uint32Array(nTerms * FIELD_COUNT + 1);
  const postCount = new Uint32Array(nTerms * FIELD_COUNT);
  const termBytes = new ByteWriter();
  const postBytes = new ByteWriter();
  sorted.forEach((term, t) => {
    termBytes.bytes(utf8(term));
    termOff[t + 1] = termBytes.len;
    termLen16[t] = Math.min(255, term.length);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const k = t * FIELD_COUNT + f;
      let prev = -1;
      let count = 0;
      postings(t, f, (slot, tf) => {
        postBytes.varint(slot - prev);
        postBytes.varint(tf);
        prev = slot;
        count++;
      });
      postCount[k] = count;
      postOff[k + 1] = postBytes.len;
    }
  });
  const noteFirst = new Uint32Array(notes.length);
  const noteCount = new Uint32Array(notes.length);
  const pathOff = new Uint32Array(notes.length + 1);
  const pathBytes = new ByteWriter();
  notes.forEach((n, i) => {
    noteFirst[i] = n.firstId;
    noteCount[i] = n.count;
    pathBytes.bytes(utf8(n.path));
    pathOff[i + 1] = pathBytes.len;
  });
  const sections: Uint8Array[] = [
    asBytes(docIds),
    asBytes(fieldLen),
    asBytes(termOff),
    termLen16,
    asBytes(postOff),
    asBytes(postCount),
    termBytes.buf.subarray(0, termBytes.len),
    postBytes.buf.subarray(0, postBytes.len),
    asBytes(noteFirst),
    asBytes(noteCount),
    asBytes(pathOff),
    pathBytes.buf.subarray(0, pathBytes.len),
  ];
  let size = HEADER_BYTES;
  const offsets = sections.map((s) => {
    const at = size;
    size = align(size + s.length);
    return at;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  [MAGIC, FORMAT, nDocs, nTerms, notes.length, size, generation[0], generation[1]].forEach((v, i) => view.setUint32(i * 4, v, true));
  for (let f = 0; f < FIELD_COUNT; f++) view.setFloat64(HEADER_WORDS * 4 + f * 8, avg[f], true);
  offsets.forEach((o, i) => view.setUint32(HEADER_WORDS * 4 + FIELD_COUNT * 8 + i * 4, o, true));
  sections.forEach((s, i) => out.set(s, offsets[i]));
  return out;
}

/** A fresh random generation, as the two words the header stores. */
export function newGeneration(): [number, number] {
  return [(Math.random() * 0x100000000) >>> 0, (Date.now() / 1000) >>> 0];
}

export function generationName(g: [number, number]): string {
  return `${g[1].toString(36)}-${g[0].toString(36)}`;
}

function asBytes(a: Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function align(n: number): number {
  return (n + 7) & ~7;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A segment read from bytes: views into them, nothing parsed up front. */
export class Segment {
  readonly docCount: number;
  readonly termCount: number;
  readonly noteCount: number;
  readonly avg: number[];
  /** Ties the segment to the catalog saved with it. */
  readonly generation: string;
  readonly docIds: Uint32Array;
  readonly fieldLen: Uint32Array;
  private readonly termOff: Uint32Array;
  readonly termLen16: Uint8Array;
  private readonly postOff: Uint32Array;
  readonly postCount: Uint32Array;
  private readonly termBytes: Uint8Array;
  private readonly postBytes: Uint8Array;
  private readonly noteFirst: Uint32Array;
  private readonly noteUnits: Uint32Array;
  private readonly pathOff: Uint32Array;
  private readonly pathBytes: Uint8Array;
  private byPath: Map<string, number> | null = null;
  private readonly paths: (string | undefined)[] = [];

  constructor(input: Uint8Array) {
    if (!littleEndian) throw new SegmentError('this machine is big-endian');
    if (input.byteLength < HEADER_BYTES) throw new SegmentError('too short');
    // Typed views need aligned offsets; a buffer from a pool may not be.
    const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u = (i: number) => view.getUint32(i * 4, true);
    if (u(0) !== MAGIC || u(1) !== FORMAT) throw new SegmentError('not a postings file of this version');
    if (u(5) !== bytes.byteLength) throw new SegmentError(`size ${bytes.byteLength} is not ${u(5)} (cut short?)`);
    this.docCount = u(2);
    this.termCount = u(3);
    this.noteCount = u(4);
    this.generation = generationName([u(6), u(7)]);
    this.avg = [];
    for (let f = 0; f < FIELD_COUNT; f++) this.avg.push(view.getFloat64(HEADER_WORDS * 4 + f * 8, true));
    const off = (i: number) => view.getUint32(HEADER_WORDS * 4 + FIELD_COUNT * 8 + i * 4, true);
    const end = (i: number) => (i + 1 < SECTIONS ? off(i + 1) : bytes.byteLength);
    const u32 = (i: number, n: number) => {
      if (off(i) + n * 4 > end(i)) throw new SegmentError('section out of bounds');
      return new Uint32Array(bytes.buffer, bytes.byteOffset + off(i), n);
    };
    const u8 = (i: number, n: number) => {
      if (off(i) + n > end(i)) throw new SegmentError('section out of bounds');
      return new Uint8Array(bytes.buffer, bytes.byteOffset + off(i), n);
    };
    this.docIds = u32(0, this.docCount);
    this.fieldLen = u32(1, this.docCount * FIELD_COUNT);
    this.termOff = u32(2, this.termCount + 1);
    this.termLen16 = u8(3, this.termCount);
    this.postOff = u32(4, this.termCount * FIELD_COUNT + 1);
    this.postCount = u32(5, this.termCount * FIELD_COUNT);
    this.termBytes = u8(6, this.termOff[this.termCount]);
    this.postBytes = u8(7, this.postOff[this.termCount * FIELD_COUNT]);
    this.noteFirst = u32(8, this.noteCount);
    this.noteUnits = u32(9, this.noteCount);
    this.pathOff = u32(10, this.noteCount + 1);
    this.pathBytes = u8(11, this.pathOff[this.noteCount]);
  }

  term(t: number): string {
    return text(this.termBytes, this.termOff[t], this.termOff[t + 1]);
  }

  private decoded: string[] | null = null;

  /** Every term, decoded once (typo lookup walks the whole dictionary). */
  allTerms(): string[] {
    if (!this.decoded) {
      this.decoded = [];
      for (let t = 0; t < this.termCount; t++) this.decoded.push(this.term(t));
    }
    return this.decoded;
  }

  /** The dictionary index of a term, or -1. */
  find(term: string): number {
    let lo = 0;
    let hi = this.termCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.term(mid);
      if (t === term) return mid;
      if (t < term) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Calls fn(slot, tf) for each posting of term t in field f, slots ascending. */
  postings(t: number, f: number, fn: (slot: number, tf: number) => void): void {
    const k = t * FIELD_COUNT + f;
    const b = this.postBytes;
    let at = this.postOff[k];
    const stop = this.postOff[k + 1];
    let slot = -1;
    while (at < stop) {
      let v = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = b[at++];
        v |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      slot += v >>> 0;
      v = 0;
      shift = 0;
      do {
        byte = b[at++];
        v |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      fn(slot, v >>> 0);
    }
  }

  /** The slot of a unit id, or -1 (ids ascend with slots). */
  slotOf(id: number): number {
    let lo = 0;
    let hi = this.docCount - 1;
    const ids = this.docIds;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] === id) return mid;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  notePath(i: number): string {
    // Decoded once: a query's note-context pass and unit lookups ask for the same paths again and again.
    return (this.paths[i] ??= text(this.pathBytes, this.pathOff[i], this.pathOff[i + 1]));
  }

  /** The unit ids a note had when the segment was written. */
  idsOf(path: string): number[] | undefined {
    if (!this.byPath) {
      this.byPath = new Map();
      for (let i = 0; i < this.noteCount; i++) this.byPath.set(this.notePath(i), i);
    }
    const i = this.byPath.get(path);
    if (i === undefined) return undefined;
    const out: number[] = [];
    for (let k = 0; k < this.noteUnits[i]; k++) out.push(this.noteFirst[i] + k);
    return out;
  }

  /** [note path, unit ordinal] of a unit id, from the notes table (sorted by first id). */
  locate(id: number): [string, number] | undefined {
    let lo = 0;
    let hi = this.noteCount - 1;
    const first = this.noteFirst;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (first[mid] <= id) lo = mid + 1;
      else hi = mid - 1;
    }
    const i = lo - 1;
    if (i < 0 || id >= first[i] + this.noteUnits[i]) return undefined;
    return [this.notePath(i), id - first[i]];
  }

  /** Every note in the segment with its unit ids, in id order. */
  *notes(): Generator<SegmentNote> {
    for (let i = 0; i < this.noteCount; i++) yield { path: this.notePath(i), firstId: this.noteFirst[i], count: this.noteUnits[i] };
  }
}

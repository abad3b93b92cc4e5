// The recall index: a catalog of every note's facts (small, loaded at once) and the full-text engine over
// the notes' units (a compact segment, read without parsing when a query first needs it; engine.ts). Units
// themselves are not persisted: they are re-read from the note on demand, so what is injected is always
// the note as it is now.
import { Engine, engineDoc, type EngineDoc } from './engine';
import { extractNote } from './extract';
import { generationName, newGeneration, Segment, SegmentError, type SegmentNote } from './segment';
import type { IndexedNote, IndexedUnit, NoteInput } from './types';

/** Bump whenever extraction, tokenising or the stored shape changes: older caches are then rebuilt. */
export const INDEX_VERSION = 5;

/** Thrown by MemoryIndex.load when a cache cannot be used; callers rebuild from the notes. */
export class IndexCacheError extends Error {
  readonly code = 'INDEX_CACHE';
  constructor(reason: string) {
    super(`recall index cache unusable: ${reason}`);
    this.name = 'IndexCacheError';
  }
}

/** Reads a note's current text and modification time; null when it is gone. Injected: core does no I/O. */
export type NoteReader = (path: string) => { text: string; mtime: number } | null;

interface CatalogData {
  version: number;
  /** Ties the catalog to the full-text segment it was saved with. */
  generation: string;
  nextId: number;
  notes: IndexedNote[];
  /** Notes changed since the full-text segment; applied when the engine is next loaded. */
  pending: string[];
}

/**
 * A whole index in memory, for another thread (the plugin builds in a Web Worker): the catalog with every
 * note's units and the problems not yet taken (JSON), and the full-text segment's bytes (transferable).
 */
export interface IndexTransfer {
  catalog: string;
  fullText: Uint8Array;
}

interface TransferData {
  version: number;
  nextId: number;
  notes: IndexedNote[];
  problems: IndexProblem[];
}

export interface LoadOptions {
  /** The full-text segment's bytes, read only when a search first needs it (a string is an older format: rebuilt). */
  fullText?: () => Uint8Array | string | null;
  reader?: NoteReader;
  /** Told why a saved segment could not be used (it is then rebuilt from the notes). */
  onUnusable?: (reason: string) => void;
}

function parseJson<T>(json: string, what: string): T {
  try {
    return JSON.parse(json) as T;
  } catch (e) {
    throw new IndexCacheError(`${what} is not JSON (${(e as Error).message})`);
  }
}

/** What the derived tables (link resolver, project list) read from a note. */
function linkIdentity(n: IndexedNote): string {
  return JSON.stringify([n.title, n.aliases, n.type, n.repo, n.error !== undefined]);
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export interface IndexProblem {
  path: string;
  reason: string;
}

/** The log line for a note indexed by its body alone: the same words from the CLI, the hooks and the plugin. */
export function problemLogLine(p: IndexProblem): string {
  return `recall: ${p.path}: frontmatter not read (${p.reason}); indexed by its body, file left as it is`;
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Changes since the segment above which saving folds them into a new segment (below it they stay listed
 * as pending and are re-read when a query loads the engine: cheaper than rewriting the segment each time).
 */
const FOLD_MIN_UNITS = 2000;
const FOLD_SHARE = 0.1;

export class MemoryIndex {
  readonly notes = new Map<string, IndexedNote>();
  private nextId = 1;
  private generationWords = newGeneration();
  private generation = generationName(this.generationWords);
  private engine: Engine | null = null;
  /** Unit ids per note path where they differ from the segment's notes table (an empty list: none). */
  private ids = new Map<string, number[]>();
  private unitById = new Map<number, IndexedUnit>();
  /** id → [note path, unit ordinal] for units added since the segment. */
  private where = new Map<number, [string, number]>();
  /** Notes changed since the segment and not yet applied to the engine. */
  private pending = new Set<string>();
  /** Notes changed since the segment (applied or not): saved as pending until the next segment. */
  private sinceSegment = new Set<string>();
  private fullTextSource?: () => Uint8Array | string | null;
  private reader?: NoteReader;
  private onUnusable?: (reason: string) => void;
  private catalogDirty = false;
  /** The engine's segment is not on disk yet (a build, a rebuild, a fold). */
  private segmentUnsaved = false;
  private frozen: Uint8Array | null = null;
  /** Values derived from all notes (link resolver, project list); dropped when a note comes, goes, or changes what they read. */
  private derived = new Map<string, unknown>();
  /** Notes (re)indexed here whose frontmatter did not parse, with the reason: reported once by the shell. */
  private problems: { path: string; reason: string }[] = [];

  private constructor() {}

  static build(notes: Iterable<NoteInput>, reader?: NoteReader): MemoryIndex {
    const index = new MemoryIndex();
    index.reader = reader;
    const docs: EngineDoc[] = [];
    for (const n of notes) docs.push(...index.admit(extractNote(n)));
    index.buildEngine(docs);
    return index;
  }

  /**
   * Reads a saved index: either the single JSON of serialize(), or the catalog part of serializeParts()
   * with the full-text part supplied lazily. IndexCacheError when it is corrupt or from another version.
   */
  static load(json: string, opts: LoadOptions = {}): MemoryIndex {
    const data = parseJson<(CatalogData & { fullText?: string }) | null>(json, 'catalog');
    if (!data || typeof data !== 'object' || data.version !== INDEX_VERSION) {
      throw new IndexCacheError(`version ${String(data?.version)} is not ${INDEX_VERSION}`);
    }
    if (!Array.isArray(data.notes) || !Array.isArray(data.pending) || typeof data.nextId !== 'number' || typeof data.generation !== 'string') {
      throw new IndexCacheError('catalog is missing parts');
    }
    const index = new MemoryIndex();
    index.nextId = data.nextId;
    index.generation = data.generation;
    index.reader = opts.reader;
    index.onUnusable = opts.onUnusable;
    for (const note of data.notes) {
      if (!note || typeof note.path !== 'string' || typeof note.mtime !== 'number') throw new IndexCacheError('catalog entry malformed');
      delete note.units;
      index.notes.set(note.path, note);
    }
    index.pending = new Set(data.pending);
    index.sinceSegment = new Set(data.pending);
    if (typeof data.fullText === 'string') {
      const b64 = data.fullText;
      index.fullTextSource = () => fromBase64(b64);
    } else {
      index.fullTextSource = opts.fullText;
    }
    return index;
  }

  /**
   * The index as it is, units and all, for restore() on another thread: there it searches, packs and gives
   * units exactly as this one does. Changes since the segment are folded in first (a fresh build has none).
   */
  serializeForTransfer(): IndexTransfer {
    const engine = this.fullText;
    const bytes = this.frozen && this.ids.size === 0 && this.sinceSegment.size === 0 ? this.frozen : this.foldNow(engine);
    const data: TransferData = { version: INDEX_VERSION, nextId: this.nextId, notes: [...this.notes.values()], problems: this.problems };
    return { catalog: JSON.stringify(data), fullText: bytes };
  }

  /**
   * The index serializeForTransfer() gave, as build() leaves one: unsaved, its units in memory, the problems
   * of the build still to be taken. IndexCacheError when the parts are not one whole index of this version.
   */
  static restore(parts: IndexTransfer, reader?: NoteReader): MemoryIndex {
    const data = parseJson<TransferData | null>(parts.catalog, 'transferred index');
    if (!data || typeof data !== 'object' || data.version !== INDEX_VERSION) {
      throw new IndexCacheError(`version ${String(data?.version)} is not ${INDEX_VERSION}`);
    }
    if (!Array.isArray(data.notes) || !Array.isArray(data.problems) || typeof data.nextId !== 'number') {
      throw new IndexCacheError('transferred index is missing parts');
    }
    const index = new MemoryIndex();
    index.reader = reader;
    index.nextId = data.nextId;
    for (const note of data.notes) {
      index.notes.set(note.path, note);
      for (const u of note.units ?? []) index.unitById.set(u.id, u);
    }
    index.problems = data.problems;
    let engine: Engine;
    try {
      engine = Engine.fromBytes(parts.fullText);
    } catch (e) {
      throw e instanceof SegmentError ? new IndexCacheError(e.message) : e;
    }
    index.engine = engine;
    index.generation = (engine.saved as Segment).generation;
    index.frozen = parts.fullText;
    index.segmentUnsaved = true;
    index.catalogDirty = true;
    return index;
  }

  /** Everything in one JSON (the engine included, loading it if needed). */
  serialize(): string {
    const engine = this.fullText;
    const bytes = this.frozen ?? this.foldNow(engine);
    return JSON.stringify({ ...this.catalogData(), fullText: toBase64(bytes) });
  }

  /**
   * The catalog, and the full-text segment when it changed and is in memory (null otherwise: the saved
   * one stays valid, with `pending` listing what it misses). Changes past a tenth of the units (or the
   * first save after a build) are folded into a new segment here.
   */
  serializeParts(): { catalog: string; fullText: Uint8Array | null } {
    if (this.engine && !this.segmentUnsaved && this.engine.changes > Math.max(FOLD_MIN_UNITS, this.engine.documentCount * FOLD_SHARE)) this.fold();
    if (this.engine && this.segmentUnsaved) {
      const bytes = this.frozen ?? this.foldNow(this.engine);
      return { catalog: JSON.stringify(this.catalogData()), fullText: bytes };
    }
    return { catalog: JSON.stringify(this.catalogData()), fullText: null };
  }

  /** Whether anything changed since the index was built, loaded or last marked saved. */
  get dirty(): boolean {
    return this.catalogDirty || (this.engine !== null && this.segmentUnsaved);
  }

  markSaved(): void {
    this.catalogDirty = false;
    if (this.engine) {
      this.segmentUnsaved = false;
      this.frozen = null;
    }
  }

  /** Notes changed since the saved segment (what the next query re-reads). */
  get changedSinceSegment(): number {
    return this.sinceSegment.size;
  }

  private catalogData(): CatalogData {
    const notes = [...this.notes.values()].map(({ units: _units, ...rest }) => rest);
    return { version: INDEX_VERSION, generation: this.generation, nextId: this.nextId, notes, pending: [...this.sinceSegment] };
  }

  /** A fresh engine (and its unsaved segment) over all the units admitted here. */
  private buildEngine(docs: EngineDoc[]): Engine {
    this.generationWords = newGeneration();
    this.generation = generationName(this.generationWords);
    const built = Engine.build(docs, this.segmentNotes(), this.generationWords);
    this.engine = built.engine;
    this.frozen = built.bytes;
    this.ids.clear();
    this.where.clear();
    this.sinceSegment.clear();
    this.segmentUnsaved = true;
    this.catalogDirty = true;
    return built.engine;
  }

  /** Which note owns which unit ids, for a segment's notes table. */
  private segmentNotes(): SegmentNote[] {
    const table: SegmentNote[] = [];
    for (const path of this.notes.keys()) {
      const ids = this.idsOf(path);
      if (ids?.length) table.push({ path, firstId: ids[0], count: ids.length });
    }
    return table;
  }

  /** Folds the engine into a new segment, under a new generation. */
  private fold(): void {
    if (this.engine) this.foldNow(this.engine);
  }

  private foldNow(engine: Engine): Uint8Array {
    this.generationWords = newGeneration();
    this.generation = generationName(this.generationWords);
    this.frozen = engine.freeze(this.segmentNotes(), this.generationWords);
    this.ids.clear();
    this.where.clear();
    this.sinceSegment.clear();
    this.segmentUnsaved = true;
    this.catalogDirty = true;
    return this.frozen;
  }

  private idsOf(path: string): number[] | undefined {
    return this.ids.get(path) ?? this.engine?.saved?.idsOf(path);
  }

  /** Brings one note up to date: new text replaces what was indexed; null removes the note. */
  update(path: string, text: string | null, mtime: number = Date.now()): void {
    this.catalogDirty = true;
    this.sinceSegment.add(path);
    const note = text === null ? null : extractNote({ path, text, mtime });
    const old = this.notes.get(path);
    if (!old || !note || linkIdentity(old) !== linkIdentity(note)) this.derived.clear();
    if (!this.engine) {
      // The engine is not in memory (a fast start): record the note as pending for the engine.
      if (note?.frontmatterError) this.problems.push({ path, reason: note.frontmatterError });
      if (note) this.notes.set(path, note);
      else this.notes.delete(path);
      this.pending.add(path);
      return;
    }
    this.forget(path);
    if (note) this.engine.addAll(this.admit(note));
    else this.notes.delete(path);
  }

  /** Paths of the notes whose text has been read (all of them after a build). */
  readPaths(): string[] {
    const out: string[] = [];
    for (const n of this.notes.values()) if (n.units) out.push(n.path);
    return out;
  }

  get size(): number {
    return this.notes.size;
  }

  /** The note's units (re-read through the reader after a load). Empty when the note cannot be read. */
  unitsOf(note: IndexedNote): IndexedUnit[] {
    if (note.units) return note.units;
    const current = this.reader?.(note.path);
    if (!current) return [];
    if (current.mtime !== note.mtime) {
      // Changed under us: take the note as it is now.
      this.update(note.path, current.text, current.mtime);
      return this.notes.get(note.path)?.units ?? [];
    }
    const fresh = extractNote({ path: note.path, text: current.text, mtime: current.mtime });
    const ids = this.engine && !this.pending.has(note.path) ? this.idsOf(note.path) : undefined;
    const units = fresh.units ?? [];
    units.forEach((u, i) => {
      u.id = ids?.[i] ?? -1;
      if (u.id !== -1) this.unitById.set(u.id, u);
    });
    note.units = units;
    return units;
  }

  /**
   * Forgets the units read from notes; the catalog, the engine and the derived tables stay. The next use
   * re-reads each note as it is then, as a freshly loaded index would: what a process that holds the index
   * between requests calls after each one, so a note edited in place is never served from memory.
   */
  dropTexts(): void {
    for (const note of this.notes.values()) delete note.units;
    this.unitById.clear();
  }

  /**
   * For an index held between requests: the notes changed since the saved segment are the ones a fresh load
   * re-reads whenever its engine loads, so here each whose file moved (`mtimeOf`) is read again. Together with
   * dropTexts, a held index then finds what a freshly loaded one finds.
   */
  recheckSinceSegment(mtimeOf: (path: string) => number | null): void {
    if (!this.engine || !this.reader) return;
    for (const path of [...this.sinceSegment]) {
      const note = this.notes.get(path);
      if (!note || mtimeOf(path) === note.mtime) continue;
      const current = this.reader(path);
      if (current) this.update(path, current.text, current.mtime);
    }
  }

  /** The note path of an engine id, without reading the note. */
  pathOf(id: number): string | undefined {
    const cached = this.unitById.get(id);
    if (cached) return cached.path;
    return this.locate(id)?.[0];
  }

  private locate(id: number): [string, number] | undefined {
    return this.where.get(id) ?? this.engine?.saved?.locate(id);
  }

  /** A unit by its engine id, with its note; undefined when it no longer exists. */
  unit(id: number): { note: IndexedNote; unit: IndexedUnit } | undefined {
    const cached = this.unitById.get(id);
    if (cached) {
      const note = this.notes.get(cached.path);
      return note && note.units?.includes(cached) ? { note, unit: cached } : undefined;
    }
    const at = this.locate(id);
    const note = at && this.notes.get(at[0]);
    const unit = note ? this.unitsOf(note)[at[1]] : undefined;
    return note && unit && unit.id === id ? { note, unit } : undefined;
  }

  /** The full-text engine, loaded (or rebuilt from the notes) on first use. */
  get fullText(): Engine {
    if (this.engine) return this.engine;
    const loaded = this.loadSnapshot();
    if (loaded) {
      this.engine = loaded;
      // Notes read before the engine was loaded get their engine ids now.
      for (const note of this.notes.values()) {
        if (!note.units || this.pending.has(note.path)) continue;
        const ids = this.idsOf(note.path);
        if (ids && ids.length === note.units.length)
          note.units.forEach((u, i) => {
            u.id = ids[i];
            this.unitById.set(u.id, u);
          });
        else this.pending.add(note.path);
      }
      const docs: EngineDoc[] = [];
      for (const path of this.pending) {
        this.forget(path);
        this.sinceSegment.add(path);
        const note = this.notes.get(path);
        if (note) {
          const units = this.unitsFromReader(note);
          if (units) docs.push(...this.admitUnits(note, units));
        }
      }
      this.engine.addAll(docs);
      if (this.pending.size) this.catalogDirty = true;
      this.pending.clear();
      return this.engine;
    }
    // No usable snapshot: rebuild the engine from the notes as they are now.
    this.ids.clear();
    this.where.clear();
    this.unitById.clear();
    const docs: EngineDoc[] = [];
    for (const note of this.notes.values()) {
      delete note.units;
      const units = this.unitsFromReader(note);
      if (units) docs.push(...this.admitUnits(note, units));
    }
    this.pending.clear();
    return this.buildEngine(docs);
  }

  /** Whether saved segment bytes belong to this catalog and are whole (a cheap check: nothing is decoded). */
  segmentMatches(bytes: Uint8Array | null): boolean {
    if (!bytes) return false;
    try {
      return new Segment(bytes).generation === this.generation;
    } catch {
      return false;
    }
  }

  /** Whether the full-text engine is in memory (a search will not have to load it). */
  get fullTextLoaded(): boolean {
    return this.engine !== null;
  }

  /** A value computed from the whole index, kept until the next update. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
  }

  private loadSnapshot(): Engine | null {
    const bytes = this.fullTextSource?.();
    this.fullTextSource = undefined;
    if (!bytes) return null;
    if (typeof bytes === 'string') {
      this.onUnusable?.('an older format');
      return null;
    }
    try {
      const engine = Engine.fromBytes(bytes);
      if (engine.saved?.generation === this.generation) return engine;
      // Another process saved in between (or a save was cut short): not corrupt, just not this catalog's.
      return null;
    } catch (e) {
      if (!(e instanceof SegmentError)) throw e;
      this.onUnusable?.(e.message);
      return null;
    }
  }

  private unitsFromReader(note: IndexedNote): IndexedUnit[] | null {
    if (note.units) return note.units;
    const current = this.reader?.(note.path);
    if (!current) return null;
    const fresh = extractNote({ path: note.path, text: current.text, mtime: current.mtime });
    const units = fresh.units ?? [];
    if (current.mtime !== note.mtime) {
      this.notes.set(note.path, fresh);
      this.catalogDirty = true;
      return units;
    }
    note.units = units;
    return units;
  }

  private forget(path: string): void {
    const ids = this.idsOf(path);
    if (ids && this.engine) {
      for (const id of ids) {
        this.engine.discard(id);
        this.unitById.delete(id);
        this.where.delete(id);
      }
    }
    this.ids.set(path, []);
  }

  /** The notes indexed by their body alone since the last call (broken frontmatter), for the log. */
  takeProblems(): IndexProblem[] {
    const out = this.problems;
    this.problems = [];
    return out;
  }

  private admit(note: IndexedNote): EngineDoc[] {
    if (note.frontmatterError) this.problems.push({ path: note.path, reason: note.frontmatterError });
    this.notes.set(note.path, note);
    return this.admitUnits(note, note.units ?? []);
  }

  private admitUnits(note: IndexedNote, units: IndexedUnit[]): EngineDoc[] {
    const current = this.notes.get(note.path) ?? note;
    current.units = units;
    const docs: EngineDoc[] = [];
    const ids: number[] = [];
    units.forEach((u, i) => {
      u.id = this.nextId++;
      ids.push(u.id);
      this.unitById.set(u.id, u);
      this.where.set(u.id, [note.path, i]);
      docs.push(engineDoc(current, u));
    });
    this.ids.set(note.path, ids);
    return docs;
  }
}

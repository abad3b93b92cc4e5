// The recall index: a catalog of every note's facts (small, loaded at once) and the full-text engine over
// the notes' units (large, loaded only when a query needs it). Units themselves are not persisted: they are
// re-read from the note on demand, so what is injected is always the note as it is now.
import type MiniSearch from 'minisearch';
import { createEngine, engineDoc, loadEngine, type AsPlainObject, type EngineDoc } from './engine';
import { extractNote } from './extract';
import type { IndexedNote, IndexedUnit, NoteInput } from './types';

/** Bump whenever extraction, tokenising or the stored shape changes: older caches are then rebuilt. */
export const INDEX_VERSION = 4;

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
  /** Ties the catalog to the full-text snapshot it was saved with. */
  generation: string;
  nextId: number;
  notes: IndexedNote[];
  /** Notes changed since the full-text snapshot; applied when the engine is next loaded. */
  pending: string[];
}

interface FullTextData {
  version: number;
  generation: string;
  /** Unit ids of each note, in unit order. */
  ids: Record<string, number[]>;
  engine: AsPlainObject;
}

export interface LoadOptions {
  /** The full-text snapshot's JSON, read only when a search first needs it. */
  fullText?: () => string | null;
  reader?: NoteReader;
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

/**
 * A fresh token for each saved snapshot. Random rather than counted, so two processes saving at once can
 * never pair one's catalog with the other's full text.
 */
function newGeneration(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface IndexProblem {
  path: string;
  reason: string;
}

/** The log line for a note indexed by its body alone: the same words from the CLI, the hooks and the plugin. */
export function problemLogLine(p: IndexProblem): string {
  return `recall: ${p.path}: frontmatter not read (${p.reason}); indexed by its body, file left as it is`;
}

export class MemoryIndex {
  readonly notes = new Map<string, IndexedNote>();
  private nextId = 1;
  private generation = newGeneration();
  private engine: MiniSearch<EngineDoc> | null = null;
  /** Unit ids per note path as known to the engine (or its snapshot). */
  private ids = new Map<string, number[]>();
  private unitById = new Map<number, IndexedUnit>();
  /** id → [note path, unit ordinal], built on first lookup after a load. */
  private where: Map<number, [string, number]> | null = null;
  private pending = new Set<string>();
  private fullTextSource?: () => string | null;
  private reader?: NoteReader;
  private catalogDirty = false;
  private fullTextDirty = false;
  /** Values derived from all notes (link resolver, project list); dropped when a note comes, goes, or changes what they read. */
  private derived = new Map<string, unknown>();
  /** Notes (re)indexed here whose frontmatter did not parse, with the reason: reported once by the shell. */
  private problems: { path: string; reason: string }[] = [];

  private constructor() {}

  static build(notes: Iterable<NoteInput>, reader?: NoteReader): MemoryIndex {
    const index = new MemoryIndex();
    index.reader = reader;
    index.engine = createEngine();
    const docs: EngineDoc[] = [];
    for (const n of notes) docs.push(...index.admit(extractNote(n)));
    index.engine.addAll(docs);
    index.catalogDirty = index.fullTextDirty = true;
    return index;
  }

  /**
   * Reads a saved index: either the single JSON of serialize(), or the catalog part of serializeParts()
   * with the full-text part supplied lazily. IndexCacheError when it is corrupt or from another version.
   */
  static load(json: string, opts: LoadOptions = {}): MemoryIndex {
    const data = parseJson<(CatalogData & { fullText?: FullTextData }) | null>(json, 'catalog');
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
    for (const note of data.notes) {
      if (!note || typeof note.path !== 'string' || typeof note.mtime !== 'number') throw new IndexCacheError('catalog entry malformed');
      delete note.units;
      index.notes.set(note.path, note);
    }
    index.pending = new Set(data.pending);
    if (data.fullText) {
      const ft = data.fullText;
      index.fullTextSource = () => JSON.stringify(ft);
    } else {
      index.fullTextSource = opts.fullText;
    }
    return index;
  }

  /** Everything in one JSON (engine included, loading it if needed). */
  serialize(): string {
    const engine = this.fullText;
    return JSON.stringify({ ...this.catalogData(), fullText: this.fullTextData(engine) });
  }

  /**
   * The catalog, and the full-text part when the engine is in memory (null otherwise: the saved one
   * stays valid, with `pending` listing what it misses).
   */
  serializeParts(): { catalog: string; fullText: string | null } {
    if (this.engine && this.fullTextDirty) {
      this.generation = newGeneration();
      const fullText = JSON.stringify(this.fullTextData(this.engine));
      return { catalog: JSON.stringify(this.catalogData()), fullText };
    }
    return { catalog: JSON.stringify(this.catalogData()), fullText: null };
  }

  /** Whether anything changed since the index was built, loaded or last marked saved. */
  get dirty(): boolean {
    return this.catalogDirty || this.fullTextDirty;
  }

  markSaved(): void {
    this.catalogDirty = false;
    if (this.engine) this.fullTextDirty = false;
  }

  private catalogData(): CatalogData {
    const notes = [...this.notes.values()].map(({ units: _units, ...rest }) => rest);
    const pending = this.engine ? [] : [...this.pending];
    return { version: INDEX_VERSION, generation: this.generation, nextId: this.nextId, notes, pending };
  }

  private fullTextData(engine: MiniSearch<EngineDoc>): FullTextData {
    return { version: INDEX_VERSION, generation: this.generation, ids: Object.fromEntries(this.ids), engine: engine.toJSON() };
  }

  /** Brings one note up to date: new text replaces what was indexed; null removes the note. */
  update(path: string, text: string | null, mtime: number = Date.now()): void {
    this.catalogDirty = true;
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
    this.fullTextDirty = true;
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
    const ids = this.ids.get(note.path);
    const units = fresh.units ?? [];
    units.forEach((u, i) => {
      u.id = ids?.[i] ?? -1;
      if (u.id !== -1) this.unitById.set(u.id, u);
    });
    note.units = units;
    return units;
  }

  /** The note path of an engine id, without reading the note. */
  pathOf(id: number): string | undefined {
    const cached = this.unitById.get(id);
    if (cached) return cached.path;
    return this.locate(id)?.[0];
  }

  private locate(id: number): [string, number] | undefined {
    if (!this.where) {
      this.where = new Map();
      for (const [path, ids] of this.ids) ids.forEach((uid, i) => this.where?.set(uid, [path, i]));
    }
    return this.where.get(id);
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

  /** Drops discarded documents from the engine once they are a fifth of it, so saved snapshots stay lean. */
  async compact(): Promise<void> {
    const engine = this.engine;
    if (!engine || engine.dirtCount === 0 || engine.dirtCount < engine.documentCount / 5) return;
    await engine.vacuum({ batchWait: 0 });
    this.fullTextDirty = true;
  }

  /** The full-text engine, loaded (or rebuilt from the notes) on first use. */
  get fullText(): MiniSearch<EngineDoc> {
    if (this.engine) return this.engine;
    const loaded = this.loadSnapshot();
    if (loaded) {
      this.engine = loaded;
      // Notes read before the engine was loaded get their engine ids now.
      for (const note of this.notes.values()) {
        if (!note.units || this.pending.has(note.path)) continue;
        const ids = this.ids.get(note.path);
        if (ids && ids.length === note.units.length)
          note.units.forEach((u, i) => {
            u.id = ids[i];
            this.unitById.set(u.id, u);
          });
        else this.pending.add(note.path);
      }
      for (const path of this.pending) {
        this.forget(path);
        const note = this.notes.get(path);
        if (note) {
          const units = this.unitsFromReader(note);
          if (units) this.engine.addAll(this.admitUnits(note, units));
        }
      }
      if (this.pending.size) this.fullTextDirty = this.catalogDirty = true;
      this.pending.clear();
      return this.engine;
    }
    // No usable snapshot: rebuild the engine from the notes as they are now.
    this.engine = createEngine();
    this.ids.clear();
    this.where = null;
    this.unitById.clear();
    const docs: EngineDoc[] = [];
    for (const note of this.notes.values()) {
      delete note.units;
      const units = this.unitsFromReader(note);
      if (units) docs.push(...this.admitUnits(note, units));
    }
    this.engine.addAll(docs);
    this.pending.clear();
    this.fullTextDirty = this.catalogDirty = true;
    return this.engine;
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

  private loadSnapshot(): MiniSearch<EngineDoc> | null {
    const json = this.fullTextSource?.();
    this.fullTextSource = undefined;
    if (!json) return null;
    try {
      const data = parseJson<FullTextData>(json, 'full-text index');
      if (data?.version !== INDEX_VERSION || data.generation !== this.generation || !data.ids || !data.engine) return null;
      const engine = loadEngine(data.engine);
      this.ids = new Map(Object.entries(data.ids));
      this.where = null;
      let count = 0;
      for (const ids of this.ids.values()) count += ids.length;
      if (count !== engine.documentCount) return null;
      return engine;
    } catch {
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
    const ids = this.ids.get(path);
    if (ids && this.engine) {
      for (const id of ids) {
        if (this.engine.has(id)) this.engine.discard(id);
        this.unitById.delete(id);
        this.where?.delete(id);
      }
    }
    this.ids.delete(path);
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
      this.where?.set(u.id, [note.path, i]);
      docs.push(engineDoc(current, u));
    });
    this.ids.set(note.path, ids);
    return docs;
  }
}

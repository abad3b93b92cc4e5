// The full-text engine: minisearch (BM25) over units, with title, alias and heading boosts and typo tolerance.
// Kept in one place so indexing, loading and querying always use the same options.
import MiniSearch, { type AsPlainObject, type Options, type SearchResult as EngineHit } from 'minisearch';
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
 * heading names what the section is about. BM25 parameters are the usual ones (k1 1.2, b 0.7).
 */
export const BOOST = { name: 3, heading: 1.5, text: 1 };

const engineOptions: Options<EngineDoc> = {
  fields: [...FIELDS],
  storeFields: [],
  tokenize,
  processTerm,
  autoVacuum: false,
  searchOptions: {
    boost: BOOST,
    combineWith: 'OR',
    // Typo tolerance on longer words only: short words have too many one-letter neighbours. (searchEngine
    // narrows this further to words the index does not know.)
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 2,
    prefix: false,
  },
};

export function engineDoc(note: IndexedNote, unit: IndexedUnit): EngineDoc {
  return {
    id: unit.id,
    name: [note.title, ...note.aliases, ...(note.about ?? [])].join(' '),
    heading: unit.heading ?? '',
    text: unit.text,
  };
}

/**
 * Runs a query. Fuzzy lookup walks the whole term tree and costs far more than an exact one, so it is done
 * only for a query word the index does not contain: that is when a typo is likely. minisearch keeps its
 * term tree private; should that change, every longer word is looked up fuzzily, as configured above.
 */
export function searchEngine(engine: MiniSearch<EngineDoc>, query: string): EngineHit[] {
  const terms = (engine as unknown as { _index?: { has?: (term: string) => boolean } })._index;
  const known = terms && typeof terms.has === 'function' ? (t: string) => Boolean(terms.has?.(t)) : () => false;
  return engine.search(query, { fuzzy: (term) => (term.length >= 5 && !known(term) ? 0.2 : false) });
}

export function createEngine(): MiniSearch<EngineDoc> {
  return new MiniSearch<EngineDoc>(engineOptions);
}

export function loadEngine(js: AsPlainObject): MiniSearch<EngineDoc> {
  return MiniSearch.loadJS<EngineDoc>(js, engineOptions);
}

export type { EngineHit, AsPlainObject };

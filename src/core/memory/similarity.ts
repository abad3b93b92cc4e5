// "Is this already known?" for memory items worded differently: compare normalised content tokens (case,
// punctuation, inflection, filler words and link syntax removed), never raw strings. A negation on one side
// only ("use papaparse" / "don't use papaparse") is never a match: that is a reversal, not a repeat.

const STOPWORDS = new Set(
  (
    'a an the and or but if then than so of to in on at by for from with into onto about as is are was were be been ' +
    'being am do does did done has have had having it its this that these those there here we our us you your i me my ' +
    'he she they them their his her will would shall should can could may might must also just very really please ' +
    "let lets let's ok okay now still yet going go via per each any some all more most such same other " +
    'decide decided decision decisions agreed agree choose chose chosen opt opted settle settled ' +
    'user users prefer prefers preferred preference want wants wanted like likes would rather ' +
    'todo task next step steps need needs needed remember note noted keep kept make sure said say says told'
  ).split(' '),
);

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "won't",
  'wont',
  'without',
  'avoid',
  'stop',
  'stopped',
  'neither',
  'nor',
  'cannot',
  "can't",
  'cant',
  "isn't",
  "aren't",
  "shouldn't",
]);

/** Crude, consistent suffix stripping: enough for "parse/parses/parsed/parsing" to meet. */
export function stem(word: string): string {
  for (const suffix of ['ing', 'ies', 'ed', 'es', 'ly', 'e', 's', 'd']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** Link syntax becomes its visible words; provenance links in parentheses ("([[session]])") disappear. */
function stripMarkup(text: string): string {
  return text
    .replace(/\(\s*\[\[[^\]]*\]\]\s*\)/g, ' ')
    .replace(/!?\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
    .replace(
      /!?\[\[([^\]]*)\]\]/g,
      (_, t: string) =>
        t
          .replace(/#\^?[^#]*$/, '')
          .split('/')
          .pop() ?? '',
    )
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(?:^|\s)\^[A-Za-z0-9-]+\s*$/, ' ')
    .replace(/~~|\*\*|__|`/g, ' ');
}

export interface TokenProfile {
  tokens: Set<string>;
  /** Tokens that name something (a person, a product, a number, an identifier): swapping one changes the fact. */
  keys: Set<string>;
  negated: boolean;
}

// Words a bullet commonly starts with (imperatives and adverbs); any other capitalised first word is
// taken for a name ("Priya reviews…").
const LEADING = new Set(
  (
    'use uses add adds added keep always never switch switched run runs make prefer avoid write ' +
    'remove removed drop dropped move fix fixed update updated set create created check stop start ask review store ' +
    'cache parse strip retry test document rename split merge deploy build install open close commit push pin put ' +
    'replace replaced revert reverted adopt adopted implement implemented support ship shipped call return read ' +
    "only first then still currently one two every each no not dont don't do does did be is are was were it its"
  ).split(' '),
);

/** Capitalised and not a sentence's opening word, carrying a digit or underscore, or a name at the start. */
function isKey(original: string, first: boolean): boolean {
  if (/\d|_/.test(original)) return true;
  if (!/^\p{Lu}/u.test(original)) return false;
  const lower = original.toLowerCase();
  return !first || !(LEADING.has(lower) || STOPWORDS.has(lower));
}

/**
 * A decision's history (" History: proposed X …; back to Y …", written by the decision-chain pass) names the
 * choices it replaced: comparing it would make the current decision look like the ones it dropped.
 */
const HISTORY_TAIL = /\s+History: (?:proposed|changed to|back to) .*$/;

// A checkpoint compares each item with every bullet planned before it: profile each text once.
const profiles = new Map<string, TokenProfile>();

export function profile(text: string): TokenProfile {
  let p = profiles.get(text);
  if (!p) {
    if (profiles.size > 20_000) profiles.clear();
    profiles.set(text, (p = computeProfile(text)));
  }
  return p;
}

function computeProfile(text: string): TokenProfile {
  const words = stripMarkup(text.replace(HISTORY_TAIL, ''))
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_'$.-]+/u);
  const tokens = new Set<string>();
  const keys = new Set<string>();
  let negated = false;
  let first = true;
  for (const original of words) {
    const w = original.replace(/^[.'-]+|[.'-]+$/g, '').toLowerCase();
    if (!w) continue;
    const key = isKey(original.replace(/^[.'-]+/, ''), first);
    first = false;
    if (NEGATIONS.has(w) || w.endsWith("n't")) {
      negated = true;
      continue;
    }
    if (STOPWORDS.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    for (const part of w.includes('.') && !/^\d[\d.]*$/.test(w) ? w.split('.') : [w]) {
      if (!part || STOPWORDS.has(part)) continue;
      tokens.add(stem(part));
      if (key) keys.add(stem(part));
    }
  }
  return { tokens, keys, negated };
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n;
}

export interface Similarity {
  /** Dice coefficient of the two token sets, 0..1. */
  dice: number;
  /** Share of `a`'s tokens found in `b` (a ⊆ b → 1). */
  aInB: number;
  /** Share of `b`'s tokens found in `a`. */
  bInA: number;
  /** One side is negated and the other is not. */
  polarityDiffers: boolean;
}

export function compare(a: string | TokenProfile, b: string | TokenProfile): Similarity {
  const pa = typeof a === 'string' ? profile(a) : a;
  const pb = typeof b === 'string' ? profile(b) : b;
  const common = overlap(pa.tokens, pb.tokens);
  const na = pa.tokens.size;
  const nb = pb.tokens.size;
  return {
    dice: na + nb === 0 ? 0 : (2 * common) / (na + nb),
    aInB: na === 0 ? 0 : common / na,
    bInA: nb === 0 ? 0 : common / nb,
    polarityDiffers: pa.negated !== pb.negated,
  };
}

/** Thresholds, in one place so the planner and its tests agree. */
export const SAME_ITEM_DICE = 0.72;
export const CONTAINED = 0.85;
/** Enough overlap to be "about the same thing" (a candidate for UPDATE or SUPERSEDE). */
export const RELATED_DICE = 0.5;

/** `candidate` says nothing `known` does not already say. */
export function alreadySaid(candidate: string | TokenProfile, known: string | TokenProfile): boolean {
  const s = compare(candidate, known);
  if (s.polarityDiffers) return false;
  const pa = typeof candidate === 'string' ? profile(candidate) : candidate;
  const pb = typeof known === 'string' ? profile(known) : known;
  // A name or number the known item lacks is a different fact ("Kofi reviews…" is not "Priya reviews…").
  for (const k of pa.keys) if (!pb.tokens.has(k)) return false;
  // One- or two-word items would be swallowed by any longer item containing them; demand near-equality.
  if (pa.tokens.size < 3) return s.dice >= 0.99 || (s.aInB === 1 && s.bInA >= 0.4);
  return s.dice >= SAME_ITEM_DICE || s.aInB >= CONTAINED;
}

/** `candidate` repeats `known` and adds to it: the same item with newer facts. */
export function addsTo(candidate: string | TokenProfile, known: string | TokenProfile): boolean {
  const s = compare(candidate, known);
  if (s.polarityDiffers) return false;
  const pa = typeof candidate === 'string' ? profile(candidate) : candidate;
  const pb = typeof known === 'string' ? profile(known) : known;
  return pb.tokens.size >= 2 && s.bInA >= CONTAINED && pa.tokens.size > pb.tokens.size;
}

/** Loosely about the same thing (what a reversal names vs the decision it drops). */
export function related(a: string | TokenProfile, b: string | TokenProfile): boolean {
  const s = compare(a, b);
  return s.dice >= RELATED_DICE || Math.max(s.aInB, s.bInA) >= 0.75;
}

// "Is this already known?" for memory items worded differently: compare normalised content tokens (case,
// punctuation, inflection, filler words and link syntax removed), never raw strings. A negation on one side
// only ("use papaparse" / "don't use papaparse") is never a match: that is a reversal, not a repeat.

const STOPWORDS = new Set(
  ('a an the and or but if then than so of to in on at by for from with into onto about as is are was were be been ' +
    'being am do does did done has have had having it its this that these those there here we our us you your i me my ' +
    'he she they them their his her will would shall should can could may might must also just very really please ' +
    'let lets let\'s ok okay now still yet going go via per each any some all more most such same other ' +
    'decide decided decision decisions agreed agree choose chose chosen opt opted settle settled ' +
    'user users prefer prefers preferred preference want wants wanted like likes would rather ' +
    'todo task next step steps need needs needed remember note noted keep kept make sure said say says told')
    .split(' '),
);

const NEGATIONS = new Set(['not', 'no', 'never', 'don\'t', 'dont', 'doesn\'t', 'doesnt', 'won\'t', 'wont', 'without',
  'avoid', 'stop', 'stopped', 'neither', 'nor', 'cannot', 'can\'t', 'cant', 'isn\'t', 'aren\'t', 'shouldn\'t']);

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
    .replace(/!?\[\[([^\]]*)\]\]/g, (_, t: string) => t.replace(/#\^?[^#]*$/, '').split('/').pop() ?? '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(?:^|\s)\^[A-Za-z0-9-]+\s*$/, ' ')
    .replace(/~~|\*\*|__|`/g, ' ');
}

export interface TokenProfile {
  tokens: Set<string>;
  negated: boolean;
}

export function profile(text: string): TokenProfile {
  const words = stripMarkup(text).normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}_'$.-]+/u);
  const tokens = new Set<string>();
  let negated = false;
  for (const raw of words) {
    const w = raw.replace(/^[.'-]+|[.'-]+$/g, '');
    if (!w) continue;
    if (NEGATIONS.has(w) || w.endsWith('n\'t')) {
      negated = true;
      continue;
    }
    if (STOPWORDS.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    for (const part of w.includes('.') && !/^\d[\d.]*$/.test(w) ? w.split('.') : [w]) {
      if (part && !STOPWORDS.has(part)) tokens.add(stem(part));
    }
  }
  return { tokens, negated };
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

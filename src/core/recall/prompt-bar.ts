// The per-prompt bar (PackOptions.minRelevance): which of a prompt's hits are relevant enough to be added to a
// session that already has its start pack. Nothing passing is a fine answer: the hook then sends nothing.
import { processTerm } from './text';

/**
 * Verbs a prompt asks the agent with ("fix", "add", "write"): they say what to do, not what about, so a
 * note that shares only them with the prompt is not about it. Stems, as the index stores words.
 */
const ASKING = new Set(
  'add ask change check create do fix get help look make need please put remove run see show tell try update use want write'
    .split(' ')
    .map((w) => processTerm(w))
    .filter((w): w is string => w !== null),
);

export interface BarHit {
  score: number;
  /** The prompt's words it matched (stems); none for a hit found by embeddings alone. */
  terms: string[];
  /** In the session's own project or one the prompt names. */
  near: boolean;
}

/**
 * `hits` are those that may be given. Nothing passes when the vault knows under a third of the prompt's
 * subject words: such a prompt is about
 * something memory does not hold ("rename the export button colour in the settings dialog to teal" shares
 * only "export" with a note about the CSV export). Otherwise a hit passes when it matches a third of the
 * subject words the vault knows (two at most are asked for) and scores at least `min` of the best hit. A prompt can be about two things at once ("write the
 * migration for the tax totals table"): a hit of the session's own (or a named) project also passes when it
 * is among the best of the hits that match the same words, so each subject gets its notes.
 */
export interface PromptWords {
  /** The prompt's search terms. */
  terms: readonly string[];
  /** Those that some note matches, whether or not it may be given (another project's, a superseded one). */
  inVault: ReadonlySet<string>;
}

export function promptBar<H extends BarHit>(hits: readonly H[], min: number, prompt: PromptWords): (hit: H) => boolean {
  const subject = (terms: readonly string[]) => terms.filter((t) => !ASKING.has(t));
  const asked = subject(prompt.terms);
  if (asked.filter((t) => prompt.inVault.has(t)).length * 3 < asked.length) return () => false;
  const known = new Set(hits.flatMap((h) => subject(h.terms))).size;
  const wordsNeeded = Math.min(2, Math.ceil(known / 3));
  const top = hits.reduce((m, h) => Math.max(m, h.score), 0);
  const setKey = (terms: string[]) => [...terms].sort().join(' ');
  const bestOf = new Map<string, number>();
  for (const h of hits) {
    const k = setKey(subject(h.terms));
    bestOf.set(k, Math.max(bestOf.get(k) ?? 0, h.score));
  }
  return (hit) => {
    if (top <= 0) return false;
    if (hit.terms.length === 0) return hit.score / top >= min;
    const words = subject(hit.terms);
    if (words.length === 0 || words.length < wordsNeeded) return false;
    if (hit.score / top >= min) return true;
    return hit.near && hit.score >= min * (bestOf.get(setKey(words)) ?? Infinity);
  };
}

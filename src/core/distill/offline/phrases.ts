// Small pieces of English the offline rules share: where a noun phrase ends, which openers carry no
// meaning, which words are pronouns. General grammar only; nothing here knows any particular session.
import { capitalize, ensurePeriod, tidy } from './sentences';

// Words that end the object of a verb ("revert papaparse after all", "use X because …").
const OBJECT_END =
  /\s+(?:after all|any ?more|any longer|again|because|since|as (?=\p{L}+ (?:said|says|asked|wanted|suggested|pointed))|due to|so that|so|and|but|though|although|unless|until|while|which|that (?:is|was|we|i|you)|for now|in favou?r of|instead(?: of)?|rather than|if|when|before|after|now|here|there|please|next (?:week|month|year|sprint|quarter|release|time)|this (?:week|month|year|sprint|quarter)|tomorrow|today|later|soon|eventually|in \d+ (?:days?|weeks?|months?))\b|\s*[,;:!?]|\.(?:\s|$)|\s+[-–—]\s+/iu;

const DETERMINER = /^(?:the|a|an|our|my|your|their|this|that|these|those|its|his|her|some|any|all|whole|entire)\s+/i;

// Nouns that only say "the thing about X" and can go: "the papaparse change" → "papaparse".
const GENERIC_TAIL =
  /\s+(?:change|changes|commit|commits|patch|patches|approach|idea|thing|stuff|dependency|dependencies|package|library|lib|version|setup|part|bit|one)$/i;

const PRONOUN = /^(?:it|that|this|them|those|these|everything|all of it|all that|the change|the last change|what you did)$/i;

/** The noun phrase a verb acts on, cut at the first clause boundary; undefined when nothing is left. */
export function objectPhrase(after: string, maxWords = 8): string | undefined {
  // Asides in parentheses are not part of the name ("papaparse (5.4.1, plus types)" → "papaparse").
  let text = after
    .replace(/\s*\([^()]*\)/g, '')
    .replace(/\s*\([^()]*$/, '')
    .trim();
  // Keep `code spans` whole: find the boundary outside them.
  const masked = text.replace(/`[^`]*`/g, (m) => 'x'.repeat(m.length));
  const end = OBJECT_END.exec(masked);
  if (end) text = text.slice(0, end.index);
  text = text.replace(DETERMINER, '').replace(DETERMINER, '').trim();
  const words = text.split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  if (words.length > maxWords) text = words.slice(0, maxWords).join(' ');
  const stripped = text.replace(GENERIC_TAIL, '').trim();
  // "the last commit" must not shrink to "last".
  if (!stripped || /^(?:last|previous|latest|recent|old|new|whole|first|second|current|other)$/i.test(stripped)) return text;
  return stripped;
}

export function isPronoun(phrase: string | undefined): boolean {
  return !phrase || PRONOUN.test(phrase.trim());
}

// Conversational openers that carry no meaning of their own.
const OPENER =
  /^(?:(?:(?:ok(?:ay)?|yes|yeah|yep|sure|fine|great|nice|good|cool|perfect|thanks|thank you|alright|right|hmm+|oh|ah|well|so|and|also|actually|btw|by the way|one more thing|plus|then|now|next|finally|anyway|hey|hi)\b[,.!:]?|no[,!]|scratch that[,.!:]?)\s+)+/i;

export function stripOpeners(text: string): string {
  return text.replace(OPENER, '');
}

/** Turns a typed instruction into a note bullet: openers and a leading "please" go, first letter upper-case. */
export function asBullet(text: string): string {
  let t = stripOpeners(tidy(text));
  t = t.replace(/^please,?\s+/i, '');
  return ensurePeriod(capitalize(t));
}

/** Lower-case words of three or more letters, for overlap tests. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_][\p{L}\p{N}_.-]*[\p{L}\p{N}_]/gu) ?? []).filter((w) => w.length >= 3 && !STOP.has(w));
}

const STOP = new Set(
  'the and for with that this from into onto have has had was were are is be been being will would should could can may might must not but yet our your their its his her you she they them then than there here what when where which who why how all any some each every also just only very more most less least such same other about over under after before again once out off own too so nor use using used make made let lets please now new old one two'.split(
    ' ',
  ),
);

const wholeWords = new Map<string, RegExp>();

/** True when the phrase occurs in the text as whole words (case-insensitive). */
export function mentions(text: string, phrase: string): boolean {
  const p = phrase.trim().replace(/`/g, '');
  if (!p) return false;
  let re = wholeWords.get(p);
  if (!re) {
    const esc = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(?<![\\p{L}\\p{N}_])${esc}(?![\\p{L}\\p{N}_])`, 'iu');
    // Phrases come from one session at a time; keep the cache from growing without bound.
    if (wholeWords.size > 5000) wholeWords.clear();
    wholeWords.set(p, re);
  }
  return re.test(text.replace(/`/g, ''));
}

/** Cuts a long sentence at a word boundary. */
export function clip(text: string, max = 320): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).replace(/[,;:\s]+$/, '') + '…';
}

// The offline rules keep their vocabulary as reviewed word lists (one phrase per line, in the file that uses
// it) and build their regular expressions here, so a list can be read, diffed and extended without editing a
// regular expression by hand. Entries are literal text: nothing in a list is a regular expression.

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * `(?:a|b|…)` over the literal phrases of one or more lists, escaped, longest first so that a phrase wins over
 * a shorter one it starts with ("follow-up ticket" before "follow-up"), as a greedy optional would.
 */
export function alternation(...lists: readonly (readonly string[])[]): string {
  const phrases = [...new Set(lists.flat())].sort((a, b) => b.length - a.length || a.localeCompare(b));
  if (!phrases.length) throw new Error('alternation: empty word list');
  return `(?:${phrases.map((p) => p.replace(SPECIAL, '\\$&')).join('|')})`;
}

/** A regular expression matching any phrase of the lists as whole words (`\b` either side unless told). */
export function phraseRegex(lists: readonly (readonly string[])[], { before = '\\b', after = '\\b', flags = 'i' } = {}): RegExp {
  return new RegExp(`${before}${alternation(...lists)}${after}`, flags);
}

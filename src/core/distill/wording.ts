// How a memory bullet reads. Distillers find the right sentences; these rules make each one read as a
// careful person would have written it in their notes: no conversational filler, the third person, dates
// that still mean something next month, one statement per bullet, the decision before its reason.
// Identifiers (code spans, paths, commits, PRs, tickets, links) pass through verbatim: each rule sees them
// masked. Text in, text out, one function per rule, so each is tested on its own (test/core/distill/wording.test.ts).
import { splitBlock } from './offline/sentences';

export interface WordingContext {
  /** Who said it: the user's "I" is the user, the assistant's "I" is Codex. */
  voice?: 'user' | 'assistant';
  /** The day it was said (YYYY-MM-DD, from the turn's or the session's timestamp), for relative dates. */
  date?: string;
  /** What the bullet is: only a decision is turned decision-first ("Redis it is" → "Use Redis"). */
  kind?: string;
}

// ---- identifiers, kept verbatim ----

const IDENTIFIER = new RegExp(
  [
    '`[^`]*`', // code spans
    '\\[\\[[^\\]]*\\]\\]', // wiki links
    '\\b(?:https?|ftp)://\\S+[^\\s.,;:!?)]', // URLs
    '(?:~|\\.{1,2})?(?:/[\\w.@-]+)+/?', // absolute and home paths
    '\\b[\\w.-]+/[\\w./@-]*[\\w@-]', // relative paths (src/cache.ts, org/repo)
    '\\b[\\w-]+\\.(?:ts|tsx|js|mjs|cjs|jsx|py|rs|go|rb|java|kt|swift|md|json|ya?ml|toml|sql|sh|css|scss|html|csv|txt|lock|tf|env)\\b', // file names
    '\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\\b', // commit ids
    '(?:\\b[\\w.-]+)?#\\d+\\b', // PRs and issues
    '\\b[A-Z][A-Z0-9]{1,9}-\\d+\\b', // tickets
    '(?<![\\w-])--?[a-z][\\w-]*', // command-line flags
    '(?<![\\w./])\\.[A-Za-z][\\w.-]*/?', // dot-files and folders (.env, .github/)
  ].join('|'),
  'g',
);
const MASK = /\uE000(\d+)\uE001/g;

/** Runs `rule` on the text with every identifier replaced by a placeholder, then puts them back. */
export function keepingIdentifiers(text: string, rule: (masked: string) => string): string {
  const kept: string[] = [];
  const masked = text.replace(IDENTIFIER, (m) => `\uE000${kept.push(m) - 1}\uE001`);
  return rule(masked).replace(MASK, (_, i: string) => kept[Number(i)]);
}

// ---- filler ----

const OPENER =
  /^(?:(?:ok(?:ay)?|so|hmm+|alright|all right|right|well|yeah|yes|yep|sure|fine|cool|great|nice|perfect|good|thanks|thank you|oh|ah|um+|uh|anyway|actually|also|and|then|now|no|btw|by the way|scratch that|never ?mind|on second thought|on reflection|in that case|honestly|basically)\b[,.!:;]*\s+)+/i;
// Labels a speaker puts in front of a line, which the note's heading already says.
const LABEL = /^(?:open question(?: for later)?|question for later|note to self|note|fyi|decision|update)\s*[:—–-]\s+/i;

/** "ok so scratch that, let's use Redis" → "Use Redis"; "we decided to retry three times" → "Retry three times". */
export function stripFiller(text: string): string {
  let t = text.trim().replace(LABEL, '');
  let before: string;
  do {
    before = t;
    t = t
      .replace(OPENER, '')
      .replace(/^(?:let'?s|let us) not\s+/i, 'do not ')
      .replace(/^(?:let'?s|let us)\s+/i, '')
      .replace(
        /^(?:i think |i guess |i'd say )?(?:we|i)(?:'ve| have)? (?:decided|agreed|settled on|chosen|opted|concluded)(?: that)?(?: (?:we(?:'ll| will| should)?|to))?\s+/i,
        '',
      )
      .replace(/^(?:the (?:decision|plan) is(?: to)?|i want (?:you|us) to|we(?:'ll| will| should| need to)|please|just)\s+/i, '')
      .trim();
  } while (t !== before);
  return t
    .replace(/,?\s+(?:after all|for real this time|then)(?=[.!]?$)/i, '')
    .replace(/,?\s+(?:please|ok(?:ay)?\??|thanks)(?=[.!?]?$)/i, '')
    .replace(/\s+instead\b(?! of)(?=[,.!]|$)/i, '');
}

// ---- person ----

const MODAL: Record<string, string> = {
  "'ll": 'will',
  will: 'will',
  "'d": 'would',
  would: 'would',
  can: 'can',
  could: 'could',
  should: 'should',
  must: 'must',
  may: 'may',
  might: 'might',
  "'re": 'is',
  are: 'is',
  were: 'was',
  "'ve": 'has',
  have: 'has',
  'need to': 'needs to',
  'want to': 'wants to',
  "don't": "doesn't",
  'do not': 'does not',
  "didn't": "didn't",
  'did not': 'did not',
};
const MODAL_RE = new RegExp(
  `^(?:'ll|'d|'re|'ve|need to|want to|don't|do not|didn't|did not|will|would|can|could|should|must|may|might|are|were|have)\\b`,
  'i',
);
// Words that sit between a subject and its verb without taking the person ("you always run…").
const ADVERB = /^(?:always|never|usually|often|sometimes|also|just|only|still|already|really|probably|then|now)$/i;
// Words after "you"/"I" that are not verbs to conjugate.
const NOT_VERB = /^(?:and|or|but|to|for|the|a|an|all|both|too|guys|know|see|please|there|here)$/i;
// Past tenses stay as they are ("I kept" → "Codex kept").
const PAST =
  /(?:ed|[^e]en)$|^(?:was|were|had|did|made|kept|left|put|set|ran|wrote|went|chose|took|found|got|gave|saw|said|told|thought|brought|built|sent|spent|lost|felt|meant|read|began|broke|came|cut|drew|drove|fell|fought|forgot|hid|held|hit|knew|led|let|lit|paid|quit|rode|rose|sat|shot|shut|slept|sold|split|spoke|stood|stuck|swore|taught|threw|understood|woke|won|wore)$/i;
const DOUBLED = /^(?:commit|submit|admit|omit|refer|prefer|begin|forget|regret|control|patrol|permit|occur|upset|rebut)$/i;

/** "run" → "runs", "push" → "pushes", "try" → "tries", "have" → "has". */
export function thirdPerson(verb: string): string {
  const v = verb.toLowerCase();
  if (v === 'be' || v === 'am') return 'is';
  if (v === 'have') return 'has';
  if (v === 'do') return 'does';
  if (v === 'go') return 'goes';
  if (/[^aeiou]y$/.test(v)) return verb.slice(0, -1) + 'ies';
  if (/(?:s|sh|ch|x|z|o)$/.test(v)) return verb + 'es';
  return verb + 's';
}

/** "commit" → "committing", "make" → "making", "run" → "running", "tie" → "tying". */
export function gerund(verb: string): string {
  const v = verb.toLowerCase();
  if (v.endsWith('ie')) return verb.slice(0, -2) + 'ying';
  if (/[^aeioy]e$/.test(v) && v !== 'be') return verb.slice(0, -1) + 'ing';
  if (DOUBLED.test(v) || /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(v)) return verb + verb.slice(-1) + 'ing';
  return verb + 'ing';
}

/** The subject, then its verb made to agree with a third person ("you always run" → "Codex always runs"). */
function conjugate(subject: string, rest: string): string {
  const modal = MODAL_RE.exec(rest);
  if (modal) {
    const m = modal[0].toLowerCase();
    return `${subject} ${MODAL[m] ?? m}${rest.slice(modal[0].length)}`.replace(/ {2,}/g, ' ');
  }
  const words = rest.trimStart().split(/(\s+)/);
  let i = 0;
  while (i < words.length && (ADVERB.test(words[i]) || /^\s+$/.test(words[i]))) i++;
  const verb = words[i];
  if (verb && /^\p{Ll}+$/u.test(verb) && !NOT_VERB.test(verb) && !PAST.test(verb)) words[i] = thirdPerson(verb);
  return `${subject} ${words.join('')}`;
}

const CLAUSE_START = /(^|[.;:!?]\s+|,\s+|\b(?:and|or|but|so|because|since|if|when|that|then)\s+)$/i;

/** "you'll deploy it" → "Codex will deploy it"; "before you commit" → "before committing"; the user's "I" → "the user". */
export function thirdPersonVoice(text: string, voice: WordingContext['voice'] = 'user'): string {
  const me = voice === 'assistant' ? 'Codex' : 'the user';
  let t = text.replace(
    /\b(before|after|when|while|until|once|without)\s+you\s+(?:(?:always|first|actually)\s+)?(\p{Ll}+)/giu,
    (_, conj: string, verb: string) => `${conj} ${NOT_VERB.test(verb) ? `you ${verb}` : gerund(verb)}`,
  );
  // Subjects: at a clause start "you"/"I" take the verb with them; anywhere else they are objects.
  const source = t;
  t = source.replace(
    /\b([Yy]ou|I)((?:'ll|'d|'re|'ve|'m)?)(?![\p{L}\p{N}_'])(\s*)([^.;:!?]*)/gu,
    (all, who: string, contraction: string, sp: string, rest: string, at: number) => {
      const subject = who === 'I' ? me : 'Codex';
      if (!CLAUSE_START.test(source.slice(0, at))) return who === 'I' ? all : `Codex${contraction}${sp}${rest}`;
      if (contraction === "'m") return `${subject} is ${rest}`;
      return conjugate(subject, contraction ? `${contraction} ${rest}` : rest);
    },
  );
  return t
    .replace(/\bI'm\b/g, `${me} is`)
    .replace(/\b(?:yourself|yourselves)\b/gi, 'itself')
    .replace(/\byours\b/gi, "Codex's")
    .replace(/\byour\b/gi, "Codex's")
    .replace(/\bmyself\b/g, me === 'Codex' ? 'itself' : 'the user')
    .replace(/\bmine\b/g, `${me}'s`)
    .replace(/\bmy\b/gi, `${me}'s`)
    .replace(/\bme\b/g, me)
    .replace(/\b[Yy]ou\b/g, 'Codex');
}

// ---- dates ----

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, fourteen: 14 };

function shift(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function weekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}
/** The given weekday after `date` (next week's when `nextWeek`), Monday-based weeks. */
function dayOf(date: string, day: number, nextWeek: boolean): string {
  const today = weekday(date);
  if (!nextWeek) return shift(date, (day - today + 7) % 7 || 7);
  const monday = shift(date, ((1 - today + 7) % 7 || 7) + 0);
  return shift(monday, (day + 6) % 7);
}

/** "tomorrow" said on 2026-11-03 → "on 2026-11-04"; "by Friday" → "by 2026-11-06"; "next week" → "in the week of 2026-11-09". */
export function absoluteDates(text: string, date: string | undefined): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return text;
  const prep = '(?:(on|by|until|till|before|after|from|since|for)\\s+)?';
  const at = (p: string | undefined, d: string) => `${p ? p.toLowerCase() : 'on'} ${d}`;
  const day = DAYS.join('|');
  return text
    .replace(new RegExp(`\\b${prep}the day after tomorrow\\b`, 'gi'), (_: string, p?: string) => at(p, shift(date, 2)))
    .replace(new RegExp(`\\b${prep}(tomorrow|tmrw)(?:\\s+(?:morning|afternoon|evening|night))?\\b`, 'gi'), (_: string, p?: string) =>
      at(p, shift(date, 1)),
    )
    .replace(new RegExp(`\\b${prep}yesterday\\b`, 'gi'), (_: string, p?: string) => at(p, shift(date, -1)))
    .replace(new RegExp(`\\b${prep}(?:today|tonight|this (?:morning|afternoon|evening))\\b`, 'gi'), (_: string, p?: string) => at(p, date))
    .replace(new RegExp(`\\b${prep}(?:the )?end of (?:the|this) week\\b|\\bEOW\\b`, 'gi'), (_: string, p?: string) =>
      at(p ?? 'by', dayOf(date, 5, false)),
    )
    .replace(new RegExp(`\\b${prep}next week\\b`, 'gi'), (_, p?: string) => `${p ? p.toLowerCase() : 'in'} the week of ${dayOf(date, 1, true)}`)
    .replace(
      new RegExp(`\\b${prep}this week\\b`, 'gi'),
      (_, p?: string) => `${p ? p.toLowerCase() : 'in'} the week of ${shift(date, -((weekday(date) + 6) % 7))}`,
    )
    .replace(new RegExp(`\\b${prep}next month\\b`, 'gi'), () => {
      const d = new Date(`${date.slice(0, 7)}-01T12:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + 1);
      return `in ${d.toISOString().slice(0, 7)}`;
    })
    .replace(
      new RegExp(`\\b(?:(on|by|until|till|before|after|from|since)\\s+)?(?:(next|this|coming)\\s+)?(${day})\\b(?!['’]s)`, 'gi'),
      (all: string, p: string | undefined, which: string | undefined, name: string) => {
        // A day someone plans for ("by Friday", "next Monday") is dated; "weeks start on Monday" and
        // "Monday's standup" name the day of the week, not a date.
        if (!which && !/^(?:by|until|till|before)$/i.test(p ?? '')) return all;
        const d = DAYS.indexOf(name.toLowerCase());
        return `${at(p, dayOf(date, d, which?.toLowerCase() === 'next'))}`;
      },
    )
    .replace(/\bin (\d+|a|an|one|two|three|four|five|six|seven|ten|fourteen) (days?|weeks?)\b/gi, (all, n: string, unit: string) => {
      const count = /^\d+$/.test(n) ? Number(n) : NUMBER[n.toLowerCase()];
      return count === undefined ? all : `by ${shift(date, count * (/^week/i.test(unit) ? 7 : 1))}`;
    });
}

// ---- reason after the decision ----

const DECISION_VERB =
  /^(?:use|keep|move|switch|store|stick|go|run|put|write|migrate|adopt|pick|choose|drop|do not|don't|stay|revert|pin|set|make|add|remove|ship|publish|deploy|split|merge|rename|cache|retry)\b/i;

/** "Since the team writes TypeScript, use Pulumi" → "Use Pulumi, because the team writes TypeScript". */
export function decisionFirst(text: string): string {
  const itIs = /^(.{2,60}?) it is\b[.!]?$/i.exec(text);
  if (itIs) return `use ${itIs[1].replace(/^(?:the )?(?=\p{Lu})/u, '')}`;
  const lead = /^(?:since|because|as|given that)\s+(.+?),\s+(.+?)([.!]?)$/i.exec(text);
  if (lead && DECISION_VERB.test(lead[2])) return `${lead[2]}, because ${lead[1]}${lead[3]}`;
  // "Checked with Priya: ops will run it, so Redis after all" → "Use Redis (checked with Priya: ops will run it)".
  const so = /^(.{8,}?)[,;]?\s+so\s+(.+?)[.!]?$/i.exec(text);
  if (!so) return text;
  const then = stripFiller(so[2]).replace(/\s+it is$/i, '');
  const bare =
    /^(?:the\s+)?[\p{L}\d\uE000\uE001.-]+(?:\s+[\p{L}\d\uE000\uE001.-]+)?$/u.test(then) &&
    !/\b(?:is|are|was|were|will|can|should|has|have)\b/i.test(then);
  if (DECISION_VERB.test(then) || bare) return `${bare && !DECISION_VERB.test(then) ? `use ${then}` : then} (${decapitalize(so[1])}).`;
  return text;
}

/** A clause moved after "because" starts in lower case, unless it starts with a name. */
function decapitalize(text: string): string {
  return text.replace(/^(?:The|It|This|That|These|Those|We|They|There|Our|A|An|Ops|Nothing|Everything|\p{Lu}\p{Ll}+(?:ed|ing))\b/u, (w) =>
    w.toLowerCase(),
  );
}

// ---- one statement per bullet ----

// Statements that say nothing on their own.
const EMPTY = /^(?:ok(?:ay)?|sure|thanks|thank you|understood|got it|done|great|nice|perfect|cool|noted|will do|yes|no)[.!]*$/i;

/** Splits a bullet into its sentences, dropping the ones that carry nothing ("Thanks."). */
export function statements(text: string): string[] {
  // Typed sentences often start in lower case ("so redis it is. put a comment in…"): a full stop ends them too.
  const lowerStart = /(?<!\b(?:e\.g|i\.e|etc|vs|cf|approx|incl))([.!?])\s+(?=\p{Ll})/gu;
  return keepingIdentifiers(text, (masked) =>
    splitBlock(masked.replace(/^([\p{L}']+[.!])\s+/u, '$1\n'))
      .join('\n')
      .replace(lowerStart, '$1\n'),
  )
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s && !EMPTY.test(s));
}

// ---- the whole step ----

function finish(text: string): string {
  const t = text
    // Only a mark that ends a clause: ` .env` or ` .github/` is a name, not a stray full stop.
    .replace(/\s+([,.;:!?])(?=\s|$)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[,;:\s-]+/, '')
    .trim();
  if (!t) return t;
  const cap = t.replace(/^(\p{Ll})/u, (c) => c.toUpperCase());
  return /[.!?…)`"'”\]]$/.test(cap) ? cap : `${cap}.`;
}

/** One statement in note wording: filler off, third person, absolute dates, decision first. */
export function rewordStatement(text: string, ctx: WordingContext = {}): string {
  return finish(
    keepingIdentifiers(text, (t) => {
      const plain = absoluteDates(thirdPersonVoice(stripFiller(t), ctx.voice), ctx.date);
      return ctx.kind === 'decision' ? decisionFirst(plain) : plain;
    }),
  );
}

/** A bullet as it goes into a note: one or more statements, each reworded. Empty when nothing is left. */
export function reword(text: string, ctx: WordingContext = {}): string[] {
  return statements(text)
    .map((s) => rewordStatement(s, ctx))
    .filter((s) => s.length > 1 && !EMPTY.test(s));
}

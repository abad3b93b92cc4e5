// Where a sentence about a person belongs. A person's note keeps facts about the person: their role, what
// they own or run, what they asked for, how they like to work. A project decision they took part in
// ("checked with Priya: ops will run it, so Redis after all") belongs to the project; the person's note
// links to it instead of repeating it. An errand ("ask Dana to review the copy") is this session's business.
import type { Learning } from '../distill/learnings';
import { contentWords } from '../distill/offline/phrases';

export type PersonFiling =
  /** A fact about the person: their note's Facts. */
  | { as: 'fact' }
  /** Part of a decision: their note gets a link to it (the index of the decision in the items). */
  | { as: 'link'; decision: number }
  /** Something to do with the person, for this session only. */
  | { as: 'session' };

const ROLE_WORDS =
  'lead|manager|engineer|designer|owner|reviewer|maintainer|accountant|admin|intern|contractor|founder|architect|analyst|tester|developer|editor|writer|author|pm|cto|ceo|sre|on-call|on call|point of contact|contact';
// "<name> runs the Pi station", "<name> is our editor", "<name> (SRE)", "<name> asked for…", "<name> prefers…".
const ABOUT_THE_PERSON = new RegExp(
  [
    `\\b(?:is|was|'s)\\s+(?:our|the|a|an|their|my)\\s+(?:[\\p{L}-]+\\s+){0,3}(?:${ROLE_WORDS})\\b`,
    `,\\s+(?:our|the|my|their)\\s+[\\p{L}\\s-]{2,40}?,`,
    `\\((?:[A-Z]{2,4}|[\\p{Ll}\\s-]*(?:${ROLE_WORDS}))\\)`,
    '\\b(?:runs|ran|owns|owned|leads|manages|maintains|handles|is responsible|is in charge|is the owner|signs off|reviews|approves|should review|must approve|reviews every|works on|joined|is on (?:leave|vacation|holiday|call)|is back|is out)\\b',
    '\\b(?:asked for|asks for|asked us to|asks us to|wants|wanted|requested|requests|prefers|preferred|likes|hates|dislikes|insists on|always asks)\\b',
  ].join('|'),
  'iu',
);
// "Ask Dana…", "I'll ping Omar…", "Codex will remind Lena…": something to do, not something known.
const ERRAND =
  /^(?:(?:codex|the user|i|we)(?:'ll| will| should| need to| must)?\s+)?(?:ask|ping|tell|remind|email|message|cc|loop in|thank|follow up with|check with|send)\b/i;

function overlap(a: string, b: string): number {
  const words = new Set(contentWords(b));
  return contentWords(a).filter((w) => words.has(w)).length;
}

/** The decision of the person's turn that the sentence is part of, if any (the closest in words first). */
function decisionOfTurn(person: Learning, items: Learning[]): number | undefined {
  const candidates = items
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.kind === 'decision' && (l.turn === person.turn || l.history?.some((s) => s.turn === person.turn)));
  if (!candidates.length) return undefined;
  const scored = candidates.map((c) => ({ ...c, s: overlap(person.text, c.l.text) + (c.l.history ? 0.5 : 0) }));
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return scored[0].i;
}

export function filePerson(person: Learning, items: Learning[]): PersonFiling {
  const name = person.subject?.type === 'person' ? person.subject.name : '';
  // What the sentence says once the name is out of it: "Kofi runs the Pi" → "runs the Pi".
  const rest = name ? person.text.replace(name, '').trim() : person.text;
  if (ABOUT_THE_PERSON.test(rest) || ABOUT_THE_PERSON.test(person.text)) return { as: 'fact' };
  const decision = decisionOfTurn(person, items);
  if (decision !== undefined) return { as: 'link', decision };
  if (ERRAND.test(person.text)) return { as: 'session' };
  return { as: 'fact' };
}

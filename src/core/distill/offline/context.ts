// What every offline rule is handed: one utterance already split into sentences, and the little the rules
// share about the thread (the project, what was adopted so far, which turn is last).
import type { Learning, LearningKind } from '../learnings';
import type { Utterance, Voice } from '../sources';
import type { Sentence } from './sentences';

export type Subject = NonNullable<Learning['subject']>;

export interface ParsedUtterance extends Utterance {
  sentences: Sentence[];
  /** Sentences a rule already turned into a decision, TODO or question: the status rules leave them alone. */
  claimed: Set<number>;
}

export interface ThreadContext {
  project: Subject;
  lastTurn: number;
  /** Things decided or adopted so far, most recent last, so "revert it" can be resolved. */
  adopted: { what: string; turn: number }[];
  /** Share of the text's words the user used after the given turn (to tell answered questions from open ones). */
  userOverlapAfter(text: string, turn: number): number;
}

const EVIDENCE: Record<Voice, Learning['evidence']> = { user: 'user', answer: 'assistant', plan: 'assistant' };
const CONFIDENCE: Record<Voice, number> = { user: 0.8, answer: 0.7, plan: 0.4 };

/** A learning from one utterance, with evidence and a default confidence that follow its voice. */
export function learning(kind: LearningKind, text: string, u: Utterance, subject: Subject, extra: Partial<Learning> = {}): Learning {
  const l: Learning = {
    kind,
    text,
    turn: u.turn,
    subject,
    confidence: CONFIDENCE[u.voice],
    evidence: EVIDENCE[u.voice],
    ...extra,
  };
  if (u.voice === 'plan') l.unconfirmed = true;
  return l;
}

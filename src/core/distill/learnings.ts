// What a distiller takes out of a Thread. Every distiller (offline rules, OpenAI-compatible model,
// `codex exec`) returns this one shape; the merge planner turns it into note changes.

export type LearningKind =
  'decision' | 'reversed_decision' | 'preference' | 'person' | 'status' | 'todo' | 'question' | 'reference' | 'file' | 'fact';

/** Where the evidence for a learning came from; anything whose only evidence is tool output needs review. */
export type EvidenceSource = 'user' | 'assistant' | 'tool' | 'structure';

export interface Learning {
  kind: LearningKind;
  /** One self-contained sentence, as it would read as a bullet in a note. */
  text: string;
  /** 1-based turn index in the Thread. */
  turn: number;
  /** The project or person the learning is about (a person's name for kind 'person'). */
  subject?: { type: 'project' | 'person' | 'global' | 'topic'; name: string };
  /** 0..1 */
  confidence: number;
  evidence: EvidenceSource;
  /** For reversed_decision: what was dropped, why, and what replaced it. */
  reversed?: { what: string; reason?: string; replacedBy?: string };
  /** For reference: ticket / pr / commit / url. */
  ref?: { type: 'ticket' | 'pr' | 'commit' | 'url'; id: string };
  /** Set by the distiller when a learning must be reviewed by a person before it is written. */
  needsReview?: boolean;
  /** The turn it came from never finished, so this is a plan nobody saw carried out. */
  unconfirmed?: boolean;
  /** A memory bullet the distiller was shown (DistillContext.existing) that this one repeats or changes. */
  existing?: ExistingRelation;
  /** For decision: the thing it adopts ("Redis"), so proposals and reversals on one subject form a chain. */
  choice?: string;
  /** For a decision that changed within the session: each step in order, the last one current. */
  history?: ChainStep[];
  /** For a decision with a history: the choices it replaced (superseded only where a note states them). */
  replaces?: string[];
}

export interface ChainStep {
  turn: number;
  choice: string;
  text: string;
  reason?: string;
}

/**
 * known: already in memory (nothing to write); updates: same item with newer facts;
 * replaces: a decision or fact that supersedes the existing one.
 */
export interface ExistingRelation {
  relation: 'known' | 'updates' | 'replaces';
  path: string;
  text: string;
  block?: string;
}

export interface Learnings {
  thread: string;
  /** Two or three sentences on what the session did. */
  summary: string;
  /** Short title for the session note. */
  title: string;
  items: Learning[];
  /** The last turn never completed: what it planned is unconfirmed. */
  unfinished: boolean;
  distiller: 'offline' | 'openai' | 'codex';
}

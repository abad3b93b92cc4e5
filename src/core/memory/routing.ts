// Where each learning goes. One learning can land in two notes: the session note keeps the full record of
// what this session did; the project, person, preference, TODO and topic notes keep what stays true.
import type { ExistingRelation, Learning, Learnings } from '../distill/learnings';
import type { Thread } from '../codex/thread';
import { historyLine, sameChoice } from '../distill/decision-chains';
import { filePerson } from './filing';
import { related } from './similarity';
import type { LearningRef } from './plan';

export type Target =
  | { note: 'session' }
  | { note: 'project' }
  | { note: 'person'; name: string }
  | { note: 'preferences' }
  | { note: 'todo' }
  | { note: 'topic'; name: string };

export type ItemMode =
  /** An ordinary memory item: add unless already known. */
  | 'item'
  /** One current value under its heading (project status): a newer one replaces the program's older one. */
  | 'single'
  /** A reversed decision: moves the old decision under "Superseded". */
  | 'supersede';

export interface Desired {
  target: Target;
  heading: string;
  text: string;
  kind: string;
  mode: ItemMode;
  checkbox?: boolean;
  ref: LearningRef;
  needsReview?: boolean;
  /** For 'supersede': what was dropped, why, and what replaced it; `ifPresent`: only move a stated decision. */
  reversed?: { what: string; reason?: string; replacedBy?: string; ifPresent?: boolean };
  /** The choice of a decision reached through a change of mind: a Superseded record of it is brought back. */
  redecided?: string;
  /** For people: put a link to the person's note in front of the text (session note only). */
  personLink?: string;
  /** For a person's note: link to this decision (index into the items) where the project (or session) note keeps it. */
  decisionLink?: { index: number; text: string; note: 'project' | 'session' };
  /** The memory bullet the distiller said this repeats or changes. */
  existing?: ExistingRelation;
}

/** Headings of the session note, in the order they appear. */
export const SESSION_SECTIONS = [
  'Decisions',
  'Status',
  'Next steps',
  'Open questions',
  'People',
  'Preferences',
  'Notes',
  'References',
  'Files',
] as const;
export const PROJECT_SECTIONS = ['Status', 'Decisions', 'Open questions', 'Notes', 'Superseded'] as const;

/** A decision that changed in the session keeps its history on the bullet, easy to skim. */
function decisionText(l: Learning): string {
  return l.history ? `${l.text} History: ${historyLine(l.history)}.` : l.text;
}

function refOf(l: Learning, index: number): LearningRef {
  return { index, kind: l.kind, turn: l.turn };
}

/** Decisions that a later reversal in the same session dropped are not decisions any more. */
function droppedLater(l: Learning, all: Learning[]): boolean {
  return all.some((r) => r.kind === 'reversed_decision' && r.turn >= l.turn && r.reversed?.what && isDroppedBy(l.text, r.reversed));
}

/** About what the reversal dropped, and not about what replaced it ("use a JSON file" is the replacement). */
export function isDroppedBy(decision: string, reversed: { what: string; replacedBy?: string }): boolean {
  return related(decision, reversed.what) && !(reversed.replacedBy && related(decision, reversed.replacedBy));
}

/** Tool output alone, or a plan from a turn that never finished, is not something to write unseen. */
function reviewFlag(l: Learning): boolean | undefined {
  return l.needsReview || l.unconfirmed || l.evidence === 'tool' ? true : undefined;
}

export function route(learnings: Learnings, thread: Thread, hasProject: boolean): Desired[] {
  const out: Desired[] = [];
  const add = (d: Desired) => out.push(d);
  learnings.items.forEach((l, i) => {
    const base = { ref: refOf(l, i), kind: l.kind, needsReview: reviewFlag(l), existing: l.existing };
    const projectOr = (heading: string, mode: ItemMode = 'item') => {
      if (hasProject) add({ ...base, target: { note: 'project' }, heading, text: l.text, mode });
    };
    switch (l.kind) {
      case 'decision': {
        if (!l.history && droppedLater(l, learnings.items)) return;
        const text = decisionText(l);
        add({ ...base, target: { note: 'session' }, heading: 'Decisions', text, mode: 'item' });
        if (hasProject)
          add({ ...base, target: { note: 'project' }, heading: 'Decisions', text, mode: 'item', redecided: l.history ? l.choice : undefined });
        // What the final state replaced is superseded where a note states it, and recorded nowhere else.
        for (const what of hasProject ? (l.replaces ?? []) : []) {
          const reversed = { what, replacedBy: l.text, ifPresent: true };
          add({ ...base, existing: undefined, target: { note: 'project' }, heading: 'Superseded', text: what, mode: 'supersede', reversed });
        }
        if (hasProject && l.existing?.relation === 'replaces') {
          // The distiller matched the bullet this decision replaces: that one moves under Superseded.
          const reversed = { what: l.existing.text, replacedBy: l.text };
          add({ ...base, existing: undefined, target: { note: 'project' }, heading: 'Superseded', text: reversed.what, mode: 'supersede', reversed });
        }
        return;
      }
      case 'reversed_decision': {
        // A choice the session itself proposed and left is history on the current decision: it is
        // superseded only where a note states it.
        const inChain = learnings.items.some((d) => d.history?.some((s) => l.reversed && sameChoice(s.choice, l.reversed.what)));
        const reversed = { ...(l.reversed ?? { what: l.text }), ...(inChain ? { ifPresent: true } : {}) };
        add({ ...base, target: { note: 'session' }, heading: 'Decisions', text: l.text, mode: 'item' });
        if (hasProject) add({ ...base, target: { note: 'project' }, heading: 'Superseded', text: reversed.what, mode: 'supersede', reversed });
        return;
      }
      case 'preference':
        add({ ...base, target: { note: 'session' }, heading: 'Preferences', text: l.text, mode: 'item' });
        add({ ...base, target: { note: 'preferences' }, heading: 'Preferences', text: l.text, mode: 'item' });
        return;
      case 'person': {
        const name = l.subject?.type === 'person' ? l.subject.name : undefined;
        if (!name) {
          add({ ...base, target: { note: 'session' }, heading: 'People', text: l.text, mode: 'item' });
          return;
        }
        add({ ...base, target: { note: 'session' }, heading: 'People', text: l.text, mode: 'item', personLink: name });
        const filing = filePerson(l, learnings.items);
        if (filing.as === 'fact') add({ ...base, target: { note: 'person', name }, heading: 'Facts', text: l.text, mode: 'item' });
        if (filing.as === 'link') {
          // The decision stays where decisions are kept; the person's note gets a line that links to it.
          const d = learnings.items[filing.decision];
          const decisionLink = { index: filing.decision, text: decisionText(d), note: hasProject ? ('project' as const) : ('session' as const) };
          add({ ...base, target: { note: 'person', name }, heading: 'Decisions', text: d.text, mode: 'item', decisionLink });
        }
        return;
      }
      case 'status':
        add({ ...base, target: { note: 'session' }, heading: 'Status', text: l.text, mode: 'item' });
        // The project keeps one current status: the session's last word on it.
        if (!learnings.items.some((o, j) => j > i && o.kind === 'status')) projectOr('Status', 'single');
        return;
      case 'todo':
        add({ ...base, target: { note: 'session' }, heading: 'Next steps', text: l.text, mode: 'item' });
        add({ ...base, target: { note: 'todo' }, heading: '', text: l.text, mode: 'item', checkbox: true });
        return;
      case 'question':
        add({ ...base, target: { note: 'session' }, heading: 'Open questions', text: l.text, mode: 'item' });
        projectOr('Open questions');
        return;
      case 'reference':
        add({ ...base, target: { note: 'session' }, heading: 'References', text: l.text, mode: 'item' });
        return;
      case 'file':
        add({ ...base, target: { note: 'session' }, heading: 'Files', text: l.text, mode: 'item' });
        return;
      case 'fact':
        if (l.subject?.type === 'topic' && l.subject.name) {
          add({ ...base, target: { note: 'topic', name: l.subject.name }, heading: 'Notes', text: l.text, mode: 'item' });
          add({ ...base, target: { note: 'session' }, heading: 'Notes', text: l.text, mode: 'item' });
          return;
        }
        add({ ...base, target: { note: 'session' }, heading: 'Notes', text: l.text, mode: 'item' });
        projectOr('Notes');
        return;
    }
  });
  // Files the session changed (from apply_patch) are facts of the thread itself, whatever the distiller saw.
  const files = new Set(learnings.items.filter((l) => l.kind === 'file').map((l) => l.text));
  for (const file of thread.filesChanged) {
    const text = `\`${file}\``;
    if (files.has(file) || files.has(text)) continue;
    files.add(text);
    add({ target: { note: 'session' }, heading: 'Files', text, kind: 'file', mode: 'item', ref: { index: -1, kind: 'file', turn: 0 } });
  }
  return out;
}

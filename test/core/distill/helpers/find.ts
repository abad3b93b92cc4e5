// Lookups over distilled items that fail with the whole list printed, so a miss says what was there.
import type { Learning, LearningKind, Learnings } from '../../../../src/core/distill/learnings';

function describeItems(l: Learnings): string {
  return l.items.map((i) => `  [${i.kind}${i.subject?.type === 'person' ? `:${i.subject.name}` : ''}] ${i.text}`).join('\n');
}

export function item(l: Learnings, kind: LearningKind, re: RegExp): Learning {
  const found = l.items.find((i) => i.kind === kind && re.test(i.text));
  if (!found) throw new Error(`no ${kind} matching ${re} among:\n${describeItems(l)}`);
  return found;
}

export function person(l: Learnings, name: string): Learning {
  const found = l.items.find((i) => i.kind === 'person' && i.subject?.name === name);
  if (!found) throw new Error(`no person "${name}" among:\n${describeItems(l)}`);
  return found;
}

export function noItem(l: Learnings, re: RegExp, kind?: LearningKind): void {
  const found = l.items.filter((i) => (!kind || i.kind === kind) && (re.test(i.text) || re.test(i.subject?.name ?? '')));
  if (found.length) throw new Error(`expected nothing matching ${re}, found:\n${describeItems({ ...l, items: found })}`);
}

export function people(l: Learnings): string[] {
  return [...new Set(l.items.filter((i) => i.kind === 'person').map((i) => i.subject?.name ?? ''))].sort();
}

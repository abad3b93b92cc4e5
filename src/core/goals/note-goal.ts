// The goal in a project note's text: the bullets under its `## Goal` heading (nested headings included).
import { readStructure, tryParseNote, type ListItem } from '../notes';
import { GOAL_HEADING, goalFromLines, type Goal } from './goal';

export interface NoteGoal {
  goal: Goal | null;
  /** Every block id in the note (new bullets must not reuse one). */
  blockIds: string[];
  /** The Goal section's bullets, as the note holds them. */
  items: ListItem[];
}

function underGoal(item: ListItem): boolean {
  return item.headingPath.some((h) => h.trim().toLowerCase() === GOAL_HEADING.toLowerCase());
}

/** The note's goal; null goal when it has none. Throws nothing: a note that does not parse has no goal. */
export function goalInNote(path: string, text: string): NoteGoal {
  const parsed = tryParseNote(path, text);
  if (!parsed.ok) return { goal: null, blockIds: [], items: [] };
  const s = readStructure(parsed.note);
  const items = s.items.filter(underGoal);
  return { goal: goalFromLines(items.map((i) => ({ text: i.text, blockId: i.blockId }))), blockIds: s.blockIds, items };
}

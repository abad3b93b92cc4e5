// The block a Codex session's context leads with when its project has an active goal: the objective, the
// oracle (a command for the agent to run; the product never runs it), the last result and the next step.
// Built from the recall index, so SessionStart, each prompt, compaction and the preview all show the same.
import type { MemoryIndex } from '../recall/memory-index';
import type { TokenCounter } from '../recall/budget';
import { flagged } from '../recall/search';
import type { ContextPack, PackItem } from '../recall/types';
import { GOAL_HEADING, goalFromLines, nextStep, type Goal } from './goal';

export const GOAL_LEAD_TITLE = 'Active goal of this project (from the vault; run the oracle yourself, memory never runs it):';

/** The project's goal as the index holds it (null: no goal, or its lines hold something secret-looking). */
export function indexedGoal(index: MemoryIndex, projectPath: string | undefined): Goal | null {
  const note = projectPath ? index.notes.get(projectPath) : undefined;
  if (!note) return null;
  const lines = index
    .unitsOf(note)
    .filter((u) => u.kind === 'bullet' && (u.heading ?? '').split(' > ').some((h) => h.trim().toLowerCase() === GOAL_HEADING.toLowerCase()));
  if (lines.some((u) => flagged(u.text))) return null;
  return goalFromLines(lines.map((u) => ({ text: u.text, blockId: u.block })));
}

/** The lead's lines for an active goal. */
export function goalLeadLines(goal: Goal, projectPath: string): string[] {
  const last = goal.results.at(-1);
  return [
    GOAL_LEAD_TITLE,
    `- Objective: ${goal.objective} ([[${projectPath.replace(/\.md$/, '')}]])`,
    ...(goal.acceptance ? [`- Acceptance: ${goal.acceptance}`] : []),
    `- Oracle: ${goal.oracle ? `\`${goal.oracle}\`` : '(none recorded)'}`,
    `- Last result: ${last ? `${last.date}: ${last.summary}${last.link ? ` (${last.link})` : ''}` : 'not run yet'}`,
    `- Next step: ${nextStep(goal)}`,
  ];
}

/**
 * The pack with the active goal in front, counted like the pack's own lines (each with its line break).
 * The lead is an item of its own, so a session that holds it is not given it again on every prompt, and a
 * compacted or resumed one gets it back. `build` gets the budget left after the lead.
 */
export function withGoalLead(
  index: MemoryIndex,
  projectPath: string | undefined,
  budget: number,
  exclude: readonly string[] | undefined,
  key: (path: string, text: string) => string,
  tokens: TokenCounter,
  build: (budget: number) => ContextPack,
): ContextPack {
  const goal = indexedGoal(index, projectPath);
  if (!goal || goal.status !== 'active' || !projectPath) return build(budget);
  const lines = goalLeadLines(goal, projectPath);
  const text = lines.join('\n');
  const item: PackItem = {
    path: projectPath,
    heading: GOAL_HEADING,
    score: 1,
    why: 'active goal',
    section: 'project',
    text,
    key: key(projectPath, text),
  };
  const cost = lines.reduce((n, l) => n + tokens(`${l}\n`), 0) + tokens('\n');
  if (exclude?.includes(item.key) || cost > budget) return build(budget);
  const pack = build(budget - cost);
  return {
    ...pack,
    budget,
    tokens: pack.tokens + cost,
    items: [item, ...pack.items],
    text: pack.text ? `${text}\n\n${pack.text}` : text,
    project: projectPath,
  };
}

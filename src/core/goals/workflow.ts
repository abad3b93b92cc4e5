// A person's own goal commands (CLI `goal set|show|done|drop`, MCP `get_goal_status`): find the project note,
// read its `## Goal` section, and write the few lines a person asked for, under the vault lock. The oracle
// is stored and shown; it is never run.
import type { ReadGitConfig } from '../recall/project';
import type { CodexMemorySettings } from '../settings';
import { NoteReader, locateProject } from '../memory/note-locator';
import { skeletonNote } from '../memory/templates';
import { addListItem, replaceListItem } from '../notes';
import { uniqueBlockIdFor } from '../notes/block-id';
import { safeFileStem } from '../security/safe-names';
import type { VaultStore } from '../vault/store';
import { GOAL_HEADING, goalLines, type Goal, type GoalStatus } from './goal';
import { goalInNote } from './note-goal';

export class GoalError extends Error {}

export interface GoalHost {
  store: VaultStore;
  settings: CodexMemorySettings;
  readGitConfig?: ReadGitConfig;
  now(): Date;
}

/** `--project NAME` (a note in the projects folder) or `--cwd DIR` (the project whose repo holds it). */
export type GoalTarget = { project: string } | { cwd: string };

export interface ProjectGoal {
  path: string;
  exists: boolean;
  name: string;
  repo: string[];
  goal: Goal | null;
  text: string | null;
}

export async function projectGoal(host: GoalHost, target: GoalTarget): Promise<ProjectGoal> {
  const reader = new NoteReader(host.store);
  const folder = host.settings.folders.projects;
  let found: { path: string; exists: boolean; name: string; repo: string[] } | null;
  if ('project' in target) {
    const stem = safeFileStem(target.project);
    const path = (await reader.list(folder)).find((p) => p.toLowerCase() === `${folder}/${stem}.md`.toLowerCase()) ?? `${folder}/${stem}.md`;
    found = { path, exists: (await reader.read(path)) !== null, name: target.project, repo: [] };
  } else {
    found = await locateProject(reader, folder, { cwd: target.cwd, git: {} }, host.readGitConfig);
    if (!found) throw new GoalError(`no project for ${target.cwd}: give --project NAME`);
  }
  const text = await reader.read(found.path);
  return { ...found, text, goal: text === null ? null : goalInNote(found.path, text).goal };
}

/** Starts the project's goal (creating its project note when there is none). Refuses while one is recorded. */
export async function setGoal(
  host: GoalHost,
  target: GoalTarget,
  input: { objective: string; oracle?: string; acceptance?: string },
): Promise<ProjectGoal> {
  const objective = input.objective.replace(/\s+/g, ' ').trim();
  if (!objective) throw new GoalError('the objective is empty');
  return host.store.withLock(async () => {
    const p = await projectGoal(host, target);
    if (p.goal)
      throw new GoalError(`${p.path} already has a goal (${p.goal.status}): "${p.goal.objective}". Edit its Goal section by hand to replace it.`);
    const now = host.now().toISOString();
    let text = p.text ?? skeletonNote({ type: 'project', title: p.name, now, repo: p.repo });
    const taken = new Set(p.text === null ? [] : goalInNote(p.path, p.text).blockIds);
    for (const line of goalLines({ objective, oracle: input.oracle?.trim() || undefined, acceptance: input.acceptance })) {
      const blockId = uniqueBlockIdFor(`goal:${p.path}:${line}`, taken);
      taken.add(blockId);
      text = addListItem(text, GOAL_HEADING, line, { blockId, path: p.path });
    }
    if (p.text === null) await host.store.create(p.path, text);
    else await host.store.replace(p.path, p.text, text);
    return { ...p, exists: true, text, goal: goalInNote(p.path, text).goal };
  });
}

/** `goal done|drop`: the person's word, so it rewrites the status line (and only that line). */
export async function closeGoal(host: GoalHost, target: GoalTarget, status: Exclude<GoalStatus, 'active'>): Promise<ProjectGoal> {
  return host.store.withLock(async () => {
    const p = await projectGoal(host, target);
    if (!p.goal || p.text === null) throw new GoalError(`${p.path} has no goal: set one with \`codex-memory goal set\``);
    const { items } = goalInNote(p.path, p.text);
    const line = items.filter((i) => /^status\s*:/i.test(i.text.trim())).at(-1);
    const date = host.now().toISOString().slice(0, 10);
    const word = `Status: ${status} (${date})`;
    let text: string;
    if (line?.blockId) text = replaceListItem(p.text, line.blockId, word, p.path);
    else if (line) text = p.text.slice(0, line.textStart) + word + p.text.slice(line.textEnd);
    else text = addListItem(p.text, GOAL_HEADING, word, { path: p.path });
    await host.store.replace(p.path, p.text, text);
    return { ...p, text, goal: goalInNote(p.path, text).goal };
  });
}

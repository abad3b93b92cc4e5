// The notes `init` writes into a new memory vault. Each says in a few lines what it is for, so a person
// opening the vault in Obsidian knows what they are looking at without reading any documentation.
import { renderNote } from '../notes';
import type { FolderSettings } from '../settings';
import { MEMORY_BASE, memoryBase } from './memory-base';

export interface StarterNote {
  path: string;
  content: string;
}

function folderLine(folder: string, what: string): string {
  return `- \`${folder}/\` — ${what}`;
}

const TODO_INTRO =
  'Open tasks, one checkbox each. Codex Memory adds the tasks it finds in a Codex session here, each linking ' +
  'back to the session it came from. Tick off, reword or delete them as you like: a task you delete is never ' +
  'added again.';
const PREFERENCES_INTRO =
  'How you want Codex to work, one bullet each. Every new Codex session is given this note. Codex Memory ' +
  'proposes additions after a session; you review them, and your wording always wins.';

/**
 * The explanations the starter notes open with. They describe the note, they are not memory: recall leaves
 * them out of context packs for as long as they read exactly so (once a person rewrites one, it is theirs).
 */
export const STARTER_INTROS: readonly string[] = [TODO_INTRO, PREFERENCES_INTRO];

export function starterNotes(folders: FolderSettings, now: string): StarterNote[] {
  const stamp = { created: now, updated: now };
  const todo = renderNote({ type: 'todo', ...stamp }, `# TODO\n\n${TODO_INTRO}\n`);
  const preferences = renderNote({ type: 'preferences', memory: 'pin', scope: 'global', ...stamp }, `# Agent preferences\n\n${PREFERENCES_INTRO}\n`);
  const guide = renderNote(
    { memory: 'never', ...stamp },
    '# Codex Memory\n\n' +
      'This vault is the memory of your OpenAI Codex sessions: plain notes you can read, edit and delete. ' +
      'What you change or delete by hand stays that way.\n\n' +
      [
        `- \`${folders.todoFile}\` — open tasks found in sessions.`,
        folderLine(folders.people, 'one note per person: facts, preferences, who they work with.'),
        folderLine(folders.projects, 'one note per workstream: repository, status, decisions, open questions.'),
        `- \`${folders.preferencesFile}\` — how Codex should work; given to every session.`,
        folderLine(folders.sessions, 'one note per checkpointed Codex session.'),
        folderLine(folders.inbox, 'proposed changes waiting for your review.'),
        folderLine(folders.notes, 'lasting notes on topics.'),
        `- \`${MEMORY_BASE}\` — every memory note in one table, by type, project, status and last update (Obsidian Bases).`,
        folderLine(folders.stateDir, 'program state, hidden in Obsidian: what Codex Memory wrote and what you removed. Leave it be.'),
      ].join('\n') +
      '\n\nThis note is never given to Codex (`memory: never`).\n',
  );
  return [
    { path: folders.todoFile, content: todo },
    { path: folders.preferencesFile, content: preferences },
    { path: GUIDE_NOTE, content: guide },
    // Not a note: the Bases view of the notes above (Obsidian's Bases core plugin opens it).
    { path: MEMORY_BASE, content: memoryBase(folders) },
  ];
}

/** The vault's own guide note. */
export const GUIDE_NOTE = 'Codex Memory.md';

/** Explains the state folder to whoever finds it on disk. */
export const STATE_README = {
  name: 'README.md',
  content:
    '# Codex Memory state\n\n' +
    'Written by the Codex Memory plugin and the codex-memory command: the ledger of every memory item and session ' +
    'it wrote, the search index cache, the queue of pending checkpoints and the vault lock. It is how Codex Memory ' +
    'keeps your edits and deletions. Do not edit by hand; deleting the index cache is safe (it is rebuilt).\n',
};

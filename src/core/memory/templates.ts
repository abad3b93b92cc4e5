// Frontmatter and opening lines of the notes a checkpoint creates. Items are added afterwards with the same
// bullet edit used on existing notes, so a created note and an updated one look alike.
import { renderNote } from '../notes';

export type NoteType = 'project' | 'person' | 'session' | 'topic' | 'preferences' | 'todo';

export interface SkeletonInput {
  type: Exclude<NoteType, 'session'>;
  title: string;
  now: string;
  /** Link to the session note that caused the note (goes into `sources`); none for a note a person asked for. */
  sessionLink?: string;
  /** For projects: local paths and git remotes to match later sessions against. */
  repo?: string[];
  remote?: string[];
}

export function skeletonNote(input: SkeletonInput): string {
  const { type, title, now, sessionLink } = input;
  const fm: Record<string, unknown> = { type };
  if (type === 'project') {
    if (input.repo?.length) fm.repo = input.repo;
    if (input.remote?.length) fm.remote = input.remote;
    fm.status = 'active';
    fm.scope = 'project';
  }
  if (type === 'topic') fm.status = 'active';
  if (type === 'preferences') {
    fm.memory = 'pin';
    fm.scope = 'global';
  }
  fm.created = now;
  fm.updated = now;
  if (type !== 'todo') fm.sources = sessionLink ? [sessionLink] : [];
  const intro =
    type === 'preferences'
      ? 'How the agent should work, learned from Codex sessions. Edit freely: your wording wins.\n'
      : type === 'todo'
        ? 'Open tasks. Items added by Codex Memory link back to the session they came from.\n'
        : '';
  return renderNote(fm, `# ${title}\n\n${intro}`);
}

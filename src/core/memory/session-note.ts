// The session note in agent/sessions/: where a checkpoint came from (frontmatter per docs/architecture.md) and what the
// session did (title, summary; the bullets are added by the planner like on any other note).
import type { Thread } from '../codex/thread';
import type { Learnings } from '../distill/learnings';
import { renderNote } from '../notes';
import { cleanLine, cleanParagraph, cleanValue } from './clean-text';

export interface SessionNoteInput {
  thread: Thread;
  learnings: Learnings;
  title: string;
  now: string;
  /** Link to the project note, when the session has one. */
  projectLink?: string;
}

/** When the session ended: the last thing it recorded. */
export function sessionEnded(thread: Thread): string | undefined {
  const lastTurn = thread.turns[thread.turns.length - 1];
  return thread.updatedAt ?? lastTurn?.endedAt ?? lastTurn?.startedAt;
}

export function sessionTitle(thread: Thread, learnings: Learnings): string {
  const first = thread.turns.find((t) => t.prompts.length)?.prompts[0];
  const raw = learnings.title?.trim() || thread.name?.trim() || first?.split(/\r?\n/)[0] || `Codex session ${thread.id.slice(0, 8)}`;
  return cleanLine(raw, 90).replace(/^#+\s*/, '') || `Codex session ${thread.id.slice(0, 8)}`;
}

export function sessionSkeleton(input: SessionNoteInput): string {
  const { thread, learnings, title, now, projectLink } = input;
  const fm: Record<string, unknown> = { type: 'session', codex_thread: thread.id };
  const put = (key: string, value: string | undefined) => {
    const v = value === undefined ? '' : cleanValue(value);
    if (v) fm[key] = v;
  };
  put('cwd', thread.cwd);
  put('branch', thread.git.branch);
  put('commit', thread.git.commit);
  put('remote', thread.git.remote);
  put('model', thread.model ?? thread.turns.find((t) => t.model)?.model);
  put('started', thread.startedAt);
  put('ended', sessionEnded(thread));
  put('transcript', thread.path);
  if (projectLink) fm.project = projectLink;
  fm.status = thread.finished && !learnings.unfinished ? 'done' : 'active';
  fm.distiller = learnings.distiller;
  fm.memory = 'auto';
  fm.created = now;
  fm.updated = now;
  const summary = cleanParagraph(learnings.summary || 'No summary was distilled from this session.', 1500);
  const warning =
    learnings.unfinished || !thread.finished ? '> [!warning] Unfinished\n> The last turn never completed: what it planned is unconfirmed.\n\n' : '';
  return renderNote(fm, `# ${title}\n\n${summary}\n\n${warning}`);
}

// Which parts of a Thread a distiller may learn from. Only two voices can state a preference or an
// instruction: what the user typed and what the assistant concluded (its final answers). Tool output and
// injected context (AGENTS.md, environment, hooks, vault notes) are never read here, so a web page or a
// file that says "remember that the user prefers…" cannot become memory.
import type { Thread, Turn } from '../codex/thread';

/** The project a session belongs to, named after its git remote or its working directory. */
export function projectSubject(thread: Thread): { type: 'project'; name: string } {
  const fromRemote = thread.git.remote
    ?.replace(/\.git$/, '')
    .split(/[/:]/)
    .filter(Boolean)
    .pop();
  const fromCwd = thread.cwd
    ?.replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop();
  return { type: 'project', name: fromRemote || fromCwd || 'project' };
}

export type Voice =
  /** Typed by the user. */
  | 'user'
  /** An assistant final answer (or, in formats without phases, any assistant message). */
  | 'answer'
  /** Assistant commentary from a turn that never finished: a plan nobody saw carried out. */
  | 'plan';

export interface Utterance {
  turn: number;
  voice: Voice;
  text: string;
}

/** The assistant messages that count as the turn's conclusion. */
export function finalAnswers(turn: Turn): string[] {
  const finals = turn.assistant.filter((m) => m.phase === undefined || m.phase === 'final_answer');
  if (finals.length) return finals.map((m) => m.text);
  // A completed turn whose only messages are commentary still ended with something the agent said last.
  if (turn.completed && turn.assistant.length) return [turn.assistant[turn.assistant.length - 1].text];
  return [];
}

/**
 * True when the turn never reached its end: aborted, or cut off before any conclusion (no task_complete and
 * no final answer). Decided from structure only, never from the wording.
 */
export function turnUnfinished(turn: Turn): boolean {
  if (turn.aborted) return true;
  return !turn.completed && finalAnswers(turn).length === 0;
}

/** The thread's last turn never finished, so whatever it planned is unconfirmed. */
export function threadUnfinished(thread: Thread): boolean {
  const last = thread.turns[thread.turns.length - 1];
  if (!last) return !thread.finished && thread.parse.lastLineTruncated;
  return turnUnfinished(last) || (!thread.finished && thread.parse.lastLineTruncated && !last.completed);
}

export function utterances(thread: Thread): Utterance[] {
  const out: Utterance[] = [];
  const lastIndex = thread.turns.length - 1;
  thread.turns.forEach((turn, i) => {
    for (const text of turn.prompts) out.push({ turn: turn.index, voice: 'user', text });
    const answers = finalAnswers(turn);
    for (const text of answers) out.push({ turn: turn.index, voice: 'answer', text });
    if (!answers.length && (i === lastIndex || turn.aborted) && turnUnfinished(turn)) {
      for (const m of turn.assistant) out.push({ turn: turn.index, voice: 'plan', text: m.text });
    }
  });
  return out;
}

/**
 * The day each turn happened (YYYY-MM-DD, as the session note dates it), so "tomorrow" can be written as a
 * date: the turn's own timestamp, else the latest one before it, else the session's start.
 */
export function turnDates(thread: Thread): (turn: number) => string | undefined {
  const day = (iso: string | undefined) => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : undefined);
  const byTurn = new Map<number, string | undefined>();
  let last = day(thread.startedAt);
  for (const t of thread.turns) {
    last = day(t.startedAt) ?? day(t.assistant.find((m) => m.timestamp)?.timestamp) ?? last;
    byTurn.set(t.index, last);
  }
  return (turn) => byTurn.get(turn) ?? day(thread.startedAt);
}

// Recall that follows one Codex session: what its SessionStart gets (a fresh start, a compaction, a resume) and
// what each of its prompts adds, each through the one recall workflow (contextPack) with the session's ledger
// of what it was already given (given.ts). The hooks in src/node call these; nothing else decides what a
// session has seen.
import type { RecallHost } from '../host';
import { contextPack, type ContextResult } from './context';
import { givenLedger } from './given';
import { terms } from './text';

/**
 * The per-prompt bar: a unit goes in only when it scores at least half of the best hit for the prompt and
 * matches a third of its words (two at most are asked for; see PackOptions.minRelevance). Below it the hook
 * sends nothing at all rather than filler.
 */
export const PROMPT_MIN_RELEVANCE = 0.5;

export interface SessionStartRecall {
  /** Codex's session_id; without it nothing is recorded and a resume gets the whole pack. */
  sessionId?: string;
  /** SessionStart's source: startup | resume | clear | compact. */
  source?: string;
  task?: string;
  cwd: string;
  budget: number;
}

export interface PromptRecall {
  sessionId?: string;
  prompt: string;
  cwd: string;
  budget: number;
}

/** Recording must not cost the session its memory: a write that fails is reported and the pack still goes. */
async function record(host: RecallHost, sessionId: string | undefined, pack: ContextResult, reset: boolean): Promise<void> {
  if (!sessionId) return;
  try {
    await givenLedger(host.state, () => host.now().getTime()).record(
      sessionId,
      pack.items.map((i) => i.key),
      { reset },
    );
  } catch (err) {
    host.warn(`could not record what session ${sessionId} was given (${(err as Error).message})`);
  }
}

/**
 * The pack for a session start. A resumed session holds what it was given before, so it gets only what is new
 * or changed since; a compacted one lost it, so it gets the pack again minus notes marked `compact: drop`.
 * Null when there is nothing to give.
 */
export async function sessionStartRecall(host: RecallHost, req: SessionStartRecall): Promise<ContextResult | null> {
  const resume = req.source === 'resume';
  const exclude = resume && req.sessionId ? [...(await givenLedger(host.state, () => host.now().getTime()).given(req.sessionId))] : undefined;
  const pack = await contextPack(host, {
    task: req.task ?? '',
    cwd: req.cwd,
    budget: req.budget,
    ...(exclude?.length ? { exclude } : {}),
    ...(req.source === 'compact' ? { afterCompaction: true } : {}),
  });
  // A resume adds to what the session holds; any other start replaces it, even with nothing.
  await record(host, req.sessionId, pack, !resume);
  return pack.items.length ? pack : null;
}

/** What one prompt adds: the notes it calls for that the session does not hold yet, or null. */
export async function promptRecall(host: RecallHost, req: PromptRecall): Promise<ContextResult | null> {
  // "yes", "go on", "thanks!": no word the index could match, so no index to load.
  if (terms(req.prompt).length === 0) return null;
  const exclude = req.sessionId ? [...(await givenLedger(host.state, () => host.now().getTime()).given(req.sessionId))] : [];
  const pack = await contextPack(host, { task: req.prompt, cwd: req.cwd, budget: req.budget, exclude, minRelevance: PROMPT_MIN_RELEVANCE });
  if (pack.items.length === 0) return null;
  await record(host, req.sessionId, pack, false);
  return pack;
}

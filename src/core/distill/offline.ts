// The default distiller: deterministic rules over the Thread, no key, no network. It reads only what the
// user typed and what the assistant concluded (see sources.ts); files come from apply_patch, the unfinished
// flag from the structure of the rollout.
import type { Thread } from '../codex/thread';
import type { DistillContext, Distiller } from './distiller';
import { resolveDecisionChains } from './decision-chains';
import { finalizeItems } from './finalize';
import type { Learning, Learnings } from './learnings';
import type { ParsedUtterance, Subject, ThreadContext } from './offline/context';
import { decisions, type DecisionDraft } from './offline/decisions';
import { contentWords, mentions } from './offline/phrases';
import { people, unifyNames } from './offline/people';
import { preferences } from './offline/preferences';
import { mergeTodos } from './offline/same-todo';
import { commitsMade, references } from './offline/references';
import { splitSentences } from './offline/sentences';
import { statusAndFacts, summaryOf, titleOf, unfinishedStatus } from './offline/status';
import { todosAndQuestions, todosInPatch } from './offline/todos';
import { projectSubject, threadUnfinished, turnDates, utterances } from './sources';

function threadContext(thread: Thread, project: Subject): ThreadContext {
  // The last turn in which the user used each word: one pass, however long the thread.
  const lastUse = new Map<string, number>();
  for (const t of thread.turns) for (const p of t.prompts) for (const w of contentWords(p)) lastUse.set(w, t.index);
  return {
    project,
    lastTurn: thread.turns[thread.turns.length - 1]?.index ?? 0,
    adopted: [],
    userOverlapAfter: (text, turn) => {
      const words = contentWords(text);
      return words.length ? words.filter((w) => (lastUse.get(w) ?? 0) > turn).length / words.length : 0;
    },
  };
}

function filesChanged(thread: Thread, project: Subject): Learning[] {
  const turnOf = new Map<string, number>();
  for (const t of thread.turns) for (const c of t.toolCalls) for (const f of c.files ?? []) if (!turnOf.has(f.path)) turnOf.set(f.path, t.index);
  return thread.filesChanged.map((path) => ({
    kind: 'file' as const,
    text: `\`${path}\``,
    turn: turnOf.get(path) ?? 0,
    subject: project,
    confidence: 1,
    evidence: 'structure' as const,
  }));
}

/**
 * A decision is retired when a reversal (in the same or a later turn) drops the very thing it adopted; a
 * decision chain's current state (it has a history) already answers every reversal on its subject.
 */
function retireReversed(items: Learning[]): Learning[] {
  const reversals = items.filter((l) => l.kind === 'reversed_decision' && l.reversed);
  return items.filter(
    (l) =>
      l.kind !== 'decision' ||
      !l.choice ||
      !!l.history ||
      !reversals.some((r) => r.turn >= l.turn && (mentions(l.choice!, r.reversed!.what) || mentions(r.reversed!.what, l.choice!))),
  );
}

const GENERIC_WHAT = /^(?:the )?(?:last|previous|latest|recent|that|this|it)\b/i;

/**
 * "Revert the last commit" (user) and "Reverted 9f1e2d3 (cache: …)" (answer) are one reversal: the one that
 * names the thing stays, and takes the reason from the other.
 */
function foldVagueReversals(items: Learning[]): Learning[] {
  const reversals = items.filter((l) => l.kind === 'reversed_decision' && l.reversed);
  return items.filter((l) => {
    if (l.kind !== 'reversed_decision' || !l.reversed || !GENERIC_WHAT.test(l.reversed.what)) return true;
    const named = reversals.find((r) => r !== l && r.turn === l.turn && !GENERIC_WHAT.test(r.reversed!.what));
    if (!named) return true;
    if (!named.reversed!.reason && l.reversed.reason) {
      named.reversed = { ...named.reversed!, reason: l.reversed.reason };
      named.text = `${named.text.replace(/\.$/, '')}; reason: ${l.reversed.reason}.`;
    }
    return false;
  });
}

const REDIRECT = /\b(?:never ?mind|scratch that|forget (?:that|it)|instead|actually,? (?:no|don'?t)|don'?t (?:do|bother)|stop)\b/i;

/**
 * The plan of an interrupted turn is dropped when the user's next words redirect the work ("never mind,
 * just …"); kept, still unconfirmed, otherwise.
 */
function dropRedirectedPlans(items: Learning[], thread: Thread): Learning[] {
  const redirected = new Set<number>();
  thread.turns.forEach((t, i) => {
    const next = thread.turns[i + 1];
    if (next && next.prompts.some((p) => REDIRECT.test(p))) redirected.add(t.index);
  });
  return items.filter((l) => !(l.unconfirmed && redirected.has(l.turn)));
}

export function distillOffline(thread: Thread, ctx: DistillContext = {}): Learnings {
  const project = projectSubject(thread);
  const tc = threadContext(thread, project);
  const turns = new Map(thread.turns.map((t) => [t.index, t]));
  const items: (Learning & Partial<DecisionDraft>)[] = [];
  // What a decision adopts is its choice: the decision-chain pass groups proposals and returns by it.

  for (const u of utterances(thread)) {
    const parsed: ParsedUtterance = { ...u, sentences: splitSentences(u.text), claimed: new Set() };
    items.push(
      ...preferences(parsed, tc),
      ...decisions(parsed, tc),
      ...todosAndQuestions(parsed, tc),
      ...people(parsed),
      ...references(parsed, project),
      ...statusAndFacts(parsed, turns.get(u.turn), tc),
    );
  }
  const fromPatch = new Set<Learning>();
  for (const t of thread.turns) {
    for (const c of t.toolCalls) {
      if (c.kind !== 'patch') continue;
      for (const l of todosInPatch(c.input, t.index, project)) {
        fromPatch.add(l);
        items.push(l);
      }
    }
  }
  items.push(...commitsMade(thread, project), ...filesChanged(thread, project));

  const unfinished = threadUnfinished(thread);
  if (unfinished) items.push(unfinishedStatus(thread, project));

  // Items keep their identity (fromPatch holds them); only decisions trade `adopts` for `choice`.
  const withChoices = items.map((l) => {
    if (!l.adopts) return l;
    const { adopts, ...rest } = l;
    return { ...rest, choice: adopts };
  });
  const chained = resolveDecisionChains(withChoices);
  const kept = dropRedirectedPlans(foldVagueReversals(retireReversed(mergeTodos(chained, fromPatch))), thread);
  unifyNames(kept);
  return {
    thread: thread.id,
    title: titleOf(thread),
    summary: summaryOf(thread, unfinished),
    items: finalizeItems(kept, ctx.existing, { dateOf: turnDates(thread) }),
    unfinished,
    distiller: 'offline',
  };
}

export const offlineDistiller: Distiller = {
  name: 'offline',
  distill: (thread, ctx) => Promise.resolve(distillOffline(thread, ctx)),
};

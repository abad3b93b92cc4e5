// Proposals, reversals and returns on one subject (a file, a setting, an option, a named thing) are one
// decision with a history, not several decisions that contradict each other. After A → B → A the current
// decision is A, B and each change of mind are history with their reasons, and nothing about A is
// "superseded". Every distiller's items pass through here (finalize.ts), so offline and model paths agree.
import type { ChainStep, Learning } from './learnings';
import { mentions } from './offline/phrases';
import { stripFiller } from './wording';

// A decision with one of these refers back to an earlier one on the same subject.
const CHANGE_OF_MIND =
  /\b(?:after all|scratch that|never ?mind|on second thought|changed my mind|actually|instead|back to|it is|switch(?:ed)? to|move(?:d)? to|revert(?:ed)? to)\b/i;
// A change of mind answers a recent decision, not one from much earlier in a long session.
const NEAR_TURNS = 3;
const REASON = /(?:\s*[,;:(—-]\s*|\s+)(?:because|since|as|given that|so that)\s+(.+?)[.)]*$/i;
const AFTER_COMMA_REASON =
  /,\s+((?:\p{L}+\s+){0,3}(?:does|do|did|is|are|was|were|will|won'?t|can'?t|doesn'?t|keeps?|wants?|checked|said|agreed)\b.+?)[.]*$/iu;

interface Chain {
  steps: ChainStep[];
  /** Reasons given for leaving a choice, keyed by the choice left. */
  leftBecause: Map<string, string>;
  members: Learning[];
}

/** What a choice is called without its scope: "Vite for the dashboard build" → "vite". */
export function choiceKey(choice: string): string {
  return choice
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/\s+(?:for|in|on|to|with|as|across|from|instead|after all)\b.*$/, '')
    .trim();
}

/** Two choices are the same thing when one names the other ("Redis", "the Redis cluster"). */
export function sameChoice(a: string, b: string): boolean {
  const x = choiceKey(a);
  const y = choiceKey(b);
  return !!x && !!y && (x === y || mentions(x, y) || mentions(y, x));
}

/** The decision's sentence names a choice of the chain ("Switch to CSV, finance cannot open Parquet"). */
function namesOption(chain: Chain, text: string): boolean {
  return chain.steps.some((s) => choiceKey(s.choice).length > 1 && mentions(text.toLowerCase().replace(/`/g, ''), choiceKey(s.choice)));
}

/** Why a step was taken, when its own sentence says so ("…, memcached keeps evicting the session keys"). */
export function reasonOf(text: string): string | undefined {
  const m = REASON.exec(text) ?? /:\s+(.{3,}?)[.]*$/.exec(text) ?? AFTER_COMMA_REASON.exec(text);
  return m?.[1]?.trim().replace(/[.!]+$/, '') || undefined;
}

function optionOf(chain: Chain, what: string): string | undefined {
  return chain.steps.find((s) => sameChoice(s.choice, what))?.choice;
}

const STATES_ACTION = /^(?:use|keep|move|switch|store|stick|go|run|put|write|migrate|adopt|pick|choose)\b/i;

/** The current decision in words that name its subject: the step that first stated the final choice. */
function currentText(chain: Chain, last: Learning): string {
  const final = chain.steps[chain.steps.length - 1];
  const reason = final.reason ?? chain.steps.find((s) => sameChoice(s.choice, final.choice) && s.reason)?.reason;
  // "Let's move the cache to Redis" states the action once its filler is off.
  const stated = [last.text, ...chain.steps.filter((s) => sameChoice(s.choice, final.choice)).map((s) => s.text)]
    .map((t) => stripFiller(t))
    .find((t) => STATES_ACTION.test(t));
  const head = stated
    ? stated
        .replace(REASON, '')
        .replace(AFTER_COMMA_REASON, '')
        .replace(/[.!:]+$/, '')
    : `Use ${final.choice.replace(/^the\s+/i, '')}`;
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}${reason ? ` (${reason})` : ''}.`;
}

/** "proposed Redis (turn 1: …); changed to memcached (turn 2: …); back to Redis (turn 3)". */
export function historyLine(steps: ChainStep[]): string {
  return steps
    .map((s, i) => {
      const seen = steps.slice(0, i).some((p) => sameChoice(p.choice, s.choice));
      const verb = i === 0 ? 'proposed' : seen ? 'back to' : 'changed to';
      return `${verb} ${s.choice} (turn ${s.turn}${s.reason ? `: ${s.reason}` : ''})`;
    })
    .join('; ');
}

/**
 * Collapses each chain of two or more decisions into its final state. Reversals of a choice the chain
 * returned to are dropped (it was re-decided); reversals of the choices it left stay, their reasons also
 * in the history, and the current decision lists what it replaces (`replaces`) so the planner supersedes
 * those where a note states them.
 */
export function resolveDecisionChains(items: Learning[]): Learning[] {
  const chains: Chain[] = [];
  const chainOf = new Map<Learning, Chain>();
  const order = items.map((l, i) => ({ l, i })).sort((a, b) => a.l.turn - b.l.turn || a.i - b.i);
  const reversals: Learning[] = [];
  for (const { l } of order) {
    if (l.kind === 'reversed_decision' && l.reversed) reversals.push(l);
    if (l.kind !== 'decision' || !l.choice || l.history) continue;
    const step: ChainStep = { turn: l.turn, choice: l.choice, text: l.text, reason: reasonOf(l.text) };
    let chain = chains.find((c) => optionOf(c, l.choice!));
    const recent = chains[chains.length - 1];
    const near = recent && l.turn - recent.steps[recent.steps.length - 1].turn <= NEAR_TURNS;
    if (!chain && near && (CHANGE_OF_MIND.test(l.text) || namesOption(recent, l.text))) chain = recent;
    if (!chain) {
      const dropped = reversals.find((r) => r.reversed!.replacedBy && sameChoice(r.reversed!.replacedBy, l.choice!));
      if (dropped) chain = chains.find((c) => optionOf(c, dropped.reversed!.what));
    }
    if (!chain) chains.push((chain = { steps: [], leftBecause: new Map(), members: [] }));
    chain.steps.push(step);
    chain.members.push(l);
    chainOf.set(l, chain);
  }

  const drop = new Set<Learning>();
  const current = new Map<Learning, Learning>();
  for (const chain of chains) {
    if (chain.steps.every((s) => sameChoice(s.choice, chain.steps[0].choice))) continue;
    const final = chain.steps[chain.steps.length - 1];
    for (const r of reversals) {
      const left = optionOf(chain, r.reversed!.what);
      if (!left) continue;
      if (r.reversed!.reason) chain.leftBecause.set(left.toLowerCase(), r.reversed!.reason);
      // The chain came back to it: it was re-decided, not dropped. A choice left for good stays reversed.
      if (sameChoice(left, final.choice)) drop.add(r);
    }
    // The reason for a step is its own, or the reason given for leaving the choice before it.
    chain.steps.forEach((s, i) => {
      if (!s.reason && i > 0) s.reason = chain.leftBecause.get(chain.steps[i - 1].choice.toLowerCase());
    });
    const last = chain.members[chain.members.length - 1];
    const replaces = [...new Set(chain.steps.filter((s) => !sameChoice(s.choice, final.choice)).map((s) => s.choice))];
    const merged: Learning = {
      ...last,
      text: currentText(chain, last),
      history: chain.steps,
      replaces,
      confidence: Math.max(...chain.members.map((m) => m.confidence)),
    };
    for (const m of chain.members) drop.add(m);
    current.set(last, merged);
  }
  return items.flatMap((l) => (current.has(l) ? [current.get(l)!] : drop.has(l) ? [] : [l]));
}

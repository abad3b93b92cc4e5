// Decisions, and decisions taken back. A reversal names what was dropped, and where the same message says
// why ("X pointed out…", "because…") and what comes instead ("write Y instead"), those go with it.
// Decisions come from the user's words and the assistant's conclusions; a turn that never finished
// contributes its plan, marked unconfirmed.
import type { Learning } from '../learnings';
import { learning, type ParsedUtterance, type ThreadContext } from './context';
import { asBullet, clip, isPronoun, mentions, objectPhrase, stripOpeners } from './phrases';
import { capitalize, ensurePeriod, splitClauses, tidy } from './sentences';

/** A decision plus the thing it adopts, so a later reversal can retire it. */
export interface DecisionDraft extends Learning {
  adopts?: string;
}

interface Reversal {
  what: string;
  replacedBy?: string;
  reason?: string;
  topic?: string;
}

// Words that mark a change of mind on their own.
const CHANGE_OF_MIND = /\b(?:after all|any ?more|any longer|no longer|changed my mind|on second thought|on reflection|scratch that|not anymore)\b/i;

// "Use X. Actually no, scratch that, go with Y": the change of mind names no object of its own.
const SCRATCH = /\b(?:scratch that|forget (?:that|it)|never ?mind|actually,? no|on second thought|changed my mind)\b/i;

const SWITCH_FROM_TO =
  /\b(?:switch|switched|switching|change|changed|changing|move|moved|moving|migrate|migrated|migrating|go|going|went|convert|converted|converting|swap|swapped|swapping)\b((?:\s+[^\s,;]+){0,4}?)\s+from\s+(.+?)\s+to\s+(.+)/i;
const REPLACE_WITH = /\breplac(?:e|ed|es|ing)\s+(.+?)\s+(?:with|by)\s+(.+)/i;
const REVERT =
  /\b(?:revert(?:ed|s|ing)?|roll(?:ed|ing)? back|back(?:ed|ing)? out|undo|undid|undone|undoing|rip(?:ped)? out|scrap(?:ped)?|abandon(?:ed)?|g[ai]ve up on|get rid of|got rid of)\s+(.+)/i;
const NOT_USE =
  /\b(?:let'?s not|let us not|we (?:should|shouldn'?t|won'?t|will not|don'?t|do not)|don'?t|do not|no longer|stop|quit)\s+(?:use|using|go with|going with|do|doing|keep|keeping|rely on|relying on|depend on|depending on|add|adding)\s+(.+)/i;
const DROP = /\b(?:drop(?:ped)?|remove(?:d)?|delete(?:d)?|uninstall(?:ed)?)\s+(.+)/i;
const TRIED = /\b(?:we|i|you)(?:'ve| have)? tried\s+(.+?)\s+(?:but|and)\s+(.+?)(?:,\s*so\b|$)/i;
// A clause that names what to do instead, right after the reversal ("… and keep sessions in memory").
const REPLACING = /^(?:please\s+)?(?:just\s+)?(?:keep|use|go with|switch to|move to|write|store|put|go back to|stick with|stay with)\s+/i;
const GO_BACK = /\b(?:go(?:ing)? back to|went back to|switch(?:ed)? back to|revert(?:ed)? to|fall(?:ing)? back to|fell back to)\s+(.+)/i;
const INSTEAD_OF = /^(.*?)\s+(?:instead of|rather than|in place of)\s+(.+)$/i;
const TRAILING_INSTEAD = /^(.*?)\s+instead\b(?! of)\s*(\([^)]*\))?/i;

const DECIDE_USER =
  /^(?:let'?s\s+|we(?:'ll| will| should| can)\s+|please\s+|just\s+|i want (?:us|you) to\s+|(?:we|i)(?:'re|'m| are| am)\s+)?(use|go with|going with|stick with|sticking with|stay with|keep using|switch to|switching to|move to|moving to|migrate to|migrating to|adopt|adopting|pick|choose|standardi[sz]e on|standardi[sz]ing on|settle on|drop|dropping|deprecate|deprecating)\s+(?!(?:it|that|this|them)\b)(.+)/i;
// "Let's store sessions in Redis": a proposal the user makes is a choice, and names what it adopts.
// "Let's do the retry now", "let's look at the logs" ask for work; they choose nothing.
const LETS = /^let'?s\s+(?!not\b|(?:do|start|begin|look|see|try|check|get|continue|finish|work|tackle|fix|debug|investigate)\b)(\w+)\s+(.+)/i;
const AVOID =
  /^(?:please\s+)?(?:don'?t|do not|never|let'?s not|we (?:don'?t|do not|won'?t|will not|shouldn'?t)) (?:use|add|introduce|depend on|pull in|bring in|adopt)\s+\S/i;
const SWITCH_TO = /^(?:please\s+)?(?:switch|change|move|migrate|convert|set)\s+(.+?)\s+to\s+(.+)/i;
const AGREED =
  /\b(?:we|i|they|you)(?:'ve| have)? (?:decided|agreed|settled on|chose|opted)\b|\bthe (?:decision|plan) is\b|\bwe(?:'re| are) going with\b/i;
const ATTRIBUTED =
  /\b(?:says|said|wants|suggests|suggested|recommends|recommended)\s+(?:to\s+|we\s+(?:should\s+)?)?(use|go with|switch to|keep|stick with|adopt)\s+(.+)/i;
const DECIDE_ANSWER =
  /^decisions?:|\b(?:decided|decision|chose|chosen|opted|went with|settled on|going with|agreed|standardi[sz]ed on)\b|\bi (?:kept|used|chose|picked|left|made|put|avoided|skipped|did not|didn'?t)\b.*\b(?:because|since|so that|to avoid|to keep|rather than|instead of)\b/i;
const PLAN =
  /^(?:(?:so|next|then|now|first),?\s+)?(?:i'?ll|i will|i'?m going to|i am going to|let me|i plan to|i intend to|we should|we'll|we will|the fix is to|the plan is to)\s+((?:switch|change|replace|use|add|remove|fix|rewrite|move|rename|update|refactor|implement|write|make|introduce|drop|revert|migrate|convert|set|wrap|mock|stub|pin|bump|upgrade|downgrade|split|extract|inline|delete|disable|enable|increase|decrease|raise|lower)\b.*)$/i;
// "Redis it is", "keep memcached after all": a return to a choice, or staying with one, names it first.
const IT_IS = /^(?:(?:ok(?:ay)?|fine|right|so|no|actually|never ?mind|scratch that),?\s+)*(.{2,60}?)\s+it is\b/i;
const KEEP_AFTER_ALL = /^(?:keep|stay with|stick with)\s+(.+?)\s+after all\b/i;
const ADOPTED_IN_ANSWER = /\b(?:switched|moved|migrated|changed|converted)\s+.+?\s+to\s+(.+)/i;

const REASON =
  /\b(?:because|since|due to|pointed out|points out|turns out|turned out|the problem (?:is|was)|the issue (?:is|was)|too (?:slow|big|large|heavy|much|many|complex|fragile)|doesn'?t|does not|didn'?t|can'?t|cannot|won'?t|breaks|broke|buffers|leaks|expects|requires|(?:i|we) (?:said|agreed|decided))\b/i;
const IN_SENTENCE_REASON =
  /(?:,\s*|\s+)(?:because|since|due to|given that|as (?=(?:[A-Z][\p{L}]+|you|we|i|they|he|she|the \w+) (?:said|says|asked|requested|wanted|suggested|pointed out|expects?|noted|requires?))|(?=(?:it|this|that|which) (?:broke|breaks|caused|causes|made|makes|slowed|slows|leaked|leaks|failed|fails|didn'?t|doesn'?t|was|is) ))\s*(.+)$/u;

const BRANCH_TALK = /\bbranch\b|\bcheckout\b|\bgit switch\b/i;
const LEADING_VERB = /^(?:write|use|build|add|implement|create|go with|switch to|move to|do|make|try|adopt|keep|pick|choose|introduce)\s+/i;

export function decisions(u: ParsedUtterance, ctx: ThreadContext): DecisionDraft[] {
  const out: DecisionDraft[] = [];
  const reversals: { at: number; r: Reversal }[] = [];
  const replacements: { at: number; what: string }[] = [];
  const used = new Set<number>();
  const reversalAt = new Set<number>();

  u.sentences.forEach((s, at) => {
    const pieces = u.voice === 'user' ? splitClauses(s.text) : s.text.split(/;\s+/);
    for (const [k, raw] of pieces.entries()) {
      const piece = stripOpeners(tidy(raw));
      if (!piece || (/\?\s*$/.test(piece) && u.voice !== 'plan')) continue;

      const trailing = TRAILING_INSTEAD.exec(piece);
      if (trailing) {
        const what = replacementPhrase(trailing[1], trailing[2]);
        if (what) replacements.push({ at, what });
      }
      const r = reversalIn(piece, ctx);
      if (r) {
        // The other clauses of the sentence: why ("X turned out to be overkill; drop it") and what comes
        // instead ("drop it and keep sessions in memory").
        const others = pieces.filter((_, j) => j !== k).map((p) => stripOpeners(tidy(p)));
        if (!r.reason) r.reason = others.find((p) => REASON.test(p))?.replace(/[.!]+$/, '');
        const next = pieces[k + 1] ? stripOpeners(tidy(pieces[k + 1])) : '';
        if (!r.replacedBy && REPLACING.test(next)) r.replacedBy = objectPhrase(next.replace(REPLACING, ''), 8);
        reversals.push({ at, r });
        reversalAt.add(at);
        // The assistant's "Switched X to Y" is also what the turn got done; the user's words are only this.
        if (u.voice === 'user') used.add(at);
        continue;
      }
      const before = ctx.adopted[ctx.adopted.length - 1];
      const d = decisionIn(piece, u, ctx, s.text, u.claimed.has(at));
      if (d) {
        out.push(d);
        used.add(at);
        if (d.adopts) ctx.adopted.push({ what: d.adopts, turn: u.turn });
        if (SCRATCH.test(raw) && before && d.adopts && !mentions(d.adopts, before.what)) {
          reversals.push({ at, r: { what: before.what, replacedBy: d.adopts, reason: IN_SENTENCE_REASON.exec(piece)?.[1]?.replace(/[.!]+$/, '') } });
          reversalAt.add(at);
        }
      }
      if (u.voice === 'answer') {
        const adopted = ADOPTED_IN_ANSWER.exec(piece);
        const what = adopted ? objectPhrase(adopted[1]) : undefined;
        if (what && !BRANCH_TALK.test(piece)) ctx.adopted.push({ what, turn: u.turn });
      }
    }
  });

  for (const { at, r } of reversals) {
    if (!r.replacedBy) r.replacedBy = replacements.find((x) => x.at >= at)?.what ?? replacements[0]?.what;
    if (!r.reason) r.reason = reasonNear(u, at, new Set([...used, ...reversalAt]));
    out.push(
      learning('reversed_decision', reversalText(r), u, ctx.project, {
        reversed: { what: r.what, reason: r.reason, replacedBy: r.replacedBy },
        confidence: u.voice === 'plan' ? 0.4 : 0.8,
      }),
    );
    // What replaces the dropped thing is the decision that stands now. Its text leaves the dropped thing
    // out, so nothing downstream mistakes it for the decision that was retired.
    const stated = ctx.adopted.some((a) => a.turn <= u.turn && mentions(a.what, r.replacedBy ?? ''));
    if (r.replacedBy && !stated) {
      out.push({ ...learning('decision', replacementText(r), u, ctx.project), adopts: r.replacedBy });
      ctx.adopted.push({ what: r.replacedBy, turn: u.turn });
    }
  }
  for (const at of used) u.claimed.add(at);
  return out;
}

function reversalIn(piece: string, ctx: ThreadContext): Reversal | null {
  const adoptedBefore = (what: string) => ctx.adopted.some((a) => sameThing(a.what, what));
  const resolve = (phrase: string | undefined) => (isPronoun(phrase) ? ctx.adopted[ctx.adopted.length - 1]?.what : phrase);
  // The reason ends where its consequence starts ("it was too slow, so we're going back to JSON").
  const reason = IN_SENTENCE_REASON.exec(piece)?.[1]
    ?.replace(/,\s*so\b.*$/, '')
    .replace(/[.!]+$/, '');

  let m = SWITCH_FROM_TO.exec(piece);
  if (m && !BRANCH_TALK.test(piece)) {
    const what = objectPhrase(m[2]);
    const by = objectPhrase(m[3]);
    const topic = objectPhrase(m[1] ?? '', 4);
    if (what && by) return { what, replacedBy: by, reason, topic: isPronoun(topic) ? undefined : topic };
  }
  m = REVERT.exec(piece);
  if (m && !/^to\b/i.test(m[1])) {
    let what = resolve(objectPhrase(m[1]));
    // A bare commit id says little; its message, when given right after it, says what it was.
    const aside = /^\s*`?[0-9a-f]{7,40}`?\s*\(([^)]{3,120})\)/.exec(m[1]);
    if (what && aside) what = `${what} (${aside[1]})`;
    if (what) return { what, reason };
  }
  m = GO_BACK.exec(piece);
  if (m) {
    const by = objectPhrase(m[1]);
    // "We tried protobuf but it was too slow, so we're going back to JSON."
    const tried = TRIED.exec(piece);
    const what = tried ? objectPhrase(tried[1]) : ctx.adopted[ctx.adopted.length - 1]?.what;
    const why = reason ?? tried?.[2]?.replace(/,\s*so\b.*$/, '').replace(/[,.]+$/, '');
    if (by && what && !mentions(by, what)) return { what, replacedBy: by, reason: why };
  }
  m = NOT_USE.exec(piece);
  if (m) {
    const what = resolve(objectPhrase(m[1]));
    if (what && (CHANGE_OF_MIND.test(piece) || adoptedBefore(what))) return { what, reason };
  }
  m = REPLACE_WITH.exec(piece);
  if (m) {
    const what = resolve(objectPhrase(m[1]));
    const by = objectPhrase(m[2]);
    if (what && by && (CHANGE_OF_MIND.test(piece) || adoptedBefore(what))) return { what, replacedBy: by, reason };
  }
  m = INSTEAD_OF.exec(piece);
  if (m) {
    const what = objectPhrase(m[2]);
    if (what && adoptedBefore(what)) return { what, replacedBy: replacementPhrase(m[1]), reason };
  }
  m = DROP.exec(piece);
  if (m) {
    const what = resolve(objectPhrase(m[1]));
    if (what && adoptedBefore(what)) return { what, reason };
  }
  return null;
}

function decisionIn(piece: string, u: ParsedUtterance, ctx: ThreadContext, sentence: string, isPreference: boolean): DecisionDraft | null {
  if (u.voice === 'plan') {
    const m = PLAN.exec(piece);
    if (!m) return null;
    return {
      ...learning('decision', `Planned, not confirmed: ${ensurePeriod(m[1])}`, u, ctx.project),
      adopts: objectOfPlan(m[1]),
    };
  }
  if (u.voice === 'user') {
    // "Don't use lodash here": a decision against something, with nothing adopted.
    if (AVOID.test(piece) && !isPreference)
      return learning('decision', asBullet(sentence.startsWith(piece) ? sentence : piece), u, ctx.project, { confidence: 0.7 });
    // "Since finance opens the files in Excel, use CSV": the decision is what follows the reason.
    const afterReason = /^(?:since|because|as|given that)\s+[^,]{3,120},\s+(.+)$/i.exec(piece)?.[1];
    const direct = DECIDE_USER.exec(piece) ?? (afterReason ? DECIDE_USER.exec(afterReason) : null);
    const switched = SWITCH_TO.exec(piece);
    const attributed = ATTRIBUTED.exec(piece);
    const instead = INSTEAD_OF.exec(piece) ?? TRAILING_INSTEAD.exec(piece);
    const lets = LETS.exec(piece);
    const kept = IT_IS.exec(piece) ?? KEEP_AFTER_ALL.exec(piece);
    if (kept) {
      const choice = objectPhrase(kept[1]);
      if (choice && !isPronoun(choice)) return { ...learning('decision', asBullet(piece), u, ctx.project), adopts: choice };
    }
    if (!direct && !switched && !attributed && !instead && !lets && !AGREED.test(piece)) return null;
    const adopts = direct
      ? objectPhrase(direct[2])
      : switched
        ? objectPhrase(switched[2])
        : attributed
          ? objectPhrase(attributed[2])
          : instead
            ? replacementPhrase(instead[1])
            : lets
              ? objectPhrase(
                  /^(?:move|switch|migrate|change|convert|port)$/i.test(lets[1]) ? (/\bto\s+(.+)/i.exec(lets[2])?.[1] ?? lets[2]) : lets[2],
                )
              : undefined;
    return { ...learning('decision', asBullet(piece), u, ctx.project), adopts: isPronoun(adopts) ? undefined : adopts };
  }
  if (!DECIDE_ANSWER.test(piece) && !INSTEAD_OF.test(piece)) return null;
  const instead = INSTEAD_OF.exec(piece);
  return {
    ...learning('decision', ensurePeriod(clip(tidy(piece))), u, ctx.project),
    adopts: instead ? replacementPhrase(instead[1]) : undefined,
  };
}

/**
 * Two phrases name the same thing when one contains the other, or when they share a name (a proper noun,
 * an identifier, an acronym): "sessions in Redis" and "the Redis store".
 */
function sameThing(a: string, b: string): boolean {
  if (mentions(a, b) || mentions(b, a)) return true;
  const names = (t: string) =>
    new Set((t.replace(/`/g, ' ').match(/\b(?:\p{Lu}[\p{L}\d]*|[\p{Ll}\d]*[\d_.][\p{L}\d_.]*)\b/gu) ?? []).map((w) => w.toLowerCase()));
  const na = names(a);
  return [...names(b)].some((w) => w.length > 1 && na.has(w));
}

/** "please revert it and write a small streaming tokenizer" → "small streaming tokenizer". */
function replacementPhrase(before: string, parenthetical?: string): string | undefined {
  const tail =
    before.split(/\s+and\s+|[,;:]\s*|\s+(?:with|uses?|using|to|by|in|on|as|now|is|are|computes?|writes?|reads?|calls?|returns?|stores?)\s+/i).pop() ??
    '';
  const phrase = objectPhrase(tail.replace(LEADING_VERB, ''), 6);
  if (!phrase || isPronoun(phrase)) return undefined;
  return parenthetical ? `${phrase} ${parenthetical}` : phrase;
}

function objectOfPlan(plan: string): string | undefined {
  const to = /\bto\s+(.+)/i.exec(plan);
  return objectPhrase(to ? to[1] : plan.replace(/^\S+\s+/, ''));
}

function reasonNear(u: ParsedUtterance, at: number, used: Set<number>): string | undefined {
  const found: string[] = [];
  for (let i = at + 1; i < u.sentences.length && found.length < 2; i++) {
    if (used.has(i)) continue;
    const t = u.sentences[i].text;
    if (!REASON.test(t)) break;
    found.push(stripOpeners(tidy(t)).replace(/[.!]+$/, ''));
  }
  return found.length ? found.join('; ') : undefined;
}

// A replacement that starts like an action ("only trim unquoted queries") reads badly after "use".
const ACTION_START =
  /^(?:only|just|simply|always|never|\w+ly|keep|trim|write|add|make|do|run|call|move|put|split|skip|wrap|strip|read|send|store|cache|return|throw|check|handle|parse|load|save)\b/i;

function replacementText(r: Reversal): string {
  const reason = r.reason ? ` (${r.reason.split('; ')[0]})` : '';
  const verb = ACTION_START.test(r.replacedBy ?? '') ? 'now' : 'use';
  const t = r.topic ? `${capitalize(r.topic)}: ${verb} ${r.replacedBy}${reason}` : `${capitalize(verb)} ${r.replacedBy}${reason}`;
  return `${clip(t, 400).replace(/[.!]$/, '')}.`;
}

function reversalText(r: Reversal): string {
  let t = `dropped ${r.what}`;
  if (r.replacedBy) t += ` in favour of ${r.replacedBy}`;
  if (r.reason) t += `; reason: ${r.reason}`;
  t = r.topic ? `${capitalize(r.topic)}: ${t}` : capitalize(t);
  return ensurePeriod(clip(t, 400));
}

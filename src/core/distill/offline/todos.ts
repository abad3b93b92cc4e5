// Open work and open questions. From the user: "leave a TODO for…", "we'll do that later", "before we X…".
// From the assistant's conclusions: "still open", "next steps", "not implemented yet", "I left a TODO",
// and questions it ends on. A question from an earlier turn that the user went on to answer is kept at a
// lower confidence rather than guessed away.
import type { Learning } from '../learnings';
import { learning, type ParsedUtterance, type ThreadContext } from './context';
import { asBullet, clip, stripOpeners } from './phrases';
import { capitalize, ensurePeriod, splitClauses, tidy } from './sentences';

const LEAVE_TODO =
  /\b(?:leave|add|put|write|create|file|open|make|note down|jot down)\s+(?:a|an|the|one)?\s*(?:todo|to-do|fixme|follow-?up(?: ticket| issue| task)?|reminder|ticket|issue|task)\b(?:\s+(?:comment|note|item))?\s*(?:for|to|about|on|that|saying|:)?\s*(.*)$/i;
const LATER =
  /\b(?:later|next (?:week|month|year|time|sprint|release|session|version|quarter)|tomorrow|another time|at some point|eventually|in a (?:follow-?up|separate (?:pr|change|commit|ticket|session))|separately|not now|someday|down the (?:line|road)|(?:after|before) (?:the|this|the next) release|in v\d+(?:\.\d+)*|in the next (?:release|version|major|minor))\b/i;
const OWN_ACTION = /\b(?:we|i|you)(?:'ll| will| should| need to| have to| must| can| want to| plan to|'re going to| are going to)\b|^let'?s\b/i;
const REMIND =
  /\b(?:remind me to|don'?t forget(?: to)?|we still (?:need|have) to|still need to|we need to .+ (?:later|eventually)|follow up on|circle back (?:to|on))\s+(.+)$/i;
const BEFORE_WE = /^before (?:we|i|you)\s+(.+?),\s+/i;

const OPEN_WORK =
  /\b(?:todo|to-do|fixme|still open|remains? open|left (?:it |this |that |the \S+ (?:case )?)?open|open item|follow-?ups?|next steps?|remaining|not (?:yet )?(?:implemented|done|handled|covered|tested|added|fixed|supported|wired)|still (?:needs?|needed|required|missing|to do|pending|open|has to|have to|outstanding)|needs? to be \w+(?:ed|en|t)|(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not) (?!(?:changed|touched|modified|edited|done) (?:anything|nothing))\w+[^.;]*\byet\b|waiting (?:on|for)|blocked (?:on|by)|leave .{1,60}? (?:to|for) you\b|up to you\b|left for later|not done\b|still to do\b|(?:i|we) (?:did not|didn'?t|have not|haven'?t|could not|couldn'?t) (?:yet )?(?:add|implement|do|handle|fix|write|test|cover|update|get to|finish)|left (?:a|an|the)? ?(?:todo|fixme|note|comment)|yet to be|outstanding)\b/i;
// Reports of work finished that merely mention the TODO it settles ("Removed the TODO; the test covers it").
const SETTLED_TODO =
  /\b(?:removed|resolved|closed|deleted|dropped|cleared|addressed|ticked off|checked off|took out|fixed|finished|completed|done with)\s+(?:the|that|this|a|an|its|both|all(?: the)?|our|my)?\s*(?:\S+\s+)?(?:todos?|to-dos?|fixmes?|follow-?ups?)\b/i;
const OPEN_LEAD =
  /^(?:next steps?|todos?|to-dos?|to do|still to do|follow-?ups?|remaining(?: work)?|open (?:items?|questions?|issues?)|still open|left to do|left for later|what'?s left|not done|pending|outstanding|later)\b/i;

const QUESTION_ANSWER =
  /\bopen questions?\b|\bunclear (?:whether|if|how|what|why|which)\b|\bnot sure (?:whether|if|how|what|which)\b|\b(?:need|needs|should|will need) to (?:confirm|decide|check with|ask)\b|\bto be (?:decided|confirmed|clarified)\b|\btbd\b|\bask \p{L}+ (?:whether|if|about|how|what|which)\b|\bshould confirm\b|\bwhether\b/iu;
const QUESTION_USER =
  /\bopen questions?\b|\b(?:i'?m|i am|we'?re|we are) not sure (?:whether|if|how|what|which)\b|\bwe (?:need|have) to (?:figure out|decide|find out)\b|\bstill (?:unclear|undecided)\b/i;
const PAST_CHECK = /\b(?:checked|verified|tested|confirmed|made sure)\b/i;
const ASKS_USER = /\b(?:should i|shall i|do you want|would you like|want me to|let me know|which (?:one|option)|your (?:ok|okay|call|approval))\b/i;

export function todosAndQuestions(u: ParsedUtterance, ctx: ThreadContext): Learning[] {
  return u.voice === 'user' ? fromUser(u, ctx) : fromAssistant(u, ctx);
}

function fromUser(u: ParsedUtterance, ctx: ThreadContext): Learning[] {
  const out: Learning[] = [];
  u.sentences.forEach((s, at) => {
    const n = out.length;
    const before = BEFORE_WE.exec(s.text);
    if (before) {
      out.push(learning('todo', ensurePeriod(capitalize(tidy(before[1]))), u, ctx.project, { confidence: 0.5 }));
    }
    if (QUESTION_USER.test(s.text)) out.push(learning('question', asBullet(s.text), u, ctx.project));
    if (/\?\s*$/.test(s.text)) return;
    for (const clause of splitClauses(s.text)) {
      const c = stripOpeners(tidy(clause));
      const leave = LEAVE_TODO.exec(c);
      if (leave) {
        const what = leave[1]?.trim();
        out.push(learning('todo', what && what.split(/\s+/).length >= 2 ? asBullet(what) : asBullet(c), u, ctx.project));
        continue;
      }
      const remind = REMIND.exec(c);
      if (remind) {
        out.push(learning('todo', asBullet(remind[1]), u, ctx.project));
        continue;
      }
      if (LATER.test(c) && OWN_ACTION.test(c) && c.split(/\s+/).length >= 4) {
        out.push(learning('todo', asBullet(c), u, ctx.project, { confidence: 0.6 }));
      }
    }
    if (out.length > n) u.claimed.add(at);
  });
  return out;
}

function fromAssistant(u: ParsedUtterance, ctx: ThreadContext): Learning[] {
  const out: Learning[] = [];
  u.sentences.forEach((s, at) => {
    const l = assistantItem(s.text, s.lead, u, ctx);
    if (!l) return;
    out.push(l);
    u.claimed.add(at);
  });
  return out;
}

function assistantItem(sentence: string, lead: string | undefined, u: ParsedUtterance, ctx: ThreadContext): Learning | null {
  const text = ensurePeriod(clip(tidy(sentence)));
  const last = u.turn === ctx.lastTurn;
  if (/:\s*$/.test(sentence)) return null; // "Next steps:" only introduces the list
  if (/\?\s*$/.test(sentence)) {
    // A question the assistant ended the session on is still open; earlier ones the user has answered.
    return last ? learning('question', text, u, ctx.project, { confidence: 0.6 }) : null;
  }
  if (SETTLED_TODO.test(sentence) && !/\b(?:still|another|new|remaining)\b/i.test(sentence)) return null;
  if ((lead !== undefined && OPEN_LEAD.test(lead)) || OPEN_WORK.test(sentence)) return learning('todo', text, u, ctx.project);
  // "remove it in v3", "that can happen in a follow-up": work put off, said by the assistant.
  if (LATER.test(sentence) && !/\b(?:did|was|were|had|added|fixed|removed|done)\b.*\b(?:earlier|before)\b/i.test(sentence)) {
    return learning('todo', text, u, ctx.project, { confidence: 0.6 });
  }
  if (QUESTION_ANSWER.test(sentence) && !(PAST_CHECK.test(sentence) && !/\bopen question/i.test(sentence))) {
    const answered = ctx.userOverlapAfter(sentence, u.turn) >= 0.3;
    return learning('question', text, u, ctx.project, { confidence: answered ? 0.4 : 0.65 });
  }
  if (ASKS_USER.test(sentence) && last) return learning('question', text, u, ctx.project, { confidence: 0.5 });
  return null;
}

/** TODO/FIXME comments the agent wrote into files with apply_patch. */
export function todosInPatch(patch: string, turn: number, subject: Learning['subject']): Learning[] {
  const out: Learning[] = [];
  let file: string | undefined;
  for (const line of patch.split(/\r?\n/)) {
    const header = /^\*\*\* (?:Add|Update) File: (.+)$/.exec(line);
    if (header) file = header[1].trim();
    if (!line.startsWith('+') || line.startsWith('+++')) continue;
    const m = /\b(?:TODO|FIXME)\b(?:\([^)]*\))?:?\s*(.+)$/.exec(line);
    if (!m) continue;
    const body = m[1].replace(/\s*(?:\*\/|-->|#\}|%\})\s*$/, '').trim();
    if (body.split(/\s+/).length < 2) continue;
    out.push({
      kind: 'todo',
      text: ensurePeriod(`${capitalize(body)}${file ? ` (TODO in ${file})` : ''}`),
      turn,
      subject,
      confidence: 0.6,
      evidence: 'assistant',
    });
  }
  return out;
}

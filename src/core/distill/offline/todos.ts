// Open work and open questions. From the user: "leave a TODO for…", "we'll do that later", "before we X…".
// From the assistant's conclusions: "still open", "next steps", "not implemented yet", "I left a TODO",
// and questions it ends on. A question from an earlier turn that the user went on to answer is kept at a
// lower confidence rather than guessed away.
import type { Learning } from '../learnings';
import { learning, type ParsedUtterance, type ThreadContext } from './context';
import { asBullet, clip, stripOpeners } from './phrases';
import { capitalize, ensurePeriod, splitClauses, tidy } from './sentences';
import { alternation } from './word-list';

// "leave a TODO for the retry", "open a follow-up ticket: …": the verbs and the nouns of an explicit TODO.
const TODO_VERBS = ['leave', 'add', 'put', 'write', 'create', 'file', 'open', 'make', 'note down', 'jot down'];
const TODO_NOUNS = [
  'todo',
  'to-do',
  'fixme',
  'follow-up',
  'followup',
  'follow-up ticket',
  'followup ticket',
  'follow-up issue',
  'followup issue',
  'follow-up task',
  'followup task',
  'reminder',
  'ticket',
  'issue',
  'task',
];
const LEAVE_TODO = new RegExp(
  `\\b${alternation(TODO_VERBS)}\\s+(?:a|an|the|one)?\\s*${alternation(TODO_NOUNS)}\\b(?:\\s+(?:comment|note|item))?\\s*(?:for|to|about|on|that|saying|:)?\\s*(.*)$`,
  'i',
);
// Work put off: "later", "next sprint", "in a separate PR", "after the release" (and "in v3", below).
const PUT_OFF = [
  'later',
  ...['week', 'month', 'year', 'time', 'sprint', 'release', 'session', 'version', 'quarter'].map((w) => `next ${w}`),
  'tomorrow',
  'another time',
  'at some point',
  'eventually',
  'in a follow-up',
  'in a followup',
  ...['pr', 'change', 'commit', 'ticket', 'session'].map((w) => `in a separate ${w}`),
  'separately',
  'not now',
  'someday',
  'down the line',
  'down the road',
  ...['after', 'before'].flatMap((w) => [`${w} the release`, `${w} this release`, `${w} the next release`]),
  'in the next release',
  'in the next version',
  'in the next major',
  'in the next minor',
];
const LATER = new RegExp(`\\b(?:${alternation(PUT_OFF)}|in v\\d+(?:\\.\\d+)*)\\b`, 'i');
const OWN_ACTION = /\b(?:we|i|you)(?:'ll| will| should| need to| have to| must| can| want to| plan to|'re going to| are going to)\b|^let'?s\b/i;
// "remind me to…", "we still need to…": what follows is the TODO.
const REMINDERS = [
  'remind me to',
  "don't forget",
  'dont forget',
  "don't forget to",
  'dont forget to',
  'we still need to',
  'we still have to',
  'still need to',
  'follow up on',
  'circle back to',
  'circle back on',
];
const REMIND = new RegExp(`\\b(?:${alternation(REMINDERS)}|we need to .+ (?:later|eventually))\\s+(.+)$`, 'i');
const BEFORE_WE = /^before (?:we|i|you)\s+(.+?),\s+/i;

// What the assistant says of work that is not finished.
const OPEN_PHRASES = [
  'todo',
  'to-do',
  'fixme',
  'still open',
  'remain open',
  'remains open',
  'open item',
  'follow-up',
  'follow-ups',
  'followup',
  'followups',
  'next step',
  'next steps',
  'remaining',
  'waiting on',
  'waiting for',
  'blocked on',
  'blocked by',
  'up to you',
  'left for later',
  'not done',
  'still to do',
  'yet to be',
  'outstanding',
];
// "not (yet) implemented", "not covered".
const UNFINISHED = ['implemented', 'done', 'handled', 'covered', 'tested', 'added', 'fixed', 'supported', 'wired'];
// "still needs…", "still missing".
const STILL_WANTED = ['need', 'needs', 'needed', 'required', 'missing', 'to do', 'pending', 'open', 'has to', 'have to', 'outstanding'];
// "I didn't (yet) add…", "we couldn't finish…".
const NOT_DONE_BY_US = ['did not', "didn't", 'didnt', 'have not', "haven't", 'havent', 'could not', "couldn't", 'couldnt'];
const WORK_VERBS = ['add', 'implement', 'do', 'handle', 'fix', 'write', 'test', 'cover', 'update', 'get to', 'finish'];
// "haven't wired X yet", but not "haven't changed anything yet" (a report that nothing was touched).
const NOT_YET_DONE = ["haven't", 'havent', 'have not', "hasn't", 'hasnt', 'has not', "didn't", 'didnt', 'did not'];
const OPEN_WORK = new RegExp(
  '\\b(?:' +
    [
      alternation(OPEN_PHRASES),
      `not (?:yet )?${alternation(UNFINISHED)}`,
      `still ${alternation(STILL_WANTED)}`,
      `(?:i|we) ${alternation(NOT_DONE_BY_US)} (?:yet )?${alternation(WORK_VERBS)}`,
      `${alternation(NOT_YET_DONE)} (?!(?:changed|touched|modified|edited|done) (?:anything|nothing))\\w+[^.;]*\\byet\\b`,
      'left (?:it |this |that |the \\S+ (?:case )?)?open',
      'needs? to be \\w+(?:ed|en|t)',
      'leave .{1,60}? (?:to|for) you\\b',
      'left (?:a|an|the)? ?(?:todo|fixme|note|comment)',
    ].join('|') +
    ')\\b',
  'i',
);
// Reports of work finished that merely mention the TODO it settles ("Removed the TODO; the test covers it").
const SETTLING_VERBS = [
  'removed',
  'resolved',
  'closed',
  'deleted',
  'dropped',
  'cleared',
  'addressed',
  'ticked off',
  'checked off',
  'took out',
  'fixed',
  'finished',
  'completed',
  'done with',
];
const SETTLED_TODO = new RegExp(
  `\\b${alternation(SETTLING_VERBS)}\\s+(?:the|that|this|a|an|its|both|all(?: the)?|our|my)?\\s*(?:\\S+\\s+)?(?:todos?|to-dos?|fixmes?|follow-?ups?)\\b`,
  'i',
);
// List lead-ins that make every item under them open work ("Next steps:", "Still to do:").
const OPEN_LEADS = [
  'next step',
  'next steps',
  'todo',
  'todos',
  'to-do',
  'to-dos',
  'to do',
  'still to do',
  'follow-up',
  'follow-ups',
  'followup',
  'followups',
  'remaining',
  'remaining work',
  'open item',
  'open items',
  'open question',
  'open questions',
  'open issue',
  'open issues',
  'still open',
  'left to do',
  'left for later',
  "what's left",
  'whats left',
  'not done',
  'pending',
  'outstanding',
  'later',
];
const OPEN_LEAD = new RegExp(`^${alternation(OPEN_LEADS)}\\b`, 'i');

// What the assistant says of a question still to settle ("unclear whether…", "to be confirmed", "TBD").
const UNSETTLED = [
  'open question',
  'open questions',
  ...['whether', 'if', 'how', 'what', 'why', 'which'].map((w) => `unclear ${w}`),
  ...['whether', 'if', 'how', 'what', 'which'].map((w) => `not sure ${w}`),
  ...['need', 'needs', 'should', 'will need'].flatMap((w) => ['confirm', 'decide', 'check with', 'ask'].map((v) => `${w} to ${v}`)),
  'to be decided',
  'to be confirmed',
  'to be clarified',
  'tbd',
  'should confirm',
  'whether',
];
// "ask Dana whether…": a question for someone named.
const QUESTION_ANSWER = new RegExp(`\\b${alternation(UNSETTLED)}\\b|\\bask \\p{L}+ (?:whether|if|about|how|what|which)\\b`, 'iu');
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

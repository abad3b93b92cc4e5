// What the session got done and what it found out. The status comes from the assistant's conclusions:
// the headline of each final answer and sentences that report a change ("Added…", "Switched…", "is now…").
// A turn that only asked something (no patch) yields facts instead: the answer's first sentences. The
// user's own problem statements ("X is flaky on CI") are facts too.
import type { Thread, Turn } from '../../codex/thread';
import type { Learning } from '../learnings';
import { finalAnswers } from '../sources';
import { learning, type ParsedUtterance, type Subject, type ThreadContext } from './context';
import { clip, stripOpeners } from './phrases';
import { capitalize, ensurePeriod, splitSentences, tidy } from './sentences';

const DONE =
  /^(?:i\s+(?:have\s+|'ve\s+)?)?(?:added|fixed|switched|committed|reverted|implemented|updated|removed|created|renamed|moved|refactored|wrote|rewrote|pinned|migrated|replaced|changed|merged|deployed|released|bumped|upgraded|downgraded|deleted|extracted|documented|introduced|enabled|disabled|configured|installed|converted|cleaned up|simplified|optimi[sz]ed|reworked|made|built|split|wired|set up|ported|restored|pushed|opened|closed|tagged)\b/i;
const NOW =
  /\b(?:is|are) now\b|\bnow (?:uses?|computes?|reads?|writes?|streams?|runs?|stores?|returns?|handles?|supports?|sets?|parses?|accepts?|rejects?|skips?|consumes?)\b|\bno longer\b/i;
const NOT_YET =
  /\b(?:nothing|no (?:files?|code|changes?))\b.*\b(?:yet|changed|modified|renamed|touched|made|applied|committed)\b|\bnot (?:yet )?(?:changed|modified|renamed|touched|applied|committed|merged|pushed|deployed)\b|\b(?:has|have|did|do)(?:n'?t| not) (?:yet )?(?:been|changed|modified|touched|applied|committed|merged|pushed|deployed|renamed|edited|made any changes)\b/i;
const TEST_RESULT =
  /\b(?:tests?|specs?|suite|lint|build|ci|checks?)\b.*\b(?:pass(?:es|ed)?|green|clean|succeed(?:s|ed)?|ok)\b|\b\d+ (?:passed|failed)\b/i;
const PROBLEM =
  /\b(?:flaky|flakes|fails?|failing|failed|broken|breaks|crash(?:es|ing)?|chokes?|hangs?|times? out|timing out|too slow|slow|leaks?|off by|wrong|incorrect|doesn'?t work|does not work|not working|stopped working|errors? out|throws?|regress(?:ed|ion)|bug(?:gy)?|corrupt(?:s|ed)?|missing|drops?|loses|lost|ignores?|skips?|duplicates?|double-counts?|rejects?|overflows?|truncates?|stalls?|deadlocks?|stuck|lets? \S+(?: \S+)? through|slips? through|(?:is|are|was|were|does|do|did|has|have) not|(?:isn|aren|wasn|weren|doesn|don|didn|hasn|haven|won|can)'?t|never)\b/i;
// Statements about the code, not requests or rules from the speaker.
const SPEAKER = /^(?:i|we|you|please|let'?s|can you|could you|would you|don'?t|do not|never|always)\b/i;
const CAUSE =
  /\b(?:the (?:bug|problem|issue|cause|root cause|flakiness|failure|error|crash|leak|slowdown|culprit) (?:is|was|comes from|came from|lies in)|comes from|came from|caused by|root cause|is due to|was due to|the reason (?:is|was)|happens because|fails because|breaks because)\b/i;
// A causal clause inside commentary ("…, so failures are swallowed"): a finding rather than a step.
const FINDING = /,\s*so (?!i\b|i'll\b|let me\b)|\bwhich means\b|\bthat's why\b|\bhence\b/i;
const INTERJECTION = /^(?:yes|no|yep|nope|done|ok(?:ay)?|sure|right|correct|indeed|great|good news|confirmed)[.!]?$/i;
// A prompt that asks to find something out; "can you fix X?" is a request, not a question.
const ASKING =
  /^(?:how|what|why|which|where|when|who|does|do|is|are|should|has|have|did)\b|\b(?:tell me|find out|check (?:whether|if)|let me know|explain|how many|is there|are there)\b|^(?![\s\S]*\b(?:can|could|would|will) you\b)[\s\S]*\?\s*$/i;
// Things the user wants remembered as facts, not rules: "for future reference: …", "FYI …".
const NOTE_THIS = /\b(?:for (?:future )?reference|fyi|note that|keep in mind|just so you know|heads up|good to know|remember that|for the record)\b/i;

const MAX_STATUS_PER_TURN = 3;

/**
 * Sentences of an answer that carry content and that no other rule took (a bare "Yes." carries none on its
 * own; a line ending in ':' only introduces a list).
 */
function contentSentences(u: ParsedUtterance): { text: string; listed: boolean }[] {
  return u.sentences
    .filter((_, i) => !u.claimed.has(i))
    .map((s) => ({ text: tidy(s.text), listed: s.lead !== undefined }))
    .filter((s) => s.text && !INTERJECTION.test(s.text) && !/:$/.test(s.text));
}

function changedFiles(turn: Turn): boolean {
  return turn.toolCalls.some((c) => c.kind === 'patch' || (c.files?.length ?? 0) > 0);
}

/** An answer that reports something done (added, fixed, ran…) rather than something found. */
function answerReportsWork(sentences: string[]): boolean {
  return sentences.some((t) => DONE.test(t) || /^(?:i\s+)?\p{L}+ed\b(?! on\b)/iu.test(t));
}

export function statusAndFacts(u: ParsedUtterance, turn: Turn | undefined, ctx: ThreadContext): Learning[] {
  const out: Learning[] = [];
  if (u.voice === 'user') {
    for (const [i, s] of u.sentences.entries()) {
      const t = stripOpeners(tidy(s.text));
      if (!u.claimed.has(i) && NOTE_THIS.test(t) && !/\?\s*$/.test(t)) {
        out.push(learning('fact', ensurePeriod(clip(capitalize(t))), u, ctx.project, { confidence: 0.75 }));
        continue;
      }
      if (!u.claimed.has(i) && !/\?\s*$/.test(t) && !SPEAKER.test(t) && PROBLEM.test(t)) {
        out.push(learning('fact', ensurePeriod(clip(capitalize(t))), u, ctx.project, { confidence: 0.6 }));
      }
    }
    return out;
  }
  const found = contentSentences(u);
  const sentences = found.map((s) => s.text);
  if (u.voice === 'plan') {
    // What an unfinished turn found out is still worth keeping (marked unconfirmed like the rest of it).
    for (const t of sentences) if (CAUSE.test(t) || FINDING.test(t)) out.push(learning('fact', ensurePeriod(clip(t)), u, ctx.project));
    return out;
  }
  const question = turn ? turn.prompts.some((p) => ASKING.test(p)) : false;
  const readOnly = turn ? !changedFiles(turn) : false;
  if (readOnly && (question || !answerReportsWork(sentences))) {
    // The answer to a question: its first sentences are what was found out (not the options it lists).
    let told = 0;
    for (const { text: t, listed } of found) {
      if (NOT_YET.test(t)) out.push(learning('status', ensurePeriod(clip(t)), u, ctx.project));
      else if (CAUSE.test(t) || (!listed && told < 2)) {
        out.push(learning('fact', ensurePeriod(clip(t)), u, ctx.project));
        told++;
      }
    }
    return out;
  }
  let n = 0;
  sentences.forEach((t, i) => {
    if (CAUSE.test(t)) {
      out.push(learning('fact', ensurePeriod(clip(t)), u, ctx.project));
      return;
    }
    const headline = i === 0 && !TEST_RESULT.test(t);
    const reports = DONE.test(t) || NOW.test(t) || NOT_YET.test(t);
    if ((headline || reports) && n < MAX_STATUS_PER_TURN && !(TEST_RESULT.test(t) && t.split(/\s+/).length < 8)) {
      out.push(learning('status', ensurePeriod(clip(t)), u, ctx.project));
      n++;
    }
  });
  return out;
}

/** The structural note that the last turn never finished, with what it was asked to do. */
export function unfinishedStatus(thread: Thread, project: Subject): Learning {
  const last = thread.turns[thread.turns.length - 1];
  const ask = last ? firstSentence(last.prompts.join(' ')) : '';
  const how = last?.aborted ? 'was interrupted' : 'did not finish (the session was cut off before the turn completed)';
  return {
    kind: 'status',
    text: ensurePeriod(`The last turn ${how}; its planned changes are unconfirmed and not verified${ask ? `. It was asked: ${clip(ask, 200)}` : ''}`),
    turn: last?.index ?? 0,
    subject: project,
    confidence: 1,
    evidence: 'structure',
  };
}

function firstSentence(text: string): string {
  const first = splitSentences(text).find((s) => !INTERJECTION.test(s.text.trim()));
  return first ? tidy(first.text) : tidy(text);
}

export function titleOf(thread: Thread): string {
  const prompt = thread.turns.find((t) => t.prompts.length)?.prompts[0];
  if (!prompt) return thread.name ?? 'Codex session';
  const t = stripOpeners(firstSentence(prompt)).replace(/[.!?:]+$/, '');
  return thread.name ?? clip(t, 80);
}

export function summaryOf(thread: Thread, unfinished: boolean): string {
  const prompt = thread.turns.find((t) => t.prompts.length)?.prompts[0];
  const parts: string[] = [];
  if (prompt) parts.push(`Asked: ${clip(firstSentence(prompt), 200)}`);
  const lastAnswer = [...thread.turns]
    .reverse()
    .map(finalAnswers)
    .find((a) => a.length);
  if (lastAnswer) parts.push(`Outcome: ${clip(firstSentence(lastAnswer[lastAnswer.length - 1]), 240)}`);
  if (thread.turns.length > 1) parts.push(`${thread.turns.length} turns.`);
  if (unfinished) parts.push('The last turn did not finish, so its plan is unconfirmed.');
  return parts.map(ensurePeriod).join(' ');
}

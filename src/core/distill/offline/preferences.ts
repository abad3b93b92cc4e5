// How the user wants the agent to work. Only what the user typed can state a preference; a standing rule
// is told apart from a one-off request by words that make it general ("always", "never", "without asking
// me", "I prefer", "from now on") and by the absence of words that tie it to the moment ("yet", "for now").
import type { Learning } from '../learnings';
import { learning, type ParsedUtterance, type ThreadContext } from './context';
import { asBullet, stripOpeners } from './phrases';
import { splitClauses } from './sentences';

const GENERAL =
  /\b(?:always|never(?! mind)|every time|each time|whenever|from now on|going forward|in (?:the )?future|by default|as a (?:general )?rule|in general|without (?:asking|checking|telling|consulting|my (?:ok|okay|approval|permission))|(?:ask|check with) me (?:first|before)|ask (?:me )?(?:first|before)|unless (?:i|we) (?:approve|agree|say so|ok|okay|sign off)|make sure (?:to|you)|remember to|don'?t ever|do not ever|at all times|no matter what|under no circumstances|at any cost)\b|,\s*ever[.!]?$/i;

const STATED =
  /\b(?:i|we)(?: really| strongly| generally| usually)? (?:prefer|'d prefer|would prefer|'d rather|would rather|like|hate|dislike|don'?t like|do not like|can'?t stand|insist)\b(?! (?:it|this|that|the|your)\b)|\bi want you to (?:always|never|keep|stop)\b|\b(?:i|we) (?:don'?t|do not) want (?:you to|any|anything)\b|\b(?:our|my|the) (?:convention|rule|style|preference|policy|standard) (?:is|are|here)\b|\b(?:ground|house) rules?\b|\bstyle guide\b/i;

const HABIT =
  /\b(?:we|i)(?: here| in this (?:repo|project|codebase|team))? (?:always|never|usually|normally|typically|don'?t|do not|only) (?:use|write|run|add|commit|push|merge|deploy|put|keep|ship|touch|mock|rebase|squash|store|log|call|import|depend|rely|allow|accept|format|name|test)\b/i;

// An instruction about how work is done in general: a process verb with a bare plural object ("keep PRs
// small", "use tabs", "avoid default exports"); "keep the old helper" is about this task and has a determiner.
const PROCESS =
  /^(?:please\s+)?(?:keep|use|write|name|format|avoid|prefer|squash|sign|rebase|split|document|prefix|wrap|sort)\s+(?:[a-z][a-z-]*\s+)?(?:prs|PRs|MRs|commits|commit messages|messages|branches|tests|functions|methods|files|modules|comments|docs|changes|diffs|lines|imports|exports|dependencies|deps|packages|names|variables|migrations|logs|errors|warnings|tabs|spaces|semicolons|quotes|types|interfaces|classes|hooks|components|endpoints|queries|tickets|issues|pull requests|screenshots|adding|using|writing|committing|pushing)\b(?! (?:for|in|of) (?:the|this|that)\b)/;

// Reminding the agent of a rule already given ("I said no new dependencies").
const REMINDER = /\b(?:i|we) (?:said|told you|asked you|already said|mentioned)\b.*\b(?:no|not|never|always|don'?t|only)\b/i;

const POLITE = /^(?:can|could|would|will) you\b/i;
// "Don't merge without running the checks": a standing condition on a kind of action.
const CONDITION = /^(?:please\s+)?(?:don'?t|do not|never)\b.*\bwithout \w+ing\b/i;

const ONE_OFF =
  /\b(?:yet|this time|for now|right now|today|tonight|for this (?:task|change|pr|one|ticket|commit|run)|just this once|at the moment)\b/i;

const PROJECT_SCOPE =
  /\b(?:this|the|our) (?:repo|repository|project|codebase|code base|package|app|service|module|crate|team)\b|\bhere\b|\bin this\b/i;

export function preferences(u: ParsedUtterance, ctx: ThreadContext): Learning[] {
  if (u.voice !== 'user') return [];
  const out: Learning[] = [];
  u.sentences.forEach((s, at) => {
    // A question is not a rule, unless it is a polite request ("could you always …?").
    if (/\?\s*$/.test(s.text) && !POLITE.test(stripOpeners(s.text))) return;
    const scoped = PROJECT_SCOPE.test(s.text) || PROJECT_SCOPE.test(s.lead ?? '');
    const leadIsRules = s.lead !== undefined && STATED.test(s.lead);
    for (const clause of splitClauses(s.text)) {
      if (clause.split(/\s+/).length < 3 || ONE_OFF.test(clause)) continue;
      const strong = STATED.test(clause) || REMINDER.test(clause);
      const processRule = PROCESS.test(stripOpeners(clause).replace(/^\p{Lu}/u, (c) => c.toLowerCase()));
      const general = GENERAL.test(clause) || HABIT.test(clause) || CONDITION.test(stripOpeners(clause));
      if (!strong && !leadIsRules && !processRule && !general) continue;
      out.push(
        learning('preference', asBullet(clause), u, scoped ? ctx.project : { type: 'global', name: 'global' }, {
          confidence: strong || leadIsRules ? 0.85 : processRule ? 0.6 : 0.75,
        }),
      );
      u.claimed.add(at);
    }
  });
  return out;
}

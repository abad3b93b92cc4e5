// People the session talks about. A capitalised word is a person only when the sentence treats it as one:
// someone you ask, ping or sync with; someone who says, reviews or owns something; "Name, our accountant,";
// "Name, who…"; an @handle. Company and product names rarely appear in those roles, and a short list of
// words that are capitalised for other reasons (days, months, pronouns, well-known tools) is ruled out.
import type { Learning } from '../learnings';
import { learning, type ParsedUtterance } from './context';
import { clip, stripOpeners } from './phrases';
import { capitalize, ensurePeriod, tidy } from './sentences';
import { alternation } from './word-list';

const NAME =
  /(?<![\p{L}\p{N}_@./-])(\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+|['’]\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)?)(?:['’]s)?(?![\p{L}\p{N}_])/gu;

// Words right before a name that make it a person: someone you ask, ping, sync with, or who did something.
const ADDRESSED = [
  'ask',
  'asked',
  'asking',
  'ping',
  'pinged',
  'tell',
  'told',
  'cc',
  "cc'd",
  'email',
  'emailed',
  'message',
  'messaged',
  'thank',
  'thanks',
  'remind',
  'reminded',
  'loop in',
  'looped in',
  'check with',
  'checked with',
  'talk to',
  'talked to',
  'spoke to',
  'spoke with',
  'speak to',
  'speak with',
  'sync with',
  'synced with',
  'sync up with',
  'synced up with',
  'met with',
  'meeting with',
  'call with',
  'chat with',
  'chatted with',
  'pair with',
  'paired with',
  'according to',
  'assign to',
  'assign it to',
  'assigned to',
  'assigned it to',
  'hand to',
  'hand it to',
  'hand over to',
  'hand it over to',
  'handed to',
  'handed it to',
  'handed over to',
  'handed it over to',
  'reviewed by',
  'approved by',
  'owned by',
  'reported by',
  'written by',
  'requested by',
  'suggested by',
  'raised by',
  'found by',
  'mention',
  'mentioned',
  'wait for',
  'waiting for',
  'waiting on',
  'blocked on',
  'confirm with',
  'confirmed with',
  'defer to',
  'escalate to',
];
const BEFORE = new RegExp(`\\b${alternation(ADDRESSED)}\\s+$`, 'i');

// "Priya's review": what a person's possessive is usually about.
const POSSESSED = [
  'review',
  'approval',
  'feedback',
  'call',
  'team',
  'decision',
  'suggestion',
  'idea',
  'request',
  'question',
  'concern',
  'point',
  'sign-off',
  'ok',
  'okay',
];
// Adverbs and auxiliaries allowed between the name and its verb ("Priya will probably review it").
const HEDGES = [
  'will',
  'would',
  'can',
  'could',
  'should',
  'might',
  'must',
  'has',
  'had',
  'also',
  'just',
  'already',
  'still',
  'then',
  'now',
  'probably',
  'usually',
  'always',
  'never',
  'really',
];
// What people do, with the name as subject ("Priya reviewed it", "Tom is on leave").
const PERSON_VERBS = [
  'says',
  'said',
  'say',
  'thinks',
  'thought',
  'think',
  'wants',
  'wanted',
  'want',
  'asked',
  'asks',
  'ask',
  'suggested',
  'suggests',
  'suggest',
  'pointed out',
  'points out',
  'mentioned',
  'mentions',
  'agreed',
  'agrees',
  'agree',
  'confirmed',
  'confirms',
  'confirm',
  'prefers',
  'preferred',
  'prefer',
  'reviews',
  'reviewed',
  'review',
  'approves',
  'approved',
  'approve',
  'owns',
  'owned',
  'own',
  'decides',
  'decided',
  'decide',
  'knows',
  'knew',
  'know',
  'requested',
  'requests',
  'noticed',
  'notices',
  'told',
  'tells',
  'explained',
  'explains',
  'recommended',
  'recommends',
  'recommend',
  'insists',
  'insisted',
  'objected',
  'complained',
  'leads',
  'led',
  'manages',
  'managed',
  'runs',
  'ran',
  'handles',
  'maintains',
  'maintained',
  'works on',
  'worked on',
  'is on leave',
  'is on vacation',
  'is on holiday',
  'is responsible',
  'is in charge',
  'is the owner',
  'is back',
  'joined',
  'signed off',
  'reviewing',
  'working on',
  'looking into',
  'is waiting',
  'likes',
  'hates',
  'set up',
  'replied',
  'answered',
  'promised',
  'offered',
  'volunteered',
  'emailed',
  'paired',
  'helped',
];
// Case-sensitive on purpose: "Priya Said" in a title is not a sentence about Priya.
const AFTER = new RegExp(
  `^(?:['’]s\\s+${alternation(POSSESSED)}\\b|(?:\\s+(?:from|on|at|in|of)\\s+(?:the\\s+|our\\s+)?[\\p{L}-]+(?:\\s+team)?)?,?\\s+(?:${alternation(HEDGES)}\\s+){0,2}${alternation(PERSON_VERBS)}\\b)`,
  'u',
);

// "Hannah from support filed it": someone from a part of an organisation is a person, whatever they did.
const TEAMS = [
  'support',
  'ops',
  'operations',
  'security',
  'legal',
  'finance',
  'sales',
  'marketing',
  'design',
  'product',
  'qa',
  'platform',
  'infra',
  'infrastructure',
  'data',
  'backend',
  'frontend',
  'engineering',
  'hr',
  'accounting',
  'devops',
  'sre',
  'management',
  'leadership',
  'compliance',
  'customer success',
];
const FROM_TEAM = new RegExp(`^\\s+from (?:the |our )?(?:${alternation(TEAMS)}|[\\p{L}-]+ team)\\b`, 'iu');

// "Olga (QA)", "Sam (tech lead)": a role in parentheses right after the name, perhaps with one word before it.
const ROLES = [
  'lead',
  'manager',
  'engineer',
  'designer',
  'owner',
  'reviewer',
  'maintainer',
  'accountant',
  'admin',
  'intern',
  'contractor',
  'founder',
  'architect',
  'analyst',
  'tester',
  'developer',
  'dev',
  'pm',
  'po',
  'cto',
  'ceo',
  'sre',
  'qa',
  'devops',
  'security',
  'support',
  'legal',
  'finance',
  'ops',
  'product',
  'design',
  'marketing',
];
// An upper-case abbreviation of two to four letters ("(QA)", "(SRE)") is a role too.
const ROLE_IN_PARENS = new RegExp(`^\\s+\\((?:our |my |the )?(?:[A-Z]{2,4}|(?:[\\p{Ll}-]+ )?${alternation(ROLES)})\\)`, 'u');

const APPOSITIVE = /^,\s+(?:(?:our|my|the|a|an|their|his|her|your)\s+[\p{L}\s-]{2,40}?|who\s+[^,.;]{3,80}?)(?:,|\.|;|$)/iu;
const HANDLE = /(?<![\p{L}\p{N}_.@/`-])@([A-Za-z][A-Za-z0-9_-]{1,38})(?![A-Za-z0-9_/.@(-])/gu;

// Words capitalised for reasons other than being a person, compared in lower case.
const NOT_A_NAME = new Set(
  [
    // Prepositions, conjunctions and sentence adverbs that open a sentence.
    'Per Via From With For To In On At By As Like Unlike Since Until Unless Although Though Whether Once Perhaps Apparently Hopefully Ideally Basically Honestly Otherwise Meanwhile However Therefore Instead',
    // Pronouns, interjections, determiners and other small words ("Im", "Ill" are "I'm", "I'll" typed without the apostrophe).
    'I Im Ill Ive Id OK Okay Yes No Hmm Hm Oh Ah Uh Um Well Wait Sorry Oops Wow Yeah Yep Nope Hey Not The This That These Those It Its We You They He She His Her Our My Your Their There Here Then Also And But Or So If When While Because Since Please Thanks Thank Hi Hey Hello Nice Great Good Sure Fine Done Cool Perfect Actually Before After Now Next Today Tomorrow Yesterday Tonight Let Lets Maybe Also Still Just Only Every Each Some Any All None Both Either Neither What Which Who Why How Where',
    // Days and months.
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December',
    // Tools, companies, languages and file formats that sessions name as if they were people ("Redis says…").
    'Codex Claude ChatGPT Copilot Gemini GitHub Github GitLab Gitlab Bitbucket Linear Jira Slack Discord Teams Notion Confluence Google Microsoft Apple Amazon AWS Azure Docker Kubernetes Node Deno Bun Python Rust Go Java Kotlin Swift Ruby Rails Django Flask React Vue Svelte Angular Next Nuxt Vite Webpack Jest Vitest Mocha Pytest TypeScript JavaScript Postgres Postgresql Mysql Sqlite Redis Mongo Kafka Linux Windows Mac Macos Ios Android Chrome Firefox Safari Obsidian Markdown Git Npm Pnpm Yarn Homebrew Terraform Ansible Sentry Datadog Grafana Stripe Vercel Netlify Heroku Cloudflare OpenAI Anthropic',
    'Decimal String Number Boolean Array Object Promise Error Date Map Set Json Yaml Csv Html Css Sql Api Url Http Https Cli Ci Pr Todo Readme Changelog License',
    // Roles and groups without a name: "Support says" is not a person called Support.
    'Someone Somebody Everyone Everybody Nobody Anyone Anybody Nothing Everything Something User Users People Customer Customers Client Clients Team Tests Test Build Docs Spec Compiler Linter Server Browser Reviewer Maintainer Manager Support Legal Security Finance Ops Product Design Marketing Sales',
  ]
    .join(' ')
    .toLowerCase()
    .split(/\s+/),
);

interface PersonMention {
  name: string;
  sentence: string;
}

/** Names treated as people in one piece of text, in order of appearance. */
function peopleIn(text: string): PersonMention[] {
  const out: PersonMention[] = [];
  const masked = text.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length));
  for (const m of masked.matchAll(NAME)) {
    const start = m.index ?? 0;
    const words = m[1].split(/\s+/);
    // "Ask Marta" or "Marta Lindqvist": try the whole match, then each word on its own.
    const candidates: [string, number][] = [[m[1], start]];
    if (words.length === 2) candidates.push([words[1], start + m[1].lastIndexOf(words[1])], [words[0], start]);
    const hit = candidates.find(([name, at]) => !name.split(/\s+/).some((w) => NOT_A_NAME.has(w.toLowerCase())) && isPersonAt(masked, at, name));
    if (hit) out.push({ name: hit[0], sentence: text });
  }
  for (const m of masked.matchAll(HANDLE)) out.push({ name: '@' + m[1], sentence: text });
  return out;
}

function isPersonAt(text: string, start: number, name: string): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(start + name.length);
  return BEFORE.test(before) || AFTER.test(after) || APPOSITIVE.test(after) || FROM_TEAM.test(after) || ROLE_IN_PARENS.test(after);
}

export function people(u: ParsedUtterance): Learning[] {
  const out: Learning[] = [];
  for (const s of u.sentences) {
    for (const p of peopleIn(s.text)) {
      out.push(
        learning(
          'person',
          ensurePeriod(clip(capitalize(stripOpeners(tidy(s.text))))),
          u,
          { type: 'person', name: p.name },
          {
            confidence: u.voice === 'user' ? 0.75 : 0.6,
          },
        ),
      );
    }
  }
  return out;
}

/** Uses the fullest form of each name ("Marta" → "Marta Lindqvist" when both appear). */
export function unifyNames(items: Learning[]): void {
  const full = new Map<string, string>();
  for (const l of items) {
    if (l.subject?.type !== 'person') continue;
    const parts = l.subject.name.split(/\s+/);
    if (parts.length > 1) full.set(parts[0], l.subject.name);
  }
  for (const l of items) {
    if (l.subject?.type === 'person' && full.has(l.subject.name)) {
      l.subject = { type: 'person', name: full.get(l.subject.name)! };
    }
  }
}

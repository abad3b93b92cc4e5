// The note-wording rules, text in / text out, one table per rule (the obsidian-linter way): each row is
// what a session said and what a careful person would have written in their notes.
import {
  absoluteDates,
  decisionFirst,
  gerund,
  keepingIdentifiers,
  reword,
  statements,
  stripFiller,
  thirdPerson,
  thirdPersonVoice,
  type WordingContext,
} from '../../../src/core/distill/wording';

interface Row {
  before: string;
  after: string;
}

describe('stripFiller', () => {
  test.each<Row>([
    { before: 'ok so scratch that, let us use the blue-green deploy', after: 'use the blue-green deploy' },
    { before: "Let's not pin the Helm chart version", after: 'do not pin the Helm chart version' },
    { before: 'We decided to run the backfill in hourly slices', after: 'run the backfill in hourly slices' },
    { before: 'Hmm, actually please keep the serif headings after all', after: 'keep the serif headings' },
    { before: 'Open question for later: do we need a dead-letter queue?', after: 'do we need a dead-letter queue?' },
    { before: 'Alright, the plan is to shard the events table by month', after: 'shard the events table by month' },
    { before: 'Socket timeouts are at 30 s', after: 'Socket timeouts are at 30 s' },
  ])('$before', ({ before, after }) => expect(stripFiller(before)).toBe(after));
});

describe('thirdPersonVoice', () => {
  test.each<Row & { voice?: WordingContext['voice'] }>([
    { before: "you'll deploy it tomorrow", after: 'Codex will deploy it tomorrow' },
    { before: 'Always run the linter before you commit anything', after: 'Always run the linter before committing anything' },
    { before: 'You always rebase before you push', after: 'Codex always rebases before pushing' },
    { before: "you're allowed to touch the staging bucket", after: 'Codex is allowed to touch the staging bucket' },
    { before: 'I prefer serif headings in the handbook', after: 'the user prefers serif headings in the handbook' },
    { before: 'just tell me what changed', after: 'just tell the user what changed' },
    {
      before: 'I kept the old DAG because two jobs still read it',
      after: 'Codex kept the old DAG because two jobs still read it',
      voice: 'assistant',
    },
    { before: 'I will ask Dana to review the copy', after: 'Codex will ask Dana to review the copy', voice: 'assistant' },
    { before: 'Ask me before you change your retry settings', after: "Ask the user before changing Codex's retry settings" },
  ])('$before', ({ before, after, voice }) => expect(thirdPersonVoice(before, voice)).toBe(after));

  test.each([
    ['run', 'runs'],
    ['push', 'pushes'],
    ['try', 'tries'],
    ['have', 'has'],
    ['deploy', 'deploys'],
  ])('thirdPerson(%s) = %s', (verb, out) => expect(thirdPerson(verb)).toBe(out));
  test.each([
    ['commit', 'committing'],
    ['make', 'making'],
    ['run', 'running'],
    ['tie', 'tying'],
    ['deploy', 'deploying'],
    ['merge', 'merging'],
  ])('gerund(%s) = %s', (verb, out) => expect(gerund(verb)).toBe(out));
});

describe('absoluteDates (a session on Tuesday 2026-11-03)', () => {
  const date = '2026-11-03';
  test.each<Row>([
    { before: 'Codex will deploy it tomorrow', after: 'Codex will deploy it on 2026-11-04' },
    { before: 'send the draft to the editor by Friday', after: 'send the draft to the editor by 2026-11-06' },
    { before: 'the backfill ran yesterday', after: 'the backfill ran on 2026-11-02' },
    { before: 'freeze the copy next Monday', after: 'freeze the copy on 2026-11-09' },
    { before: 'migrate the DNS next week', after: 'migrate the DNS in the week of 2026-11-09' },
    { before: 'rotate the keys in two weeks', after: 'rotate the keys by 2026-11-17' },
    { before: 'ship the redesign next month', after: 'ship the redesign in 2026-12' },
    { before: 'fixed it today', after: 'fixed it on 2026-11-03' },
    { before: "moved Monday's standup", after: "moved Monday's standup" },
  ])('$before', ({ before, after }) => expect(absoluteDates(before, date)).toBe(after));

  test('without a timestamp the words stay as they were', () => {
    expect(absoluteDates('deploy it tomorrow', undefined)).toBe('deploy it tomorrow');
  });
});

describe('decisionFirst', () => {
  test.each<Row>([
    {
      before: 'Since the team writes TypeScript, use Pulumi for the staging VPC',
      after: 'use Pulumi for the staging VPC, because the team writes TypeScript',
    },
    { before: 'Checked with Priya: ops will run it, so Redis after all', after: 'use Redis (checked with Priya: ops will run it).' },
    { before: 'Redis it is', after: 'use Redis' },
    { before: 'the editor prefers it, so switch chapter 3 to the past tense', after: 'switch chapter 3 to the past tense (the editor prefers it).' },
    { before: 'The export is slow, so the job times out', after: 'The export is slow, so the job times out' },
  ])('$before', ({ before, after }) => expect(decisionFirst(before)).toBe(after));
});

describe('statements: one per bullet', () => {
  test.each<{ before: string; after: string[] }>([
    { before: 'so redis it is. put a comment in cache.ts explaining why', after: ['so redis it is.', 'put a comment in cache.ts explaining why'] },
    { before: 'Thanks. Keep the retries at three.', after: ['Keep the retries at three.'] },
    { before: 'Done. Should the EUR path change too?', after: ['Should the EUR path change too?'] },
    { before: 'Use e.g. pnpm here.', after: ['Use e.g. pnpm here.'] },
  ])('$before', ({ before, after }) => expect(statements(before)).toEqual(after));
});

describe('identifiers pass every rule verbatim', () => {
  test.each([
    'Revert 9f1e2d3 and reopen LED-142; see #481.',
    'Keep `you will` in src/you-will.ts and ~/.config/app/you.yaml.',
    'Read https://example.com/tomorrow/today before you run --dry-run.',
    'Link [[projects/Tomorrow]] from dags/nightly_export.py.',
    'We decided to keep keys in .env only and list .github/ in .gitignore.',
  ])('%s', (text) => {
    const ids = text.match(
      /`[^`]*`| \.env | \.github\/ | \.gitignore|9f1e2d3|LED-142|#481|src\/you-will\.ts|~\/\.config\/app\/you\.yaml|https:\/\/\S+tomorrow\/today|--dry-run|\[\[[^\]]*\]\]|dags\/nightly_export\.py/g,
    )!;
    const out = reword(text, { date: '2026-11-03', kind: 'decision' }).join(' ');
    for (const id of ids) expect(out).toContain(id);
    // A rule that rewrites every word still leaves each identifier as it was.
    const shouted = keepingIdentifiers(text, (masked) => masked.toUpperCase());
    for (const id of ids) expect(shouted).toContain(id);
  });
});

describe('reword: the whole step, as bullets reach a note', () => {
  test.each<{ before: string; ctx: WordingContext; after: string[] }>([
    { before: 'ok scratch that, Redis it is.', ctx: { kind: 'decision' }, after: ['Use Redis.'] },
    {
      before: "so redis it is. put a comment in cache.ts explaining why, you'll deploy it tomorrow",
      ctx: { kind: 'decision', date: '2026-11-03' },
      after: ['Use redis.', 'Put a comment in cache.ts explaining why, Codex will deploy it on 2026-11-04.'],
    },
    {
      before: 'I prefer short answers: just tell me what changed.',
      ctx: { kind: 'preference', voice: 'user' },
      after: ['The user prefers short answers: just tell the user what changed.'],
    },
    {
      before: "Let's use Airflow for the nightly export, keyed by partition date.",
      ctx: { kind: 'decision' },
      after: ['Use Airflow for the nightly export, keyed by partition date.'],
    },
    { before: 'Thanks.', ctx: { kind: 'status' }, after: [] },
  ])('$before', ({ before, ctx, after }) => expect(reword(before, ctx)).toEqual(after));
});

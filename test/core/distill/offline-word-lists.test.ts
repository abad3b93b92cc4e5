// The offline rules' word lists, table-driven (text in, expected out): each list's phrases that must make a
// person or a TODO, and look-alikes that must not; plus the one helper that turns a list into a regex.
import { distillOffline } from '../../../src/core/distill/offline';
import type { LearningKind } from '../../../src/core/distill/learnings';
import { alternation } from '../../../src/core/distill/offline/word-list';
import { people } from './helpers/find';
import { makeThread, type TurnSpec } from './helpers/thread';

const distil = (...turns: TurnSpec[]) => distillOffline(makeThread(turns));
const texts = (turns: TurnSpec[], kind: LearningKind) =>
  distil(...turns)
    .items.filter((i) => i.kind === kind)
    .map((i) => i.text);

describe('alternation', () => {
  it.each([
    [['a.b', 'c+d'], 'a.b', true],
    [['a.b', 'c+d'], 'axb', false], // escaped: "." is a dot, not any character
    [['(x)', 'y|z'], 'y', false], // "|" inside an entry is literal
    [['(x)', 'y|z'], 'y|z', true],
  ])('%j on %s → %s', (list, text, expected) => {
    expect(new RegExp(`^${alternation(list)}$`).test(text)).toBe(expected);
  });

  it('puts the longer of two phrases that share a start first, so a capture after it gets the rest', () => {
    expect(new RegExp(`${alternation(['follow-up', 'follow-up ticket'])} (.*)`).exec('a follow-up ticket for the retry')?.[1]).toBe('for the retry');
  });

  it('refuses an empty list rather than build a regex that matches everywhere', () => {
    expect(() => alternation([])).toThrow(/empty word list/);
  });
});

describe('people: who the words around a name make a person', () => {
  it.each([
    // before the name (ADDRESSED)
    ['Ask Marta whether the export can wait.', ['Marta']],
    ['I checked with Priya this morning about the quota.', ['Priya']],
    ['We synced up with Tomasz on the rollout.', ['Tomasz']],
    ['The bug was reported by Ines last week.', ['Ines']],
    ['I handed it over to Kofi for the release notes.', ['Kofi']],
    ['Cc Aiko on the migration plan.', ['Aiko']],
    ["We're blocked on Rahul for the DNS change.", ['Rahul']],
    // after the name (POSSESSED, HEDGES, PERSON_VERBS)
    ["Waiting for Dana's sign-off before merging.", ['Dana']],
    ['Lena will probably review the copy tonight.', ['Lena']],
    ['Oskar pointed out that the index is missing.', ['Oskar']],
    ['Noor is on vacation until the 12th.', ['Noor']],
    ['Bea from the billing team wants the CSV export.', ['Bea']],
    // from a team, a role in parentheses, an appositive
    ['Hannah from support filed it.', ['Hannah']],
    ['Olga (QA) found two more cases.', ['Olga']],
    ['Sam (tech lead) wants it behind a flag.', ['Sam']],
    ['Send it to Jorge, our accountant, before Friday.', ['Jorge']],
  ])('%s → %j', (text, expected) => {
    expect(people(distil({ user: text }))).toEqual(expected);
  });

  it.each([
    'Redis says the key is too large.', // a tool (NOT_A_NAME)
    'Monday is the cut-off for the release.', // a day
    'Support wants fewer emails.', // a role without a name
    'Priya Said the Quiet Part is the title of the talk.', // a title: the verbs are case-sensitive
    'Please ask whether the export can wait.', // no name at all
    'Run `Marta reviewed` as a literal string.', // code is not prose
  ])('%s → nobody', (text) => {
    expect(people(distil({ user: text }))).toEqual([]);
  });
});

describe('TODOs: the words that make open work', () => {
  it.each([
    // TODO_VERBS + TODO_NOUNS, what follows is the TODO
    ['Leave a TODO for the retry backoff in the uploader.', /^The retry backoff in the uploader\.$/],
    ['Open a follow-up ticket: migrate the cron jobs to systemd timers.', /^Migrate the cron jobs to systemd timers\.$/],
    ['Jot down a reminder to rotate the staging certificates.', /rotate the staging certificates/i],
    // REMINDERS
    ["Don't forget to bump the chart version.", /^Bump the chart version\.$/],
    ['We still have to backfill the March partitions.', /^Backfill the March partitions\.$/],
    // PUT_OFF, said as our own plan
    ["We'll move the image resizing to a worker in a separate PR.", /image resizing to a worker/],
    ['I will split the glossary into chapters after the next release.', /split the glossary/],
    ["Let's drop the legacy endpoint in v3.", /drop the legacy endpoint/i],
  ])('user: %s', (text, expected) => {
    expect(texts([{ user: text }], 'todo')).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it.each([
    ['The pagination is not yet implemented for the archive view.', 'todo'],
    ['The dark mode toggle still needs a contrast check.', 'todo'],
    ["I didn't get to the Safari fallback.", 'todo'],
    ["I haven't wired the retry into the DAG yet.", 'todo'],
    ['The schema migration is blocked on the DBA.', 'todo'],
    ['Next steps:\n- Rebuild the search index\n- Tag the release', 'todo'],
    ['It is unclear whether the vendor feed sends UTC.', 'question'],
    ['The chapter order is TBD until the editor replies.', 'question'],
  ] as const)('assistant: %s → %s', (text, kind) => {
    expect(texts([{ user: 'Look at the pipeline.', answer: text }], kind).length).toBeGreaterThan(0);
  });

  it.each([
    'Removed the TODO in loader.ts; the added test covers it.', // SETTLING_VERBS: a settled TODO
    "I haven't changed anything yet.", // nothing touched is not open work
    'The build is green and the deploy went out.', // a finished report
  ])('assistant, not open work: %s', (text) => {
    expect(texts([{ user: 'Look at the pipeline.', answer: text }], 'todo')).toEqual([]);
  });

  it.each([
    'Can you fix the later-stage filter?', // "later" inside a word, and a question
    'The latest build fixed it.', // "latest" is not "later"
  ])('user, not a TODO: %s', (text) => {
    expect(texts([{ user: text }], 'todo')).toEqual([]);
  });
});

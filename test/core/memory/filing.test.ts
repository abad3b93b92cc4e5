// Filing and wording, end to end: a small session (written for this issue, in other domains and with other
// people than the shared fixtures) goes through the offline distiller and the planner into a real temp
// vault, and each row says what a careful note-taker would have in each note afterwards.
import { parseNote, readStructure } from '../../../src/core/notes';
import { distillOffline } from '../../../src/core/distill/offline';
import { makeThread, type TurnSpec } from '../distill/helpers/thread';
import { checkpointLearnings, snapshot, tempVault, type TempVault } from './fixtures';

interface Snippet {
  domain: string;
  turns: TurnSpec[];
  /** Bullets each note must have (note path → patterns, each matching one bullet). */
  has: Record<string, RegExp[]>;
  /** Text no bullet of the note may contain. */
  hasNot?: Record<string, RegExp[]>;
  /** Notes that must not exist. */
  absent?: string[];
}

const P = 'projects/harbor.md';
const TODO = 'TODO.md';
const PREFS = 'agent/preferences.md';

// Turn i of a session of Tuesday 2026-11-03 starts at 09:0i.
const dated = (turns: TurnSpec[]) =>
  makeThread(turns, {
    id: '01c3d5e7-0000-7000-8000-000000000017',
    cwd: '/home/lena/src/harbor',
    git: { remote: 'git@github.com:lena-k/harbor.git' },
    startedAt: '2026-11-03T09:00:00.000Z',
  });

const SNIPPETS: Snippet[] = [
  {
    domain: 'infrastructure: a decision checked with a person goes to the project; her note links to it',
    turns: [
      { user: "Let's move the session cache to Redis.", answer: 'Moved the cache to Redis in `src/cache.ts`.' },
      { user: 'Keep memcached after all, ops does not want another service.', answer: 'Back on memcached.' },
      { user: 'ok scratch that, Redis it is. Checked with Priya: ops will run it.', answer: 'Redis again in `src/cache.ts`.' },
    ],
    has: {
      [P]: [/^Move the session cache to Redis.*History: proposed Redis/],
      'people/Priya.md': [/^Weighed in on \[\[projects\/harbor#\^cm-[a-z0-9]+\|/],
    },
    hasNot: { 'people/Priya.md': [/ops will run it/, /memcached/], [P]: [/scratch that/i, /^ok\b/i] },
  },
  {
    domain: 'infrastructure: a role is a fact about the person',
    turns: [{ user: 'Omar runs the on-call rotation for the ingest cluster, so page him before any node drain.', answer: 'Noted.' }],
    has: { 'people/Omar.md': [/^Omar runs the on-call rotation for the ingest cluster/] },
  },
  {
    domain: 'infrastructure: an errand stays in the session note',
    turns: [{ user: 'Bump the Terraform provider to 5.x.', answer: 'Bumped it in `infra/versions.tf`. I will ask Dana to review the plan output.' }],
    has: { 'agent/sessions/2026-11-03 Bump the Terraform provider to 5.x.md': [/^Codex will ask Dana to review the plan output/] },
    absent: ['people/Dana.md'],
  },
  {
    domain: 'writing: what an editor asked for is a fact about her',
    turns: [
      { user: 'Ingrid, our copy editor, asked for British spelling throughout the handbook.', answer: 'Switched the handbook to British spelling.' },
    ],
    has: { 'people/Ingrid.md': [/Ingrid, our copy editor, asked for British spelling/] },
  },
  {
    domain: 'writing: an editor behind a decision gets a link, the decision is the project’s',
    turns: [
      { user: "Let's write chapter 3 in the present tense.", answer: 'Rewrote `drafts/ch3.md` in the present tense.' },
      {
        user: 'Switch chapter 3 to the past tense, Ingrid says readers found the present tense jarring.',
        answer: 'Rewrote `drafts/ch3.md` in the past tense.',
      },
    ],
    has: { [P]: [/past tense/], 'people/Ingrid.md': [/^Weighed in on \[\[projects\/harbor#\^cm-/] },
    hasNot: { 'people/Ingrid.md': [/jarring/] },
  },
  {
    domain: 'data pipelines: ownership is a fact, and a preference goes to preferences in the third person',
    turns: [
      {
        user: 'Wei owns the nightly export DAG. Always run `dbt test` before you merge a model change.',
        answer: 'Ran `dbt test`; all 212 tests pass.',
      },
    ],
    has: { 'people/Wei.md': [/^Wei owns the nightly export DAG/], [PREFS]: [/^Always run `dbt test` before merging a model change\.$/] },
  },
  {
    domain: 'data pipelines: a TODO with a relative date gets the date, in TODO.md under the project',
    turns: [{ user: 'Remind me to backfill the March partitions tomorrow.', answer: 'Will do.' }],
    has: { [TODO]: [/^Backfill the March partitions on 2026-11-04\./] },
    hasNot: { [TODO]: [/tomorrow/] },
  },
  {
    domain: 'data pipelines: a reason said first is written after the decision',
    turns: [{ user: 'Since finance opens the files in Excel, use CSV for the monthly extract.', answer: 'The extract writes CSV now.' }],
    has: { [P]: [/^Use CSV for the monthly extract, because finance opens the files in Excel\./] },
  },
  {
    domain: 'frontend: an open question loses its label and goes to the project',
    turns: [{ user: 'Open question for later: should the date picker start weeks on Monday?', answer: 'Left the picker as it is.' }],
    has: { [P]: [/^Should the date picker start weeks on Monday\?/] },
  },
  {
    domain: 'frontend: what a designer prefers is a fact about her, not an agent preference',
    turns: [{ user: 'Noor prefers the compact table density on the admin pages.', answer: 'Set the admin tables to compact.' }],
    has: { 'people/Noor.md': [/^Noor prefers the compact table density/] },
    absent: [PREFS],
  },
  {
    domain: 'frontend: the user’s own preference is written about the user',
    turns: [{ user: 'I prefer one component per file, and please keep styles in CSS modules.', answer: 'Split the components.' }],
    has: { [PREFS]: [/^The user prefers one component per file/] },
  },
  {
    domain: 'infrastructure: identifiers survive every rule verbatim',
    turns: [{ user: 'We decided to pin the ingress chart to 4.8.1 in `deploy/canary.yaml` until INFRA-212 is fixed (see #481).', answer: 'Pinned.' }],
    has: { [P]: [/^Pin the ingress chart to 4\.8\.1 in `deploy\/canary\.yaml` until INFRA-212 is fixed/] },
  },
];

function bullets(note: string | undefined): string[] {
  return note ? readStructure(parseNote('x.md', note)).items.map((i) => i.text.replace(/\s*\^cm-[a-z0-9]+$/, '')) : [];
}

let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
});
afterEach(async () => {
  await v.cleanup();
});

test.each(SNIPPETS)('$domain', async ({ turns, has, hasNot, absent }) => {
  const thread = dated(turns);
  await checkpointLearnings(v, thread, distillOffline(thread), '2026-11-03T10:00:00.000Z');
  const notes = await snapshot(v);
  const listing = Object.entries(notes)
    .filter(([p]) => p.endsWith('.md'))
    .map(
      ([p, t]) =>
        `${p}:\n${bullets(t)
          .map((b) => `  - ${b}`)
          .join('\n')}`,
    )
    .join('\n');
  for (const [path, patterns] of Object.entries(has)) {
    for (const re of patterns) {
      if (!bullets(notes[path]).some((b) => re.test(b))) throw new Error(`${path} has no bullet matching ${re}; the vault:\n${listing}`);
    }
  }
  for (const [path, patterns] of Object.entries(hasNot ?? {})) {
    for (const re of patterns) expect(bullets(notes[path]).filter((b) => re.test(b.replace(/\[\[[^\]]*\]\]/g, '')))).toEqual([]);
  }
  for (const path of absent ?? []) expect(Object.keys(notes)).not.toContain(path);
});

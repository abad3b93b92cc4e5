// Decision chains: proposals, reversals and returns on one subject collapse into the current decision with
// its history. Snippets written for this issue, in other domains than the shared fixtures (infrastructure,
// writing, data pipelines, frontend); each row is a small session and what a careful note-taker would keep.
import { historyLine, reasonOf, resolveDecisionChains } from '../../../src/core/distill/decision-chains';
import { distillOffline } from '../../../src/core/distill/offline';
import type { Learning } from '../../../src/core/distill/learnings';
import { makeThread } from './helpers/thread';

const decision = (turn: number, text: string, choice?: string): Learning => ({
  kind: 'decision',
  text,
  turn,
  choice,
  confidence: 0.8,
  evidence: 'user',
});
const reversal = (turn: number, what: string, replacedBy?: string, reason?: string): Learning => ({
  kind: 'reversed_decision',
  text: `Dropped ${what}.`,
  turn,
  reversed: { what, replacedBy, reason },
  confidence: 0.8,
  evidence: 'user',
});

describe('resolveDecisionChains on items as any distiller returns them', () => {
  // left: items after the pass; a reversal of a choice left for good stays (the planner supersedes it where stated).
  const rows: { name: string; items: Learning[]; current: RegExp; choices: string[]; replaces: string[]; left: number; reversed: string[] }[] = [
    {
      name: 'A → B → A leaves A current, B replaced, nothing about A dropped',
      items: [
        decision(1, 'Move the cache to Redis.', 'Redis'),
        reversal(2, 'Redis', 'memcached', 'ops does not want another service'),
        decision(2, 'Keep memcached after all.', 'memcached'),
        reversal(3, 'memcached', 'Redis'),
        decision(3, 'Redis it is.', 'Redis'),
      ],
      current: /Redis/,
      choices: ['Redis', 'memcached', 'Redis'],
      replaces: ['memcached'],
      left: 2,
      reversed: ['memcached'],
    },
    {
      name: 'A → B keeps B and replaces A',
      items: [
        decision(1, 'Use Terraform for the staging VPC.', 'Terraform'),
        decision(2, 'Actually use Pulumi, since the team writes TypeScript.', 'Pulumi'),
      ],
      current: /Pulumi/,
      choices: ['Terraform', 'Pulumi'],
      replaces: ['Terraform'],
      left: 1,
      reversed: [],
    },
    {
      name: 'A → B → C ends on C and replaces both',
      items: [
        decision(1, 'Write the chapter in the present tense.', 'the present tense'),
        decision(2, 'Scratch that, the past tense.', 'the past tense'),
        decision(3, 'On second thought, the future tense instead.', 'the future tense'),
      ],
      current: /future tense/,
      choices: ['the present tense', 'the past tense', 'the future tense'],
      replaces: ['the present tense', 'the past tense'],
      left: 1,
      reversed: [],
    },
    {
      name: 'unrelated decisions stay two decisions',
      items: [decision(1, 'Use Parquet for the nightly export.', 'Parquet'), decision(2, 'Use Airflow for scheduling.', 'Airflow')],
      current: /Parquet/,
      choices: [],
      replaces: [],
      left: 2,
      reversed: [],
    },
    {
      name: 'a repeated choice is one decision, not a chain',
      items: [decision(1, 'Use Vite for the dashboard.', 'Vite'), decision(3, 'Use Vite.', 'Vite')],
      current: /Vite/,
      choices: [],
      replaces: [],
      left: 2,
      reversed: [],
    },
  ];
  test.each(rows)('$name', ({ items, current, choices, replaces, left, reversed }) => {
    const out = resolveDecisionChains(items);
    expect(out).toHaveLength(left);
    const d = out.find((l) => l.kind === 'decision')!;
    expect(d.text).toMatch(current);
    expect((d.history ?? []).map((s) => s.choice)).toEqual(choices);
    expect(d.replaces ?? []).toEqual(replaces);
    expect(out.filter((l) => l.kind === 'reversed_decision').map((r) => r.reversed?.what)).toEqual(reversed);
  });

  test('the reason for leaving a choice goes on the step that left it, and the history reads in order', () => {
    const [d] = resolveDecisionChains([
      decision(1, 'Move the cache to Redis.', 'Redis'),
      reversal(2, 'Redis', 'memcached', 'ops does not want another service'),
      decision(2, 'Keep memcached after all.', 'memcached'),
      decision(3, 'Redis it is, because ops agreed to run it.', 'Redis'),
    ]);
    expect(historyLine(d.history!)).toBe(
      'proposed Redis (turn 1); changed to memcached (turn 2: ops does not want another service); back to Redis (turn 3: ops agreed to run it)',
    );
  });

  test.each([
    ['Use Pulumi because the team writes TypeScript.', 'the team writes TypeScript'],
    ['Keep memcached, ops does not want another service.', 'ops does not want another service'],
    ['Use Pulumi.', undefined],
  ])('reasonOf(%j)', (text, reason) => expect(reasonOf(text)).toBe(reason));
});

interface Snippet {
  domain: string;
  turns: { user: string; answer: string }[];
  current: RegExp;
  /** Choices in the order the session took them. */
  steps: number;
  notCurrent: RegExp;
}

// Sessions written for this issue; each ends on a decision reached through at least one change of mind.
const SNIPPETS: Snippet[] = [
  {
    domain: 'infrastructure: cache A → B → A',
    turns: [
      { user: "Let's move the cache to Redis, memcached keeps evicting the session keys.", answer: 'Moved the cache to Redis in `src/cache.ts`.' },
      { user: 'Hmm, keep memcached after all, ops does not want another service to run.', answer: 'Reverted `src/cache.ts` to memcached.' },
      { user: 'ok scratch that, Redis it is. Priya checked with ops and they will run it.', answer: 'Back on Redis in `src/cache.ts`.' },
    ],
    current: /Redis/,
    steps: 3,
    notCurrent: /^Use memcached|^Keep memcached/,
  },
  {
    domain: 'infrastructure: IaC tool A → B',
    turns: [
      { user: "Let's use Terraform for the staging VPC.", answer: 'Wrote `infra/staging/main.tf`.' },
      { user: 'Actually, use Pulumi instead, since the team already writes TypeScript.', answer: 'Ported the VPC to `infra/staging/index.ts`.' },
    ],
    current: /Pulumi/,
    steps: 2,
    notCurrent: /^Use Terraform/,
  },
  {
    domain: 'data pipelines: file format A → B → A',
    turns: [
      { user: "Let's use Parquet for the nightly export.", answer: 'The export in `etl/export.py` now writes Parquet.' },
      { user: 'Switch to CSV, the finance team cannot open Parquet.', answer: 'Switched `etl/export.py` to CSV.' },
      { user: 'Never mind, Parquet it is, finance will use DuckDB to read it.', answer: 'Back to Parquet in `etl/export.py`.' },
    ],
    current: /Parquet/,
    steps: 3,
    notCurrent: /^Switch to CSV/,
  },
  {
    domain: 'frontend: bundler A → B → A',
    turns: [
      { user: "Let's use Vite for the dashboard build.", answer: 'Added `vite.config.ts`.' },
      { user: 'Switch to webpack, the legacy plugins need it.', answer: 'Back on `webpack.config.js`.' },
      { user: 'Scratch that, Vite it is. We can drop the legacy plugins.', answer: 'Vite again; removed `webpack.config.js`.' },
    ],
    current: /Vite/,
    steps: 3,
    notCurrent: /^Switch to webpack/,
  },
  {
    domain: 'writing: tense A → B → A',
    turns: [
      { user: "Let's use the present tense for chapter 3.", answer: 'Rewrote `drafts/ch3.md` in the present tense.' },
      { user: 'Switch to the past tense, the editor prefers it.', answer: 'Rewrote `drafts/ch3.md` in the past tense.' },
      { user: 'ok, the present tense it is, the editor changed her mind.', answer: 'Back to the present tense in `drafts/ch3.md`.' },
    ],
    current: /present tense/,
    steps: 3,
    notCurrent: /^Switch to the past tense/,
  },
  {
    domain: 'frontend: state library A → B',
    turns: [
      { user: "Let's use Redux for the checkout state.", answer: 'Added a Redux store in `src/checkout/store.ts`.' },
      { user: 'On second thought, use Zustand instead, Redux is too much boilerplate for one form.', answer: 'Replaced the store with Zustand.' },
    ],
    current: /Zustand/,
    steps: 2,
    notCurrent: /^Use Redux/,
  },
];

describe.each(SNIPPETS)('offline chain: $domain', ({ turns, current, steps, notCurrent }) => {
  const l = distillOffline(makeThread(turns, { git: { remote: 'git@github.com:acme/chains.git' } }));
  const decisions = l.items.filter((i) => i.kind === 'decision');
  const now = decisions.find((d) => d.history);

  test('one current decision carries the history in order', () => {
    expect(now?.text).toMatch(current);
    expect(now?.history).toHaveLength(steps);
    expect(now!.history!.map((s) => s.turn)).toEqual([...now!.history!.map((s) => s.turn)].sort((a, b) => a - b));
  });
  test('nothing left says an earlier choice is current, and nothing drops the current one', () => {
    for (const d of decisions) expect(d.text).not.toMatch(notCurrent);
    const final = now!.history![now!.history!.length - 1].choice;
    for (const r of l.items.filter((i) => i.kind === 'reversed_decision')) expect(r.reversed?.what.toLowerCase()).not.toContain(final.toLowerCase());
  });
});

// The context pack's promises: what must never be injected never is, pins always are (within their
// project), the project is found from the folder, and the o200k budget is never exceeded.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { buildContextPack, buildIndex, PACK_HEADER, type ContextPack } from '../../../src/core/recall';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { STARTER_INTROS, starterNotes } from '../../../src/core/vault/starter-notes';
import { fixtureInputs, NOW } from './vault-fixture';

const settings = DEFAULT_SETTINGS;

async function pack(task: string, cwd?: string, budget = 2000, readGitConfig?: (dir: string) => string | null): Promise<ContextPack> {
  return buildContextPack({ index: buildIndex(fixtureInputs()), task, cwd, budget, settings, now: NOW, readGitConfig });
}

const NEVER_PATHS = ['notes/private-diary.md', 'notes/rounding-old.md', 'notes/done-topic.md', 'projects/old-billing.md'];

describe('context pack: exclusions', () => {
  const tasks = [
    'invoice rounding',
    'fix the rounding of invoice totals',
    'ROUND_HALF_EVEN banker rounding',
    'invoices emailed as plain text',
    'deploy the invoice service',
    '',
  ];
  const cwds = ['/home/marta/src/invoice-cli', '/home/marta/src/weather-app/src', undefined];

  it.each(tasks.flatMap((t) => cwds.map((c) => [t, c] as const)))(
    'task %j in %s never includes never/superseded/done notes, checked TODOs or secrets',
    async (task, cwd) => {
      const p = await pack(task, cwd);
      for (const item of p.items) expect(NEVER_PATHS).not.toContain(item.path);
      expect(p.text).not.toMatch(/anxious|banker's rounding|is finished|floats and rounded/);
      expect(p.text).not.toContain('Replace float totals with Decimal'); // checked off
      expect(p.text).not.toMatch(/emailed as plain text/); // struck through
      expect(p.items.map((i) => i.block)).not.toEqual(expect.arrayContaining(['cm-dec0'])); // under Superseded
      expect(p.text).not.toMatch(/sk-proj|OPENAI_API_KEY|REDACTED/);
      expect(p.items.find((i) => i.block === 'cm-k1')).toBeUndefined();
    },
  );

  it("leaves out another project's notes that are only weakly relevant", async () => {
    const p = await pack('rounding', '/home/marta/src/invoice-cli');
    expect(p.project).toBe('projects/invoice-cli.md');
    expect(p.items.some((i) => i.path === 'projects/weather-app.md')).toBe(false);
    expect(p.text).not.toContain('Show the forecast for tomorrow');
  });

  it("takes another project's note only when the task names that project, however well it matches", async () => {
    const unnamed = await pack('forecasts cached in Redis for ten minutes', '/home/marta/src/invoice-cli');
    expect(unnamed.items.find((i) => i.block === 'cm-w1')).toBeUndefined();
    const named = await pack('are weather-app forecasts cached in Redis for ten minutes?', '/home/marta/src/invoice-cli');
    expect(named.items.find((i) => i.block === 'cm-w1')?.why).toMatch(/a project the task names/);
  });
});

describe('context pack: pins and project', () => {
  it('always includes global pins, whatever the task or folder', async () => {
    for (const [task, cwd] of [
      ['unrelated words entirely', undefined],
      ['', '/tmp/elsewhere'],
      ['invoice', '/home/marta/src/weather-app'],
    ] as const) {
      const p = await pack(task, cwd);
      expect(p.items.map((i) => i.block)).toEqual(expect.arrayContaining(['cm-pref1', 'cm-pref2']));
      expect(p.items.find((i) => i.block === 'cm-pref1')?.why).toMatch(/pinned/);
    }
  });

  it('includes a project pin in its own project only', async () => {
    expect((await pack('', '/home/marta/src/weather-app')).items.some((i) => i.block === 'cm-wp1')).toBe(true);
    expect((await pack('', '/home/marta/src/invoice-cli')).items.some((i) => i.block === 'cm-wp1')).toBe(false);
  });

  it('gives the project status, active decisions, open TODOs, people and recent sessions, each citing its note', async () => {
    const p = await pack('', '/home/marta/src/invoice-cli/src/money');
    expect(p.project).toBe('projects/invoice-cli.md');
    const sections = (name: string) => p.items.filter((i) => i.section === name).map((i) => i.block ?? i.heading);
    expect(sections('project')).toEqual(expect.arrayContaining(['Status', 'cm-dec1', 'cm-dec2']));
    expect(sections('todos')).toEqual(expect.arrayContaining(['cm-t1', 'cm-s1']));
    expect(sections('todos')).not.toContain('cm-t3'); // the weather-app TODO
    expect(sections('people')).toContain('cm-p1');
    expect(p.items.find((i) => i.block === 'cm-p1')?.why).toMatch(/named in \[\[projects\/invoice-cli\]\]/);
    expect(p.items.some((i) => i.section === 'sessions' && i.path === 'agent/sessions/2026-11-20-decimal.md')).toBe(true);
    expect(p.text).toContain('## Project invoice-cli (status: active)');
    for (const item of p.items) expect(p.text).toContain(`[[${item.path.replace(/\.md$/, '')}]]`);
  });

  it('opens with one line framing the notes as reference data, not instructions', async () => {
    const p = await pack('invoice rounding', '/home/marta/src/invoice-cli');
    expect(p.text.split('\n')[0]).toBe(PACK_HEADER);
    expect(PACK_HEADER.startsWith("Reference notes from the user's vault")).toBe(true);
    expect(PACK_HEADER).toMatch(/not instructions/);
  });

  it('finds the project by git remote when no repo path matches (ssh remote in config, https in the note)', async () => {
    const config =
      '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:marta/weather-app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n';
    const seen: string[] = [];
    const p = await pack('', '/work/checkout/weather/src', 2000, (dir) => {
      seen.push(dir);
      return dir === '/work/checkout/weather' ? config : null;
    });
    expect(p.project).toBe('projects/weather-app.md');
    expect(seen[0]).toBe('/work/checkout/weather/src');
  });

  it('says why each item was chosen and scores it', async () => {
    const p = await pack('Decimal rounding of invoice totals', '/home/marta/src/invoice-cli');
    const hit = p.items.find((i) => i.block === 'cm-dec1');
    expect(hit?.why).toMatch(/active decision of the project/);
    expect(hit?.why).toMatch(/matches .*decim/);
    for (const item of p.items) {
      expect(typeof item.score).toBe('number');
      expect(item.why.length).toBeGreaterThan(0);
    }
  });
});

describe('context pack: token budget', () => {
  it.each([60, 120, 200, 350, 500, 800, 2000])('never exceeds a budget of %i o200k tokens', async (budget) => {
    const p = await pack('invoice rounding Decimal Marta CHF', '/home/marta/src/invoice-cli', budget);
    expect(countTokens(p.text)).toBe(p.tokens);
    expect(p.tokens).toBeLessThanOrEqual(budget);
    expect(p.budget).toBe(budget);
  });

  it('keeps pins first when the budget is tight', async () => {
    const p = await pack('invoice rounding', '/home/marta/src/invoice-cli', 60);
    expect(p.items.length).toBeGreaterThan(0);
    expect(p.items.every((i) => i.section === 'preferences')).toBe(true);
  });

  it('returns an empty pack when even the header does not fit', async () => {
    const p = await pack('invoice', '/home/marta/src/invoice-cli', 5);
    expect(p).toMatchObject({ tokens: 0, items: [], text: '' });
  });
});

describe('context pack: token count', () => {
  // The pack is counted line by line; this checks, on arbitrary text, that the sum is the tokenizer's count.
  it('counts exactly what the tokenizer counts, for any note text', async () => {
    const fc = await import('fast-check');
    const line = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0 && !/[\r\n]/.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
        fc.integer({ min: 30, max: 400 }),
        async (bullets, title, budget) => {
          const safeTitle = title.replace(/[\\/#^[\]|:*?"<>]/g, '_');
          const notes = [
            {
              path: `projects/${safeTitle}.md`,
              text: `---\ntype: project\nrepo: /r\nstatus: active\n---\n${bullets.map((b, i) => `- ${b} ^cm-${i}`).join('\n')}\n`,
              mtime: NOW,
            },
            { path: 'agent/preferences.md', text: `---\nmemory: pin\n---\n${bullets.map((b) => `- ${b}`).join('\n')}\n`, mtime: NOW },
          ];
          const p = await buildContextPack({ index: buildIndex(notes), task: bullets.join(' '), cwd: '/r', budget, settings, now: NOW });
          expect(countTokens(p.text)).toBe(p.tokens);
          expect(p.tokens).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('context pack: TODOs filed under a project heading', () => {
  // Checkpoints (and many people) keep TODO.md grouped by project: `## invoice-cli` above the tasks, each task
  // linking only the session it came from. At SessionStart there is no task text to match, so the heading
  // is what ties them to the project.
  const todo = `---
type: todo
---
# TODO

## invoice-cli

- [ ] Handle CHF cash rounding to 0.05 ([[agent/sessions/2026-11-20-decimal]]) ^cm-h1
- [x] Ship the Decimal change ([[agent/sessions/2026-11-20-decimal]]) ^cm-h2

## weather-app

- [ ] Cache the radar tiles ([[agent/sessions/2026-11-20-decimal]]) ^cm-h3
`;
  const packFor = (cwd: string) => {
    const inputs = fixtureInputs().map((n) => (n.path === 'TODO.md' ? { ...n, text: todo } : n));
    return buildContextPack({ index: buildIndex(inputs), task: '', cwd, budget: 2000, settings, now: NOW });
  };

  it("gives the project its open TODOs from under its heading, and not the other project's", async () => {
    const p = await packFor('/home/marta/src/invoice-cli');
    const item = p.items.find((i) => i.block === 'cm-h1');
    expect(item?.why).toMatch(/TODO/i);
    expect(p.text).toContain('Handle CHF cash rounding to 0.05');
    expect(p.text).not.toContain('Ship the Decimal change');
    expect(p.text).not.toContain('Cache the radar tiles');
  });

  it('the other project gets its own', async () => {
    const p = await packFor('/home/marta/src/weather-app');
    expect(p.text).toContain('Cache the radar tiles');
    expect(p.text).not.toContain('Handle CHF cash rounding');
  });
});

describe('context pack: a freshly initialised vault', () => {
  const starters = starterNotes(settings.folders, '2026-11-01T00:00:00.000Z');
  const inputs = (edit?: (text: string) => string) =>
    starters.map((n) => ({ path: n.path, text: edit && n.path === settings.folders.preferencesFile ? edit(n.content) : n.content, mtime: NOW }));

  it("does not hand Codex the starter notes' explanations as if they were memory", async () => {
    const p = await buildContextPack({ index: buildIndex(inputs()), task: 'how should codex work', budget: 2000, settings, now: NOW });
    for (const intro of STARTER_INTROS) expect(p.text).not.toContain(intro.slice(0, 40));
  });

  it('once the person rewrites the paragraph it is theirs and is given like any other', async () => {
    const mine = 'Always answer in British English and keep commits small.';
    const p = await buildContextPack({
      index: buildIndex(inputs((t) => t.replace(/How you want Codex to work[^\n]*/, mine))),
      task: '',
      budget: 2000,
      settings,
      now: NOW,
    });
    expect(p.text).toContain(mine);
  });
});

import { parseNote, readStructure } from '../../../src/core/notes';
import { applyPlan, autoAcceptable } from '../../../src/core/memory/apply';
import { planCheckpoint } from '../../../src/core/memory/planner';
import { effectiveChanges, type Plan } from '../../../src/core/memory/plan';
import type { Learning } from '../../../src/core/distill/learnings';
import { learning, makeLearnings, makeThread, snapshot, tempVault, THREAD_ID, type TempVault } from './fixtures';

const NOW = '2026-05-04T12:00:00.000Z';

async function plan(v: TempVault, items: Learning[], threadOver = {}, now = NOW): Promise<Plan> {
  return planCheckpoint({
    thread: makeThread(threadOver),
    learnings: makeLearnings(items, { thread: (threadOver as { id?: string }).id ?? THREAD_ID }),
    vault: v.store,
    ledger: await v.ledger.read(),
    settings: v.settings,
    now,
  });
}

async function planAndApply(v: TempVault, items: Learning[], threadOver = {}, now = NOW): Promise<Plan> {
  const p = await plan(v, items, threadOver, now);
  await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
  return p;
}

function bulletsOf(text: string, heading?: string): string[] {
  return readStructure(parseNote('x.md', text))
    .items.filter((i) => heading === undefined || i.headingPath[i.headingPath.length - 1] === heading)
    .map((i) => i.text);
}

let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
});
afterEach(async () => {
  await v.cleanup();
});

describe('a first checkpoint into an empty vault', () => {
  test('creates the session note with its provenance, and the project, person, preference and TODO notes', async () => {
    const p = await planAndApply(v, [
      learning('decision', 'Store the sync cursor in SQLite'),
      learning('preference', 'Keep commits small and focused', { subject: { type: 'global', name: 'user' } }),
      learning('person', 'Priya reviews every change to the sync job', { subject: { type: 'person', name: 'Priya' } }),
      learning('todo', 'Add a retry for 503 responses'),
      learning('question', 'Should the cursor expire?'),
    ]);
    expect(p.note).toBe('agent/sessions/2026-05-04 Resumable sync job.md');
    const notes = await snapshot(v);
    const session = parseNote(p.note, notes[p.note]);
    expect(session.frontmatter?.data).toMatchObject({
      type: 'session',
      codex_thread: THREAD_ID,
      cwd: '/home/ana/src/tidepool',
      branch: 'main',
      commit: 'a1b2c3d',
      model: 'gpt-5.5',
      started: '2026-05-04T10:00:00.000Z',
      ended: '2026-05-04T11:00:00.000Z',
      transcript: makeThread().path,
      project: '[[projects/tidepool]]',
      status: 'done',
    });
    expect(notes[p.note]).toContain('Made the sync job resumable');
    expect(bulletsOf(notes[p.note], 'Decisions')).toEqual(['Store the sync cursor in SQLite']);
    expect(bulletsOf(notes[p.note], 'Next steps')).toEqual(['Add a retry for 503 responses']);
    expect(bulletsOf(notes[p.note], 'Open questions')).toEqual(['Should the cursor expire?']);
    expect(bulletsOf(notes[p.note], 'Files')).toEqual(['`src/sync/job.ts`']);

    const project = parseNote('projects/tidepool.md', notes['projects/tidepool.md']);
    expect(project.frontmatter?.data).toMatchObject({
      type: 'project',
      repo: ['/home/ana/src/tidepool'],
      remote: ['git@github.com:ana/tidepool.git'],
    });
    expect(bulletsOf(project.text, 'Decisions')).toEqual(['Store the sync cursor in SQLite']);
    expect(bulletsOf(notes['people/Priya.md'], 'Facts')).toEqual(['Priya reviews every change to the sync job']);
    expect(bulletsOf(notes['agent/preferences.md'])).toEqual(['Keep commits small and focused']);
    expect(notes['TODO.md']).toMatch(
      /^- \[ \] Add a retry for 503 responses \(\[\[agent\/sessions\/2026-05-04 Resumable sync job\]\]\) \^cm-[0-9a-z]{8}$/m,
    );
  });

  test('every memory bullet the program writes ends in a ^cm- block id', async () => {
    await planAndApply(v, [learning('decision', 'Store the sync cursor in SQLite'), learning('todo', 'Add a retry for 503 responses')]);
    for (const [path, text] of Object.entries(await snapshot(v))) {
      for (const item of readStructure(parseNote(path, text)).items) expect(item.blockId).toMatch(/^cm-[0-9a-z]{8}$/);
    }
  });
});

describe('the project note', () => {
  test('is found by its repo path, whatever it is called, also from a subfolder', async () => {
    await v.writeText('projects/Tide Pool App.md', '---\ntype: project\nrepo: /home/ana/src/tidepool\n---\n# Tide Pool App\n');
    const p = await plan(v, [learning('decision', 'Store the sync cursor in SQLite')], { cwd: '/home/ana/src/tidepool/packages/sync' });
    expect(
      effectiveChanges(p)
        .filter((c) => c.path.startsWith('projects/'))
        .map((c) => [c.op, c.path]),
    ).toEqual([['add', 'projects/Tide Pool App.md']]);
  });

  test('is found by its git remote when the checkout lives elsewhere', async () => {
    await v.writeText(
      'projects/tidepool.md',
      '---\ntype: project\nrepo: /somewhere/else\nremote: https://github.com/ana/tidepool\n---\n# tidepool\n',
    );
    const p = await plan(v, [learning('decision', 'Store the sync cursor in SQLite')], { cwd: '/tmp/review-clone' });
    expect(effectiveChanges(p).map((c) => c.path)).toContain('projects/tidepool.md');
    expect(effectiveChanges(p).find((c) => c.path === 'projects/tidepool.md')?.op).toBe('add');
  });

  test('a hand-made project note of that name is adopted; a note of another type gets a twin with a suffix', async () => {
    await v.writeText('projects/tidepool.md', '# tidepool\n\nMy own notes.\n');
    let p = await plan(v, [learning('decision', 'Store the sync cursor in SQLite')]);
    expect(effectiveChanges(p).find((c) => c.path === 'projects/tidepool.md')?.op).toBe('add');

    await v.writeText('projects/tidepool.md', '---\ntype: person\n---\n# Tidepool the cat\n');
    p = await plan(v, [learning('decision', 'Store the sync cursor in SQLite')]);
    expect(effectiveChanges(p).map((c) => [c.op, c.path])).toContainEqual(['create', 'projects/tidepool 2.md']);
  });
});

describe('operations', () => {
  test('NOOP: an item already in the note, even in other words, is not added again', async () => {
    await v.writeText(
      'projects/tidepool.md',
      '---\ntype: project\nrepo: /home/ana/src/tidepool\n---\n# tidepool\n\n## Decisions\n\n- The sync cursor is stored in SQLite.\n',
    );
    const p = await plan(v, [learning('decision', 'We decided to store the sync cursor in SQLite')]);
    const change = p.changes.find((c) => c.path === 'projects/tidepool.md');
    expect(change).toMatchObject({ op: 'noop', before: change?.after, diff: '' });
    expect(change?.reason).toMatch(/already in the note \(line 9\)/);
  });

  test("UPDATE: the same item with newer facts replaces the program's older bullet, keeping its block id", async () => {
    await planAndApply(v, [learning('person', 'Priya reviews sync changes', { subject: { type: 'person', name: 'Priya' } })]);
    const id = readStructure(parseNote('p', await v.readText('people/Priya.md'))).items[0].blockId;
    const p = await plan(
      v,
      [learning('person', 'Priya reviews sync changes on Fridays before each release', { subject: { type: 'person', name: 'Priya' } })],
      { id: 'thread-2', startedAt: '2026-05-06T10:00:00.000Z' },
    );
    const change = p.changes.find((c) => c.path === 'people/Priya.md')!;
    expect(change.op).toBe('update');
    expect(change.diff).toContain(`-- Priya reviews sync changes ^${id}`);
    expect(change.diff).toContain(`+- Priya reviews sync changes on Fridays before each release ^${id}`);
  });

  test('SUPERSEDE: a reversed decision moves under "Superseded" with the date and a link to what replaced it', async () => {
    await planAndApply(v, [learning('decision', 'Store the sync cursor in SQLite')]);
    const before = await v.readText('projects/tidepool.md');
    const oldId = readStructure(parseNote('p', before)).items.find((i) => i.text.includes('SQLite'))!.blockId;
    const p = await planAndApply(
      v,
      [
        learning('reversed_decision', 'Dropped SQLite for the cursor: it does not build on the Pi', {
          reversed: { what: 'Store the sync cursor in SQLite', reason: 'it does not build on the Pi', replacedBy: 'a JSON file' },
        }),
        learning('decision', 'Store the sync cursor in a JSON file'),
      ],
      { id: 'thread-2', startedAt: '2026-05-06T10:00:00.000Z', updatedAt: '2026-05-06T11:00:00.000Z' },
    );
    expect(p.changes.filter((c) => c.path === 'projects/tidepool.md').map((c) => c.op)).toEqual(['add', 'supersede']);
    const after = await v.readText('projects/tidepool.md');
    const items = readStructure(parseNote('p', after)).items;
    const newId = items.find((i) => i.text.includes('JSON'))!.blockId;
    expect(bulletsOf(after, 'Decisions')).toEqual(['Store the sync cursor in a JSON file']);
    const moved = items.find((i) => i.blockId === oldId)!;
    expect(moved.headingPath).toEqual(['tidepool', 'Superseded']);
    expect(moved.text).toBe(
      `Store the sync cursor in SQLite (superseded 2026-05-06 by [[projects/tidepool#^${newId}|Store the sync cursor in a JSON file]]: it does not build on the Pi)`,
    );
  });

  test('a decision reversed within the same session is recorded only under Superseded', async () => {
    await planAndApply(v, [
      learning('decision', 'Use papaparse for CSV parsing', { turn: 1 }),
      learning('reversed_decision', 'Dropped papaparse', {
        turn: 2,
        reversed: { what: 'Use papaparse for CSV parsing', replacedBy: 'streaming tokenizer' },
      }),
      learning('decision', 'Parse CSV with a streaming tokenizer', { turn: 2 }),
    ]);
    const project = await v.readText('projects/tidepool.md');
    expect(bulletsOf(project, 'Decisions')).toEqual(['Parse CSV with a streaming tokenizer']);
    expect(bulletsOf(project, 'Superseded')[0]).toMatch(
      /^Use papaparse for CSV parsing \(superseded 2026-05-04 by \[\[projects\/tidepool#\^cm-[0-9a-z]{8}\|Parse CSV with a streaming tokenizer\]\]\)$/,
    );
  });

  test("a reversal that matches the person's own decision leaves it as they wrote it and says so", async () => {
    const mine = '---\ntype: project\nrepo: /home/ana/src/tidepool\n---\n# tidepool\n\n## Decisions\n\n- Store the sync cursor in SQLite (my call)\n';
    await v.writeText('projects/tidepool.md', mine);
    const p = await planAndApply(v, [learning('reversed_decision', 'Dropped SQLite', { reversed: { what: 'Store the sync cursor in SQLite' } })]);
    expect(await v.readText('projects/tidepool.md')).toBe(mine);
    expect(p.skipped).toContainEqual(
      expect.objectContaining({
        path: 'projects/tidepool.md',
        reason: expect.stringMatching(/matches your text at line 9; it was left as you wrote it/),
      }),
    );
  });
});

describe('notes the program does not own', () => {
  test('a note that does not parse is left byte-identical and reported with file and line', async () => {
    const broken = '---\ntype: todo\ntags: [a, b\n---\n# TODO\n';
    await v.writeText('TODO.md', broken);
    const p = await planAndApply(v, [learning('todo', 'Add a retry for 503 responses')]);
    expect(await v.readText('TODO.md')).toBe(broken);
    expect(p.changes.some((c) => c.path === 'TODO.md')).toBe(false);
    expect(p.skipped).toContainEqual({
      path: 'TODO.md',
      reason: expect.stringMatching(/^cannot be read \(TODO\.md:\d+: .+\); left exactly as it is$/),
    });
  });

  test("unknown frontmatter keys, comments and the person's text survive byte-for-byte", async () => {
    const text =
      '---\n# my comment\ntype: person\naliases: [Pri]\nfavourite_tea: "genmaicha"   # really\ncreated: 2026-01-01\nupdated: 2026-01-01\n---\n# Priya Raman\n\nMet at the offsite.\n\n## Facts\n\n- Likes *long* walks\n';
    await v.writeText('people/Priya Raman.md', text);
    await planAndApply(v, [learning('person', 'Priya reviews every change to the sync job', { subject: { type: 'person', name: 'Priya' } })]);
    const after = await v.readText('people/Priya Raman.md');
    const lines = after.split('\n');
    expect(lines.slice(0, 5)).toEqual(text.split('\n').slice(0, 5));
    expect(after).toContain(
      '# Priya Raman\n\nMet at the offsite.\n\n## Facts\n\n- Likes *long* walks\n- Priya reviews every change to the sync job ^cm-',
    );
    expect(parseNote('p', after).frontmatter?.data).toMatchObject({ favourite_tea: 'genmaicha', aliases: ['Pri'], updated: NOW });
  });

  test("a person's note is found by alias or by full name; a name of another type gets its own note", async () => {
    await v.writeText('people/P. Raman.md', '---\ntype: person\naliases: [Priya]\n---\n# P. Raman\n');
    await v.writeText('people/Kofi.md', '---\ntype: project\n---\n# Kofi (the project)\n');
    const p = await plan(v, [
      learning('person', 'Priya reviews sync changes', { subject: { type: 'person', name: 'Priya' } }),
      learning('person', 'Kofi runs the Pi station', { subject: { type: 'person', name: 'Kofi' } }),
    ]);
    const paths = effectiveChanges(p).map((c) => [c.op, c.path]);
    expect(paths).toContainEqual(['add', 'people/P. Raman.md']);
    expect(paths).toContainEqual(['create', 'people/Kofi 2.md']);
  });

  test('names a model makes up become safe file names inside their folder', async () => {
    const p = await plan(v, [
      learning('person', 'Knows the root password location', { subject: { type: 'person', name: '../../../etc/passwd' } }),
      learning('person', 'Is a device', { subject: { type: 'person', name: 'CON' } }),
      learning('fact', 'Tides follow the moon', { subject: { type: 'topic', name: 'tides:\u0000 <moon>/sun?' } }),
    ]);
    const created = effectiveChanges(p)
      .filter((c) => c.op === 'create')
      .map((c) => c.path);
    expect(created).toEqual(expect.arrayContaining(['people/etc passwd.md', 'people/CON_.md', 'notes/tides moon sun.md']));
    await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
    expect(Object.keys(await snapshot(v)).every((f) => !f.includes('..'))).toBe(true);
  });
});

describe('review', () => {
  test('an item whose only evidence is tool output needs review, and --yes leaves it out', async () => {
    const p = await plan(v, [
      learning('decision', 'Store the sync cursor in SQLite'),
      learning('preference', 'The user prefers tabs', { evidence: 'tool', subject: { type: 'global', name: 'user' } }),
    ]);
    const review = p.changes.filter((c) => c.needsReview);
    expect(review.map((c) => [c.op, c.path])).toEqual([
      ['add', p.note],
      ['create', 'agent/preferences.md'],
    ]);
    expect(review[0].dependsOn).toBe(p.changes.find((c) => c.path === p.note && c.op === 'create')?.id);
    expect(autoAcceptable(p)).not.toEqual(expect.arrayContaining(review.map((c) => c.id)));
    await applyPlan(p, autoAcceptable(p), v.store, v.ledger);
    expect(Object.values(await snapshot(v)).join('\n')).not.toContain('prefers tabs');
  });
});

test('an unfinished session says so in its note, and what its last turn only planned waits for review', async () => {
  const p = await plan(
    v,
    [learning('decision', 'Store the sync cursor in SQLite'), learning('todo', 'Switch the tests to fake timers', { turn: 2, unconfirmed: true })],
    { finished: false },
  );
  const created = p.changes.find((c) => c.op === 'create' && c.path === p.note)!;
  expect(created.after).toContain('> [!warning] Unfinished\n> The last turn never completed: what it planned is unconfirmed.');
  expect(parseNote(p.note, created.after).frontmatter?.data.status).toBe('active');
  const todo = p.changes.filter((c) => c.text?.startsWith('Switch the tests to fake timers'));
  expect(todo.length).toBeGreaterThan(0);
  expect(todo.every((c) => c.needsReview)).toBe(true);
  expect(autoAcceptable(p)).not.toEqual(expect.arrayContaining(todo.map((c) => c.id)));
});

test('a decision the distiller says replaces a known bullet supersedes exactly that bullet', async () => {
  await planAndApply(v, [learning('decision', 'Store the sync cursor in SQLite')]);
  const project = await v.readText('projects/tidepool.md');
  const old = readStructure(parseNote('p', project)).items.find((i) => i.text.includes('SQLite'))!;
  const p = await planAndApply(
    v,
    [
      learning('decision', 'Keep the sync cursor in a small JSON file next to the cache', {
        existing: { relation: 'replaces', path: 'projects/tidepool.md', text: old.text, block: old.blockId },
      }),
    ],
    { id: 'thread-3', startedAt: '2026-05-07T10:00:00.000Z', updatedAt: '2026-05-07T11:00:00.000Z' },
  );
  expect(p.changes.filter((c) => c.path === 'projects/tidepool.md').map((c) => c.op)).toEqual(['add', 'supersede']);
  const after = await v.readText('projects/tidepool.md');
  expect(bulletsOf(after, 'Decisions')).toEqual(['Keep the sync cursor in a small JSON file next to the cache']);
  expect(readStructure(parseNote('p', after)).items.find((i) => i.blockId === old.blockId)!.headingPath).toEqual(['tidepool', 'Superseded']);
});

// The promises a person relies on, each checked through the whole checkpoint (real rollout parser, offline
// distiller, planner, apply, ledger) on the bundled example sessions in a real temp vault.
import * as fc from 'fast-check';
import { planCheckpoint } from '../../../src/core/memory/planner';
import { effectiveChanges } from '../../../src/core/memory/plan';
import { parseNote, readStructure } from '../../../src/core/notes';
import { isWindowsReservedName, utf8Length } from '../../../src/core/security/safe-names';
import { checkpointRollout, exampleRollouts, learning, makeLearnings, makeThread, snapshot, tempVault, type TempVault } from './fixtures';

let v: TempVault;
let rollouts: string[];
beforeAll(async () => {
  rollouts = await exampleRollouts();
});
beforeEach(async () => {
  v = await tempVault();
});
afterEach(async () => {
  await v.cleanup();
});

function bullet(text: string, find: RegExp): { text: string; blockId?: string; line: number } {
  const item = readStructure(parseNote('n.md', text)).items.find((i) => find.test(i.text));
  if (!item) throw new Error(`no bullet matching ${String(find)}`);
  return item;
}

test('checkpointing the same session twice: the second run plans zero changes, also after later sessions', async () => {
  const [first, second, third] = rollouts;
  const once = await checkpointRollout(v, first);
  expect(effectiveChanges(once.plan).length).toBeGreaterThan(0);
  expect(effectiveChanges((await checkpointRollout(v, first, { apply: false })).plan)).toEqual([]);
  await checkpointRollout(v, second);
  await checkpointRollout(v, third);
  const settled = await snapshot(v);
  for (const file of rollouts) {
    const again = await checkpointRollout(v, file);
    expect(effectiveChanges(again.plan)).toEqual([]);
    expect(again.result!.checkpoint).toBeNull();
  }
  expect(await snapshot(v)).toEqual(settled);
});

test('a bullet the person edited is never overwritten', async () => {
  const [first, second] = rollouts;
  await checkpointRollout(v, first);
  const kofi = await v.readText('people/Kofi.md');
  const item = bullet(kofi, /review anything that touches the cache/);
  const mine = kofi.replace(item.text, 'Kofi reviews cache changes, but only on Mondays');
  await v.writeText('people/Kofi.md', mine);

  const again = await checkpointRollout(v, first);
  expect(again.plan.changes.find((c) => c.path === 'people/Kofi.md' && c.text === item.text)).toMatchObject({
    op: 'noop',
    reason: `you edited ^${item.blockId} (line ${item.line}); your text is kept`,
  });
  expect(await v.readText('people/Kofi.md')).toBe(mine);
  await checkpointRollout(v, second);
  expect(bullet(await v.readText('people/Kofi.md'), /Mondays/)).toMatchObject({
    text: 'Kofi reviews cache changes, but only on Mondays',
    blockId: item.blockId,
  });
});

test('a bullet the person deleted is never written back, and neither is a deleted note', async () => {
  const [first] = rollouts;
  await checkpointRollout(v, first);
  const prefs = await v.readText('agent/preferences.md');
  const lint = bullet(prefs, /npm run lint/);
  await v.writeText(
    'agent/preferences.md',
    prefs
      .split('\n')
      .filter((l) => !l.includes(`^${lint.blockId}`))
      .join('\n'),
  );
  await v.store.remove('people/Kofi.md', await v.readText('people/Kofi.md'));
  const without = await snapshot(v);

  const again = await checkpointRollout(v, first);
  expect(effectiveChanges(again.plan)).toEqual([]);
  expect(await snapshot(v)).toEqual(without);
  expect(again.plan.skipped).toContainEqual(
    expect.objectContaining({
      path: 'agent/preferences.md',
      reason: `you removed ^${lint.blockId} from this note; it is not written back`,
    }),
  );
  expect(again.plan.skipped.filter((s) => s.path === 'people/Kofi.md').length).toBeGreaterThan(0);
});

test('a note that does not parse is left byte-identical and reported', async () => {
  const [first, second] = rollouts;
  await checkpointRollout(v, first);
  const broken = (await v.readText('projects/tidepool.md')).replace('status: active', 'status: [active');
  await v.writeText('projects/tidepool.md', broken);
  const { plan } = await checkpointRollout(v, second);
  expect(await v.readText('projects/tidepool.md')).toBe(broken);
  expect(plan.changes.filter((c) => c.path === 'projects/tidepool.md')).toEqual([]);
  expect(plan.skipped).toContainEqual({
    path: 'projects/tidepool.md',
    reason: expect.stringMatching(/^cannot be read \(projects\/tidepool\.md:\d+: /),
  });
});

test('unknown frontmatter keys survive every write, in order, with their comments', async () => {
  const [first, second, third] = rollouts;
  await checkpointRollout(v, first);
  const text = await v.readText('projects/tidepool.md');
  const personal = text.replace('status: active\n', 'status: active\nowner: ana   # me\ncolour: "#3a7"\nreviewers:\n  - Kofi\n');
  await v.writeText('projects/tidepool.md', personal);
  await checkpointRollout(v, second);
  await checkpointRollout(v, third);
  const after = await v.readText('projects/tidepool.md');
  expect(after).toContain('status: active\nowner: ana   # me\ncolour: "#3a7"\nreviewers:\n  - Kofi\n');
  expect(parseNote('p', after).frontmatter?.data).toMatchObject({ owner: 'ana', colour: '#3a7', reviewers: ['Kofi'] });
});

test('whatever names a model returns, note files are safe and stay in their folders', async () => {
  const ledger = await v.ledger.read();
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 120 }), async (person, topic) => {
      const plan = await planCheckpoint({
        thread: makeThread(),
        vault: v.store,
        ledger,
        settings: v.settings,
        now: '2026-05-04T12:00:00.000Z',
        learnings: makeLearnings(
          [
            learning('person', 'Knows the deploy', { subject: { type: 'person', name: person } }),
            learning('fact', 'Tides follow the moon', { subject: { type: 'topic', name: topic } }),
          ],
          { title: `${person}${topic}` },
        ),
      });
      for (const c of effectiveChanges(plan)) {
        const [folder, ...rest] = c.path.split('/');
        const file = rest.pop()!;
        expect(['people', 'notes', 'agent', 'projects', 'TODO.md']).toContain(folder);
        expect(file).toMatch(/\.md$/);
        const stem = file.slice(0, -3);
        expect(stem).not.toMatch(/^[.\s]|[.\s]$|[<>:"/\\|?*#^[\]]/);
        expect([...stem].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
        expect(isWindowsReservedName(stem)).toBe(false);
        expect(utf8Length(stem)).toBeLessThanOrEqual(120);
      }
    }),
    { numRuns: 30 },
  );
});

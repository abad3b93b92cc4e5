// Review stale memory, the core workflow: a mobile app's project note names files, one of them since deleted
// from the checkout; its TODO list has an item a person finished without ticking; an old note; a note given
// to many sessions and never cited. Each action goes through the checkpoint journal, so `undo` reverts it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyReviewAction, listStaleMemory, type StaleEntry } from '../../../src/core/memory/stale-review';
import { undoLastCheckpoint } from '../../../src/core/memory/undo';
import { GIVEN_FILE } from '../../../src/core/recall/given';
import { nodeHost } from '../../../src/node/host';
import { tempVault, type TempVault } from './fixtures';

const NOW = new Date('2026-12-01T10:00:00.000Z');
let vault: TempVault;
let repo: string;

const project = (root: string) => `---
type: project
repo: ${root}
updated: 2026-11-20
---
# tide-app

## Decisions
- Offline tiles are cached in \`app/src/cache/tiles.ts\`, keyed by zoom level ^cm-d1
- Push tokens are refreshed in \`app/src/push/refresh.ts\` on every launch ^cm-d2
- Use Expo SDK 52 (superseded 2026-10-01 by SDK 53) ^cm-d3

## Superseded
- Use Expo SDK 51 (superseded 2026-06-01 by SDK 52) ^cm-d0

## Open questions
- [ ] Move the tide chart off \`app/src/chart/old-chart.tsx\` ^cm-q1
`;

beforeEach(async () => {
  vault = await tempVault();
  repo = path.join(vault.root, '..', `${path.basename(vault.root)}-repo`);
  await fs.mkdir(path.join(repo, 'app', 'src', 'cache'), { recursive: true });
  await fs.mkdir(path.join(repo, 'app', 'src', 'push'), { recursive: true });
  await fs.writeFile(path.join(repo, 'app', 'src', 'cache', 'tiles.ts'), 'export {};\n');
  await fs.writeFile(path.join(repo, 'app', 'src', 'push', 'refresh.ts'), 'export {};\n');
  await vault.writeText('projects/tide-app.md', project(repo));
  await vault.writeText(
    'notes/expo-build.md',
    '---\ntype: topic\nupdated: 2026-03-02\n---\n# Expo builds\n\n- EAS builds run on the free tier ^cm-e1\n',
  );
  await vault.writeText('people/noor.md', '---\ntype: person\nupdated: 2026-11-28\n---\n# Noor\n\n- Reviews the iOS releases ^cm-p1\n');
  // Noor's note was given to six sessions since October and never cited.
  const given = Array.from({ length: 6 }, (_, i) =>
    JSON.stringify({ s: `sess-${i}`, t: Date.parse('2026-10-01T09:00:00Z') + i * 86_400_000, k: ['people/noor.md#abc'] }),
  );
  await vault.state.writeState(GIVEN_FILE, given.join('\n') + '\n');
});
afterEach(async () => {
  await vault.cleanup();
  await fs.rm(repo, { recursive: true, force: true });
});

const host = () => nodeHost(vault, { now: () => NOW });
const byId = (entries: StaleEntry[], id: string) => entries.find((e) => e.id === id)!;

test('lists items naming a file that is gone, items marked superseded, old notes and notes never cited', async () => {
  const entries = await listStaleMemory(host());
  expect(entries.map((e) => e.id).sort()).toEqual([
    'notes/expo-build.md',
    'people/noor.md',
    'projects/tide-app.md#^cm-d3',
    'projects/tide-app.md#^cm-q1',
  ]);
  expect(byId(entries, 'projects/tide-app.md#^cm-q1')).toMatchObject({
    reasons: [{ kind: 'gone', detail: 'app/src/chart/old-chart.tsx is gone' }],
    actions: ['tick', 'supersede'],
  });
  expect(byId(entries, 'projects/tide-app.md#^cm-d3').reasons[0].kind).toBe('superseded');
  expect(byId(entries, 'notes/expo-build.md').reasons).toEqual([{ kind: 'old', detail: 'not updated since 2026-03-02' }]);
  expect(byId(entries, 'people/noor.md')).toMatchObject({ given: 6, cited: 0, actions: ['never'], reasons: [{ kind: 'unused' }] });
});

test('tick, mark superseded and memory: never are written as checkpoints, and undo takes each back', async () => {
  const before = await vault.readText('projects/tide-app.md');
  const entries = await listStaleMemory(host());

  const ticked = await applyReviewAction(host(), byId(entries, 'projects/tide-app.md#^cm-q1'), 'tick');
  expect(ticked.applied).toHaveLength(1);
  expect(await vault.readText('projects/tide-app.md')).toContain('- [x] Move the tide chart off `app/src/chart/old-chart.tsx` ✅ 2026-12-01 ^cm-q1');

  const moved = await applyReviewAction(host(), byId(entries, 'projects/tide-app.md#^cm-d3'), 'supersede');
  expect(moved.applied).toHaveLength(1);
  const text = await vault.readText('projects/tide-app.md');
  expect(text.slice(text.indexOf('## Superseded'))).toContain('Use Expo SDK 52 (superseded 2026-12-01, in review) ^cm-d3');
  expect(text.slice(0, text.indexOf('## Superseded'))).not.toContain('SDK 52');

  await applyReviewAction(host(), byId(entries, 'people/noor.md'), 'never');
  expect(await vault.readText('people/noor.md')).toMatch(/^memory: never$/m);
  expect(await vault.readText('people/noor.md')).toContain('Reviews the iOS releases');

  // The list no longer offers what was handled.
  expect((await listStaleMemory(host())).map((e) => e.id)).toEqual(['notes/expo-build.md']);

  for (let i = 0; i < 3; i++) await undoLastCheckpoint(vault.store, vault.ledger);
  expect(await vault.readText('projects/tide-app.md')).toBe(before);
  expect(await vault.readText('people/noor.md')).not.toContain('memory: never');
});

test('an item the person changed after the list was made is left alone', async () => {
  const entries = await listStaleMemory(host());
  const edited = (await vault.readText('projects/tide-app.md')).replace('Move the tide chart off', 'Port the tide chart off');
  await vault.writeText('projects/tide-app.md', edited);
  await expect(applyReviewAction(host(), byId(entries, 'projects/tide-app.md#^cm-q1'), 'tick')).rejects.toThrow(/changed since the list was made/);
  expect(await vault.readText('projects/tide-app.md')).toBe(edited);
});

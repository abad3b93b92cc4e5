/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Review stale memory" in the plugin: a weather app's project note names a file since deleted from its
// checkout and a note Codex was given often and never cited. One click ticks the item or sets `memory: never`,
// written as a checkpoint; "Undo last change" puts the note back exactly.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import type { StaleReviewModal } from '../../src/ui/stale-review-modal';
import { button, captureUi, layoutReady, newPlugin, opened, until } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

let repo: string;
beforeEach(async () => {
  repo = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-stale-ui-'));
  await fs.mkdir(path.join(repo, 'src', 'radar'), { recursive: true });
  await fs.writeFile(path.join(repo, 'src', 'radar', 'frames.ts'), 'export {};\n');
});
afterEach(() => fs.rm(repo, { recursive: true, force: true }));

const recent = new Date().toISOString().slice(0, 10);
const project = () => `---
type: project
repo: ${repo}
updated: ${recent}
---
# rainmap

## Decisions
- Radar frames are decoded in \`src/radar/frames.ts\` off the main thread ^cm-r1

## Open questions
- [ ] Drop the legacy tile proxy in \`src/proxy/legacy.ts\` ^cm-r2
`;
const GIVEN = Array.from({ length: 6 }, (_, i) =>
  JSON.stringify({ s: `sess-${i}`, t: Date.now() - (60 - i) * 86_400_000, k: ['people/ines.md#h1'] }),
).join('\n');
const INES = `---\ntype: person\nupdated: ${recent}\n---\n# Inês\n\n- Owns the Android release train ^cm-i1\n`;

async function openReview() {
  const ui = captureUi();
  const h = await newPlugin(ui, {}, { 'projects/rainmap.md': project(), 'people/ines.md': INES, '.codex-memory/recall/given.jsonl': `${GIVEN}\n` });
  layoutReady(h.app);
  h.mock.commands__.get('review-stale-memory')!.callback!();
  const modal = await opened<StaleReviewModal>(ui, 'StaleReviewModal');
  await modal.rendered;
  const card = (id: string) => modal.contentEl.querySelector<HTMLElement>(`.codex-memory-proposal[data-id="${id}"]`);
  return { h, ui, modal, card };
}

test('lists the item whose file is gone and the note never cited, with given/cited counts', async () => {
  const { modal, card } = await openReview();
  expect([...modal.contentEl.querySelectorAll<HTMLElement>('.codex-memory-proposal')].map((c) => c.dataset.id)).toEqual([
    'projects/rainmap.md#^cm-r2',
    'people/ines.md',
  ]);
  expect(card('projects/rainmap.md#^cm-r2')!.textContent).toContain('File gone: src/proxy/legacy.ts is gone');
  expect(card('people/ines.md')!.textContent).toContain('given 6, cited 0');
  expect(modal.contentEl.textContent).toContain('1 note given to Codex, 0 cited back');
});

test('mark done ticks the item as a checkpoint; undo last change restores the note exactly', async () => {
  const { h, ui, modal, card } = await openReview();
  const before = await h.app.vault.adapter.read('projects/rainmap.md');
  button(card('projects/rainmap.md#^cm-r2')!, 'Mark done').click();
  await until(() => ui.notices.some((n) => n.startsWith('Changed projects/rainmap.md')), 'the notice');
  await modal.rendered;
  expect(await h.app.vault.adapter.read('projects/rainmap.md')).toMatch(
    /- \[x\] Drop the legacy tile proxy in `src\/proxy\/legacy\.ts` ✅ \d{4}-\d{2}-\d{2} \^cm-r2/,
  );
  expect(card('projects/rainmap.md#^cm-r2')).toBeNull();

  button(modal.contentEl, 'Undo last change').click();
  await until(() => ui.notices.some((n) => n.startsWith('Undid checkpoint')), 'the undo notice');
  expect(await h.app.vault.adapter.read('projects/rainmap.md')).toBe(before);
});

test('never give to Codex sets memory: never on the note and keeps its text', async () => {
  const { h, ui, card } = await openReview();
  button(card('people/ines.md')!, 'Never give to Codex').click();
  await until(() => ui.notices.some((n) => n.startsWith('Changed people/ines.md')), 'the notice');
  const text = await h.app.vault.adapter.read('people/ines.md');
  expect(text).toMatch(/^memory: never$/m);
  expect(text).toContain('Owns the Android release train ^cm-i1');
});

test('an item edited by hand after the list was drawn is left alone, and the card says why', async () => {
  const { h, card } = await openReview();
  const edited = (await h.app.vault.adapter.read('projects/rainmap.md')).replace('Drop the legacy', 'Retire the legacy');
  await h.app.vault.adapter.write('projects/rainmap.md', edited);
  button(card('projects/rainmap.md#^cm-r2')!, 'Mark done').click();
  await until(() => card('projects/rainmap.md#^cm-r2')!.querySelector('.codex-memory-error')!.textContent, 'the error');
  expect(card('projects/rainmap.md#^cm-r2')!.textContent).toContain('changed since the list was made');
  expect(await h.app.vault.adapter.read('projects/rainmap.md')).toBe(edited);
});

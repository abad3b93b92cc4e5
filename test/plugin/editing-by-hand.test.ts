/** @jest-environment ./test/support/obsidian-environment.cjs */
// Editing by hand: the recall index follows edits, renames and deletes made in Obsidian; the ledger follows a
// renamed note; and a checkpoint of the same session again leaves the person's wording alone.
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { search } from '../../src/core/recall/search';
import { servicesOf } from '../../src/plugin/services';
import type { ReviewModal } from '../../src/ui/review-modal';
import type { SessionPickerModal } from '../../src/ui/session-picker';
import { button, captureUi, codexHome, layoutReady, newPlugin, THREAD, until, opened } from './support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const settle = () => new Promise((r) => setTimeout(r, 30));

test('the index follows edits, renames and deletes made in the vault', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui, {}, { 'notes/Birds.md': '# Birds\n\n- Herons nest in March.\n' });
  layoutReady(h.app);
  await settle();
  const index = await servicesOf(h.plugin).index.get();
  const paths = (q: string) => search(index, q).items.map((i) => i.path);
  expect(paths('herons')).toEqual(['notes/Birds.md']);
  expect(paths('kingfisher')).toEqual([]);

  await h.app.vault.modify(h.app.vault.getFileByPath('notes/Birds.md')!, '# Birds\n\n- Herons nest in March.\n- A kingfisher lives by the mill.\n');
  await settle();
  expect(paths('kingfisher')).toEqual(['notes/Birds.md']);

  await h.app.vault.rename(h.app.vault.getFileByPath('notes/Birds.md')!, 'notes/River birds.md');
  await settle();
  expect(paths('kingfisher')).toEqual(['notes/River birds.md']);

  await h.app.vault.create('notes/Trees.md', '# Trees\n\n- The old oak by the kingfisher pond.\n');
  await settle();
  expect(paths('oak')).toEqual(['notes/Trees.md']);

  await h.app.fileManager.trashFile(h.app.vault.getFileByPath('notes/River birds.md')!);
  await settle();
  expect(paths('herons')).toEqual([]);
});

test('a note whose frontmatter does not parse is still found by its body, and the log says so once per edit', async () => {
  const ui = captureUi();
  // A fence never closed (obsidian-test-mocks throws on YAML that does not parse; Obsidian itself does not).
  const broken = '---\ntags: [birds\n# Heron survey\n\n- Herons nest in March.\n';
  const h = await newPlugin(ui, {}, { 'notes/Survey.md': broken });
  layoutReady(h.app);
  await settle();
  const index = await servicesOf(h.plugin).index.get();
  expect(search(index, 'herons').items.map((i) => i.path)).toEqual(['notes/Survey.md']);
  const log = async () => ((await h.app.vault.adapter.exists('.codex-memory/log')) ? await h.app.vault.adapter.read('.codex-memory/log') : '');
  const lines = async () => (await log()).split('\n').filter((l) => l.includes('notes/Survey.md'));
  expect(await lines()).toHaveLength(1);
  expect((await lines())[0]).toMatch(
    /^\d{4}-\d\d-\d\dT.*Z recall: notes\/Survey\.md: frontmatter not read \(.+\); indexed by its body, file left as it is$/,
  );
  // An edit elsewhere logs nothing new; an edit of the broken note logs it again; the note is never rewritten.
  await h.app.vault.create('notes/Other.md', '# Other\n\n- beta\n');
  await settle();
  expect(await lines()).toHaveLength(1);
  await h.app.vault.modify(h.app.vault.getFileByPath('notes/Survey.md')!, broken + '- Egrets too.\n');
  await settle();
  expect(await lines()).toHaveLength(2);
  expect(await h.app.vault.read(h.app.vault.getFileByPath('notes/Survey.md')!)).toBe(broken + '- Egrets too.\n');
});

test('"Rebuild memory index" reads every note again', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui, {}, { 'notes/a.md': '# A\n\n- alpha\n', 'notes/b.md': '# B\n\n- beta\n' });
  h.mock.commands__.get('rebuild-memory-index')!.callback!();
  await until(() => ui.notices.find((n) => n.startsWith('Memory index rebuilt')), 'the notice');
  expect(ui.notices).toContain('Memory index rebuilt: 2 notes.');
});

test('a renamed session note is followed by the ledger, and a hand-edited item is never overwritten', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: await codexHome() }, { 'TODO.md': '# TODO\n\n## atlas\n\n- [ ] water the plants\n' });
  layoutReady(h.app);
  await settle();
  h.ribbon();
  const first = await opened<ReviewModal>(ui, 'ReviewModal');
  button(first.contentEl, /^Apply selected/).click();
  const applied = await first.result;
  const sessionNote = applied!.written.find((p) => p.startsWith('agent/sessions/'))!;

  // The person renames the session note and rewords the TODO the checkpoint added.
  await h.app.vault.rename(h.app.vault.getFileByPath(sessionNote)!, 'agent/sessions/Postgres move.md');
  const todo = h.app.vault.getFileByPath('TODO.md')!;
  const edited = (await h.app.vault.read(todo)).replace(/Add migration tests for the ledger tables\./, 'Migration tests: Ana writes them.');
  await h.app.vault.modify(todo, edited);
  await settle();
  const ledger = JSON.parse(await h.app.vault.adapter.read('.codex-memory/ledger.json'));
  expect(ledger.sessions[THREAD].note).toBe('agent/sessions/Postgres move.md');
  expect(Object.values(ledger.items as Record<string, { path: string }>).map((i) => i.path)).not.toContain(sessionNote);

  // Checkpointing the same session again, picked by hand: nothing rewrites the person's words.
  h.mock.commands__.get('checkpoint-session')!.callback!();
  const picker = await opened<SessionPickerModal>(ui, 'SessionPickerModal');
  const items = picker.getItems();
  expect(items.map((s) => [s.thread, s.checkpointed])).toEqual([[THREAD, true]]);
  picker.onChooseItem(items[0]);
  const second = await opened<ReviewModal>(ui, 'ReviewModal', 1);
  const plan = (second as unknown as { plan: import('../../src/core/memory/plan').Plan }).plan;
  expect(plan.note).toBe('agent/sessions/Postgres move.md');
  const writes = plan.changes.filter((c) => c.op !== 'noop');
  expect(writes.filter((c) => c.path === 'TODO.md')).toEqual([]);
  expect(writes.filter((c) => c.path === sessionNote)).toEqual([]);
  button(second.contentEl, 'Cancel').click();
  expect(await h.app.vault.read(todo)).toBe(edited);
});

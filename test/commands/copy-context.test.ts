/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Copy context for a new Codex session…": the task prompt, the preview (what, why, tokens against the
// budget), the pin / never toggles that write `memory:` into the note, and the copy.
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { parseNote } from '../../src/core/notes';
import type { ContextPreviewModal } from '../../src/ui/context-preview-modal';
import { button, openContextPreview, until } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const FILES = {
  'agent/preferences.md':
    '---\ntype: preferences\nmemory: pin\nscope: global\n---\n# Agent preferences\n\n- Keep commit messages short. ^cm-pref0001\n',
  'projects/atlas.md':
    '---\ntype: project\nrepo:\n  - /home/ana/src/atlas\nstatus: active\n---\n# atlas\n\n## Decisions\n\n- Store the ledger in Postgres. ^cm-dec00001\n',
  'notes/Ledger migrations.md':
    '---\ntype: topic\n---\n# Ledger migrations\n\n- Ledger migrations run with `make migrate`; never edit a migration that shipped. ^cm-top00001\n',
  'notes/Gardening.md': '# Gardening\n\n- Water the tomatoes daily.\n',
};

async function preview() {
  const { h, ui, modal, projectOptions } = await openContextPreview({}, FILES, 'Write the ledger migrations', 'projects/atlas.md');
  expect(projectOptions).toEqual(['No project', 'atlas']);
  return { h, ui, modal };
}

function noteRow(modal: ContextPreviewModal, path: string): HTMLElement | undefined {
  return [...modal.contentEl.querySelectorAll<HTMLElement>('.codex-memory-preview-head')].find(
    (e) => e.querySelector('.codex-memory-preview-path')?.textContent === path,
  );
}

test('the preview lists the notes the session would get, why, and the tokens against the budget', async () => {
  const { modal } = await preview();
  const pack = modal.current!;
  const paths = new Set(pack.items.map((i) => i.path));
  expect(paths).toEqual(new Set(['agent/preferences.md', 'projects/atlas.md', 'notes/Ledger migrations.md']));
  expect(modal.contentEl.querySelector('.codex-memory-budget')?.textContent).toBe(`${pack.tokens} of 2,000 tokens`);
  expect(modal.contentEl.querySelector('progress')?.value).toBe(pack.tokens);
  const migrations = noteRow(modal, 'notes/Ledger migrations.md')!.parentElement!;
  expect(migrations.textContent).toContain('make migrate');
  expect(migrations.textContent).toMatch(/\(.*match.*\)/);
  expect(modal.contentEl.textContent).toContain('Project: projects/atlas.md');
});

test('"Never" writes memory: never into the note and takes it out; pressing it again brings it back', async () => {
  const { h, modal } = await preview();
  button(noteRow(modal, 'notes/Ledger migrations.md')!, 'Never').click();
  await until(() => !modal.current!.items.some((i) => i.path === 'notes/Ledger migrations.md') && modal, 'the preview without the note');
  const text = await h.app.vault.adapter.read('notes/Ledger migrations.md');
  expect(parseNote('notes/Ledger migrations.md', text).frontmatter?.data).toEqual({ type: 'topic', memory: 'never' });
  expect(text).toContain('never edit a migration that shipped. ^cm-top00001');
  // Still listed, so the choice can be taken back.
  const row = noteRow(modal, 'notes/Ledger migrations.md')!;
  expect(row.closest('.codex-memory-preview-excluded')).not.toBeNull();
  expect(button(row, 'Never').getAttribute('aria-pressed')).toBe('true');
  button(row, 'Never').click();
  await until(() => modal.current!.items.some((i) => i.path === 'notes/Ledger migrations.md') && modal, 'the note back');
  expect(parseNote('x.md', await h.app.vault.adapter.read('notes/Ledger migrations.md')).frontmatter?.data).toEqual({ type: 'topic' });
});

test('"Pin" writes memory: pin, and a pinned note is given even when the task does not mention it', async () => {
  const { h, modal } = await preview();
  expect(modal.current!.items.some((i) => i.path === 'notes/Gardening.md')).toBe(false);
  await modal.setMode('notes/Gardening.md', 'pin');
  expect(parseNote('x.md', await h.app.vault.adapter.read('notes/Gardening.md')).frontmatter?.data).toEqual({ memory: 'pin' });
  expect(modal.current!.items.find((i) => i.path === 'notes/Gardening.md')?.why).toMatch(/pinned/);
});

test('"Copy" puts exactly the pack on the clipboard', async () => {
  const { ui, modal } = await preview();
  const writeText = jest.fn().mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  button(modal.contentEl, 'Copy').click();
  await until(() => writeText.mock.calls.length > 0, 'the copy');
  expect(writeText).toHaveBeenCalledWith(modal.current!.text);
  expect(modal.current!.text).toContain('Store the ledger in Postgres');
  await until(() => ui.notices.find((n) => n.startsWith('Context copied')), 'the notice');
});

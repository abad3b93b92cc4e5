/** @jest-environment ./test/support/obsidian-environment.cjs */
// The ribbon's "Checkpoint latest Codex session" end to end: a real CODEX_HOME with rollouts in a temp folder,
// the in-memory vault of obsidian-test-mocks, the offline distiller, the review modal and the ledger.
import { setup, teardown } from 'obsidian-test-mocks/setup';
import type { ReviewModal } from '../../src/ui/review-modal';
import { button, captureUi, codexHome, newPlugin, OTHER_THREAD, THREAD, until, vaultNotes, type Harness, opened } from './support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

let ui: ReturnType<typeof captureUi>;
beforeEach(() => {
  ui = captureUi();
});

async function clickRibbon(h: Harness): Promise<ReviewModal> {
  h.ribbon();
  return opened<ReviewModal>(h, 'ReviewModal');
}

function rows(modal: ReviewModal): HTMLElement[] {
  return [...modal.contentEl.querySelectorAll<HTMLElement>('.codex-memory-review-change[data-change]')];
}

test('distils the newest finished session, writes nothing before "Apply selected", then writes exactly the checked changes', async () => {
  const home = await codexHome([
    { id: OTHER_THREAD, date: '2026-09-10' },
    { id: THREAD, date: '2026-09-14' },
    // Newer, but still running: not the one to checkpoint.
    { id: '019b0000-aaaa-7bbb-8ccc-000000000003', date: '2026-09-15', finished: false },
  ]);
  const h = await newPlugin(ui, { codexHome: home });
  const modal = await clickRibbon(h);

  // Progress was shown, and nothing has been written yet.
  expect(ui.notices.some((n) => /Looking for the newest finished Codex session/.test(n))).toBe(true);
  expect(ui.notices.some((n) => /Distilling with the offline rules/.test(n))).toBe(true);
  expect(await vaultNotes(h.app)).toEqual({});
  expect(await h.app.vault.adapter.exists('.codex-memory/ledger.json')).toBe(false);

  const plan = (modal as unknown as { plan: import('../../src/core/memory/plan').Plan }).plan;
  expect(plan.thread).toBe(THREAD);
  const byPath = new Map(plan.changes.map((c) => [c.path, c]));
  const todo = byPath.get('TODO.md');
  const session = byPath.get(plan.note);
  expect(todo?.op).toBe('create');
  expect(session?.op).toBe('create');
  // Grouped by note, each with its operation and diff.
  const headings = [...modal.contentEl.querySelectorAll('.codex-memory-review-path')].map((e) => e.textContent);
  expect(headings).toEqual(expect.arrayContaining([plan.note, 'TODO.md']));
  expect(modal.contentEl.querySelector(`[data-change="${todo!.id}"] .codex-memory-badge`)?.textContent).toBe('New note');
  expect(modal.contentEl.querySelector(`[data-change="${todo!.id}"] .codex-memory-diff`)?.textContent).toContain('Add migration tests');

  // The person unchecks TODO.md and applies the rest.
  const todoBox = modal.contentEl.querySelector<HTMLInputElement>(`[data-change="${todo!.id}"] input[type=checkbox]`)!;
  todoBox.checked = false;
  todoBox.dispatchEvent(new Event('change'));
  const checked = rows(modal)
    .filter((r) => r.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked)
    .map((r) => r.dataset.change!);
  button(modal.contentEl, /^Apply selected/).click();
  const result = await modal.result;

  expect(result?.checkpoint).toBeTruthy();
  const notes = await vaultNotes(h.app);
  const expected = Object.fromEntries(plan.changes.filter((c) => checked.includes(c.id)).map((c) => [c.path, c.after]));
  expect(notes).toEqual(expected);
  expect(notes['TODO.md']).toBeUndefined();
  expect(notes[plan.note]).toContain(`codex_thread: ${THREAD}`);
  expect(ui.notices.pop()).toMatch(/^Applied \d+ changes? to \d+ notes?\. Open the session note/);

  // The session is now checkpointed: the next click goes to the older one.
  const ledger = JSON.parse(await h.app.vault.adapter.read('.codex-memory/ledger.json'));
  expect(Object.keys(ledger.sessions)).toEqual([THREAD]);
  modal.close();
  h.ribbon();
  const second = await opened<ReviewModal>(h, 'ReviewModal', 1);
  expect((second as unknown as { plan: { thread: string } }).plan.thread).toBe(OTHER_THREAD);
  second.close();
});

test('cancel writes nothing at all', async () => {
  const h = await newPlugin(ui, { codexHome: await codexHome() });
  const modal = await clickRibbon(h);
  button(modal.contentEl, 'Cancel').click();
  expect(await modal.result).toBeNull();
  expect(await vaultNotes(h.app)).toEqual({});
  expect(await h.app.vault.adapter.exists('.codex-memory')).toBe(false);
});

test("an edited item is written in the person's words", async () => {
  const h = await newPlugin(ui, { codexHome: await codexHome() }, { 'TODO.md': '# TODO\n\n## atlas\n\n- [ ] water the plants\n' });
  const modal = await clickRibbon(h);
  const plan = (modal as unknown as { plan: import('../../src/core/memory/plan').Plan }).plan;
  const todo = plan.changes.find((c) => c.path === 'TODO.md' && c.op === 'add')!;
  expect(todo).toBeDefined();
  const area = modal.contentEl.querySelector<HTMLTextAreaElement>(`[data-change="${todo.id}"] textarea`)!;
  area.value = 'Write the ledger migration tests\nbefore Friday';
  area.dispatchEvent(new Event('change'));
  expect(modal.contentEl.querySelector(`[data-change="${todo.id}"] .codex-memory-diff`)?.textContent).toContain(
    'Write the ledger migration tests before Friday',
  );
  button(modal.contentEl, /^Apply selected/).click();
  expect((await modal.result)?.checkpoint).toBeTruthy();
  const text = await h.app.vault.adapter.read('TODO.md');
  expect(text).toMatch(/- \[ \] water the plants\n/);
  expect(text).toMatch(/- \[ \] Write the ledger migration tests before Friday \^cm-/);
  expect(text).not.toContain('Add migration tests for the ledger tables');
});

test('with every session checkpointed, or no Codex home, it says so and writes nothing', async () => {
  const h = await newPlugin(ui, { codexHome: '/nonexistent/codex-home' });
  h.ribbon();
  const said = await until(() => ui.notices.find((n) => /No Codex home at/.test(n)), 'the notice');
  expect(said).toMatch(/Set the Codex home folder in the plugin settings/);
  expect(h.modals).toEqual([]);

  const empty = await newPlugin(ui, { codexHome: await codexHome([{ id: THREAD, finished: false }]) });
  empty.ribbon();
  await until(() => ui.notices.find((n) => /already checkpointed \(1 still running\)/.test(n)), 'the notice');
  expect(await vaultNotes(empty.app)).toEqual({});
});

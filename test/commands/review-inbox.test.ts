/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Review memory inbox": proposals from the MCP `remember` tool are accepted (in the person's words, into the
// note they pick) or rejected (to the trash); the status bar count follows.
import type { ConfirmationModal } from 'obsidian';
import { ConfirmationButton } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { writeRememberedProposal as remember } from '../../src/core/checkpoint/inbox';
import { ObsidianVaultStore } from '../../src/obsidian/vault-store';
import type { InboxModal } from '../../src/ui/inbox-modal';
import { button, captureUi, layoutReady, newPlugin, until, vaultNotes, opened } from '../plugin/support/plugin-harness';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const PERSON = '---\ntype: person\n---\n# Priya\n\n## Facts\n\n- Priya leads the payments team. ^cm-per00001\n';

async function withProposals() {
  const ui = captureUi();
  const h = await newPlugin(ui, {}, { 'people/Priya.md': PERSON, 'TODO.md': '# TODO\n' });
  const store = new ObsidianVaultStore(h.app);
  const fact = await remember(
    store,
    DEFAULT_SETTINGS,
    { text: 'Priya reviews every change to the payments schema.', kind: 'person', subject: 'Priya' },
    new Date('2026-09-14T10:00:00Z'),
  );
  const todo = await remember(
    store,
    DEFAULT_SETTINGS,
    { text: 'Rotate the staging database password.', kind: 'todo' },
    new Date('2026-09-14T11:00:00Z'),
  );
  layoutReady(h.app);
  const bar = h.mock.statusBarItems__[0];
  await until(() => bar.textContent === 'Memory inbox: 2', 'the count');
  h.mock.commands__.get('review-memory-inbox')!.callback!();
  const modal = await opened<InboxModal>(ui, 'InboxModal');
  await modal.rendered;
  const card = (path: string) => modal.contentEl.querySelector<HTMLElement>(`.codex-memory-proposal[data-path="${path}"]`)!;
  return { h, ui, modal, bar, fact: fact.path, todo: todo.path, card };
}

/** Clicks the card's "Reject" and answers Obsidian's confirmation dialog with its destructive "Reject". */
async function rejectConfirmed(ui: ReturnType<typeof captureUi>, cardEl: HTMLElement): Promise<void> {
  const buttons = jest.spyOn(ConfirmationButton, 'create2__');
  const asked = ui.modals.length;
  button(cardEl, 'Reject').click();
  await until(() => ui.modals.length > asked, 'the confirmation');
  const ask = ui.modals[asked] as unknown as ConfirmationModal;
  const reject = buttons.mock.results.map((r) => r.value as ConfirmationButton).find((b) => b.buttonEl.textContent === 'Reject');
  expect(reject?.buttonEl.classList.contains('mod-destructive')).toBe(true);
  // Obsidian runs the handler, then closes the dialog.
  reject!.simulateClick__();
  ask.close();
  buttons.mockRestore();
}

test('lists what Codex proposed, newest first, with where it came from', async () => {
  const { modal, fact, todo } = await withProposals();
  const cards = [...modal.contentEl.querySelectorAll<HTMLElement>('.codex-memory-proposal')];
  expect(cards.map((c) => c.dataset.path)).toEqual([todo, fact]);
  expect(cards[1].textContent).toContain('Remembered by Codex on 2026-09-14: person about Priya');
  expect(cards[1].querySelector('textarea')?.value).toBe('Priya reviews every change to the payments schema.');
});

test('accept adds the reworded item to the chosen note and moves the proposal to the trash', async () => {
  const { h, modal, bar, fact, card } = await withProposals();
  const select = card(fact).querySelector('select')!;
  await until(() => select.options.length > 0, 'the targets');
  // The person's own note comes first for a fact about them.
  expect(select.options[0].text).toBe('people/Priya.md (Facts)');
  card(fact).querySelector('textarea')!.value = 'Priya must approve payments schema changes.';
  button(card(fact), 'Accept').click();
  await until(() => bar.textContent === 'Memory inbox: 1', 'the count to drop');
  await modal.rendered;
  const priya = await h.app.vault.adapter.read('people/Priya.md');
  expect(priya).toMatch(
    /## Facts\n\n- Priya leads the payments team\. \^cm-per00001\n- Priya must approve payments schema changes\. \^cm-[a-z0-9]+\n$/,
  );
  expect(h.app.vault.getFileByPath(fact)).toBeNull();
  expect(modal.contentEl.querySelectorAll('.codex-memory-proposal')).toHaveLength(1);
});

test('a TODO goes to TODO.md as an open task; reject changes no note', async () => {
  const { h, ui, bar, fact, todo, card } = await withProposals();
  const select = card(todo).querySelector('select')!;
  await until(() => select.options.length > 0, 'the targets');
  expect(select.options[0].text).toBe('TODO.md (as a task)');
  const before = await vaultNotes(h.app);
  await rejectConfirmed(ui, card(fact));
  await until(() => bar.textContent === 'Memory inbox: 1', 'the count to drop');
  const after = await vaultNotes(h.app);
  delete before[fact];
  expect(after).toEqual(before);
  button(card(todo), 'Accept').click();
  await until(() => bar.textContent === '', 'an empty inbox');
  expect(await h.app.vault.adapter.read('TODO.md')).toMatch(
    /^# TODO\n\n## Inbox\n\n- \[ \] Rotate the staging database password\. \^cm-[a-z0-9]+\n$/,
  );
});

test('reject asks first; closing the question keeps the proposal and changes nothing', async () => {
  const { h, ui, bar, fact, card } = await withProposals();
  const before = await vaultNotes(h.app);
  button(card(fact), 'Reject').click();
  const ask = await opened<ConfirmationModal>(ui, 'ConfirmationModal');
  expect(ask.titleEl.textContent).toBe('Reject this proposal?');
  expect(ask.contentEl.textContent).toContain('Proposed memory: Priya reviews every change to the payments schema.');
  ask.close();
  await new Promise((r) => setTimeout(r, 0));
  expect(await vaultNotes(h.app)).toEqual(before);
  expect(bar.textContent).toBe('Memory inbox: 2');
  expect(card(fact)).not.toBeNull();
});

test('accepting into a note that changed meanwhile writes nothing and says why', async () => {
  const { h, fact, card } = await withProposals();
  const select = card(fact).querySelector('select')!;
  await until(() => select.options.length > 0, 'the targets');
  await h.app.fileManager.trashFile(h.app.vault.getFileByPath('people/Priya.md')!);
  button(card(fact), 'Accept').click();
  await until(() => card(fact).querySelector('.codex-memory-error')?.textContent, 'the error');
  expect(card(fact).querySelector('.codex-memory-error')?.textContent).toBe('people/Priya.md does not exist; create it first or pick another note.');
  expect(h.app.vault.getFileByPath(fact)).not.toBeNull();
});

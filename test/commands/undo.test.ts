/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Undo last checkpoint": puts the vault back exactly as it was before the last applied checkpoint, and
// refuses, changing nothing, when a person has edited those notes since.
import { ConfirmationButton } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import type { ConfirmationModal } from 'obsidian';
import type { ReviewModal } from '../../src/ui/review-modal';
import { button, captureUi, codexHome, newPlugin, until, vaultNotes, opened } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

async function checkpointed() {
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: await codexHome() }, { 'TODO.md': '# TODO\n\n- [ ] water the plants\n' });
  const before = await vaultNotes(h.app);
  h.ribbon();
  const modal = await opened<ReviewModal>(ui, 'ReviewModal');
  button(modal.contentEl, /^Apply selected/).click();
  await modal.result;
  return { h, ui, before };
}

/** Runs the palette command and answers Obsidian's confirmation dialog (the nth one opened). */
async function undoConfirmed(h: Awaited<ReturnType<typeof checkpointed>>['h'], ui: ReturnType<typeof captureUi>, nth = 0): Promise<void> {
  const buttons = jest.spyOn(ConfirmationButton, 'create2__');
  h.mock.commands__.get('undo-last-checkpoint')!.callback!();
  const ask = await opened<ConfirmationModal>(ui, 'ConfirmationModal', nth);
  expect(ask.titleEl.textContent).toBe('Undo last checkpoint?');
  const undo = buttons.mock.results.map((r) => r.value as ConfirmationButton).find((b) => b.buttonEl.textContent === 'Undo checkpoint');
  expect(undo?.buttonEl.classList.contains('mod-destructive')).toBe(true);
  // Obsidian runs the handler, then closes the dialog.
  undo!.simulateClick__();
  ask.close();
  buttons.mockRestore();
}

test('undo restores every note the checkpoint changed and moves the ones it created to the trash', async () => {
  const { h, ui, before } = await checkpointed();
  expect(await vaultNotes(h.app)).not.toEqual(before);
  await undoConfirmed(h, ui);
  const said = await until(() => ui.notices.find((n) => n.startsWith('Undid checkpoint')), 'the notice');
  expect(said).toMatch(/Restored: TODO\.md\./);
  expect(said).toMatch(/Moved to the trash: .*agent\/sessions\//);
  expect(await vaultNotes(h.app)).toEqual(before);
  await undoConfirmed(h, ui, 1);
  await until(() => ui.notices.find((n) => n === 'There is no applied checkpoint to undo.'), 'the second notice');
});

test('after a hand edit, undo changes nothing and names the note', async () => {
  const { h, ui } = await checkpointed();
  const todo = h.app.vault.getFileByPath('TODO.md')!;
  await h.app.vault.modify(todo, `${await h.app.vault.read(todo)}- [ ] my own line\n`);
  const edited = await vaultNotes(h.app);
  await undoConfirmed(h, ui);
  const said = await until(() => ui.notices.find((n) => n.startsWith('Nothing was undone')), 'the notice');
  expect(said).toContain('TODO.md');
  expect(await vaultNotes(h.app)).toEqual(edited);
});

test('closing the confirmation dialog without choosing undo changes nothing', async () => {
  const { h, ui } = await checkpointed();
  const after = await vaultNotes(h.app);
  h.mock.commands__.get('undo-last-checkpoint')!.callback!();
  const ask = await opened<ConfirmationModal>(ui, 'ConfirmationModal');
  expect(ask.contentEl.textContent).toContain('moved to the trash');
  ask.close();
  await new Promise((r) => setTimeout(r, 50));
  expect(ui.notices.some((n) => n.startsWith('Undid'))).toBe(false);
  expect(await vaultNotes(h.app)).toEqual(after);
});

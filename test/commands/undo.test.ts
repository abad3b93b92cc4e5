/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Undo last checkpoint": puts the vault back exactly as it was before the last applied checkpoint, and
// refuses, changing nothing, when a person has edited those notes since.
import { setup, teardown } from 'obsidian-test-mocks/setup';
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

test('undo restores every note the checkpoint changed and moves the ones it created to the trash', async () => {
  const { h, ui, before } = await checkpointed();
  expect(await vaultNotes(h.app)).not.toEqual(before);
  h.mock.commands__.get('undo-last-checkpoint')!.callback!();
  const said = await until(() => ui.notices.find((n) => n.startsWith('Undid checkpoint')), 'the notice');
  expect(said).toMatch(/Restored: TODO\.md\./);
  expect(said).toMatch(/Moved to the trash: .*agent\/sessions\//);
  expect(await vaultNotes(h.app)).toEqual(before);
  h.mock.commands__.get('undo-last-checkpoint')!.callback!();
  await until(() => ui.notices.find((n) => n === 'There is no applied checkpoint to undo.'), 'the second notice');
});

test('after a hand edit, undo changes nothing and names the note', async () => {
  const { h, ui } = await checkpointed();
  const todo = h.app.vault.getFileByPath('TODO.md')!;
  await h.app.vault.modify(todo, `${await h.app.vault.read(todo)}- [ ] my own line\n`);
  const edited = await vaultNotes(h.app);
  h.mock.commands__.get('undo-last-checkpoint')!.callback!();
  const said = await until(() => ui.notices.find((n) => n.startsWith('Nothing was undone')), 'the notice');
  expect(said).toContain('TODO.md');
  expect(await vaultNotes(h.app)).toEqual(edited);
});

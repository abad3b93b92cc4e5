/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Checkpoint the current note": a session pasted into a note (bare rollout lines or in a code block) is
// distilled and reviewed like one read from CODEX_HOME; a note without one says so and writes nothing.
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { threadFromNote } from '../../src/commands/checkpoint-note';
import type { ReviewModal } from '../../src/ui/review-modal';
import { rolloutText } from '../node/support/temp-codex-home';
import { button, captureUi, newPlugin, PROMPT, THREAD, until, vaultNotes, opened } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const ROLLOUT = rolloutText({ id: THREAD, prompt: PROMPT, cwd: '/home/ana/src/atlas' });

test('reads a session from bare lines or from a fenced block, ignoring the note around it', () => {
  const fenced = `---\ntags: [codex]\n---\n# Pasted session\n\nFrom yesterday:\n\n\`\`\`jsonl\n${ROLLOUT}\`\`\`\n`;
  for (const text of [ROLLOUT, fenced]) {
    const thread = threadFromNote('inbox/session.md', text);
    expect(thread.id).toBe(THREAD);
    expect(thread.turns[0].prompts[0]).toBe(PROMPT);
  }
  expect(() => threadFromNote('notes/x.md', '# Just a note\n\nNothing here.\n')).toThrow(/not a Codex session file/);
});

test('the command opens the review for the active note and applies what is accepted', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui, {}, { 'pasted/session.md': `# Pasted\n\n\`\`\`\n${ROLLOUT}\`\`\`\n` });
  const command = h.mock.commands__.get('checkpoint-current-note')!;
  expect(command.checkCallback!(true)).toBe(false);
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath('pasted/session.md')!);
  expect(command.checkCallback!(true)).toBe(true);
  command.checkCallback!(false);
  const modal = await opened<ReviewModal>(ui, 'ReviewModal');
  button(modal.contentEl, /^Apply selected/).click();
  expect((await modal.result)?.checkpoint).toBeTruthy();
  expect(Object.keys(await vaultNotes(h.app))).toEqual(expect.arrayContaining(['pasted/session.md', 'TODO.md', 'agent/preferences.md']));
});

test('a note without a session says what to paste and writes nothing', async () => {
  const ui = captureUi();
  const h = await newPlugin(ui, {}, { 'notes/plain.md': '# Plain\n\n- just words\n' });
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath('notes/plain.md')!);
  h.mock.commands__.get('checkpoint-current-note')!.checkCallback!(false);
  const said = await until(() => ui.notices.find((n) => n.includes('does not hold a Codex session')), 'the notice');
  expect(said).toMatch(/^notes\/plain\.md does not hold a Codex session\. Paste the session's rollout lines/);
  expect(ui.modals).toEqual([]);
  expect(Object.keys(await vaultNotes(h.app))).toEqual(['notes/plain.md']);
});

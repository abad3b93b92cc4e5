/** @jest-environment ./test/support/obsidian-environment.cjs */
// The review modal on its own, over a real plan of a real (in-memory) vault: what it shows, what starts
// checked, items of a new note, rewording, and that a failed apply keeps the person's choices.
import type { App as AppOriginal } from 'obsidian';
import { App, Modal } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { emptyLedger } from '../../src/core/memory/ledger';
import type { Plan } from '../../src/core/memory/plan';
import { planCheckpoint } from '../../src/core/memory/planner';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { ObsidianVaultStore } from '../../src/obsidian/vault-store';
import { withEditedText, ReviewEditError } from '../../src/plugin/review-state';
import { ReviewModal } from '../../src/ui/review-modal';
import { learning, makeLearnings, makeThread } from '../core/memory/fixtures';
import { button } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
beforeEach(() => {
  jest.spyOn(Modal.prototype, 'open').mockImplementation(function (this: Modal) {
    this.onOpen();
  });
});
afterEach(() => jest.restoreAllMocks());

const PROJECT =
  '---\ntype: project\nrepo:\n  - /home/ana/src/tidepool\n---\n# tidepool\n\n## Decisions\n\n- Use cron for the sync job. ^cm-aaaaaaaa\n';

async function planFor(app: AppOriginal): Promise<Plan> {
  const thread = makeThread();
  const learnings = makeLearnings([
    learning('decision', 'Store a cursor after each page of the sync job.'),
    learning('decision', 'Use cron for the sync job.'),
    learning('person', 'Priya reviews every change to the sync job.', { subject: { type: 'person', name: 'Priya' }, evidence: 'tool' }),
  ]);
  return planCheckpoint({
    thread,
    learnings,
    vault: new ObsidianVaultStore(app),
    ledger: emptyLedger(),
    settings: DEFAULT_SETTINGS,
    now: '2026-05-04T12:00:00.000Z',
  });
}

function open(app: AppOriginal, plan: Plan, apply = jest.fn()): ReviewModal {
  const modal = new ReviewModal(app, { plan, source: 'A test session', apply });
  modal.open();
  return modal;
}

function box(modal: ReviewModal, id: string): HTMLInputElement {
  return modal.contentEl.querySelector<HTMLInputElement>(`[data-change="${id}"] input[type=checkbox]`)!;
}

test('shows each note with its changes, badges, diffs, what is already known and what needs review', async () => {
  const app = App.createConfigured__({ files: { 'projects/tidepool.md': PROJECT } }).asOriginalType__();
  const plan = await planFor(app);
  const modal = open(app, plan);
  const project = plan.changes.filter((c) => c.path === 'projects/tidepool.md');
  const add = project.find((c) => c.op === 'add')!;
  const known = project.find((c) => c.op === 'noop')!;
  expect(add.text).toContain('Store a cursor');
  expect(known.text).toBe('Use cron for the sync job.');

  const noteEls = [...modal.contentEl.querySelectorAll('.codex-memory-review-note')];
  const projectEl = noteEls.find((e) => e.querySelector('.codex-memory-review-path')?.textContent === 'projects/tidepool.md')!;
  expect(projectEl.querySelector(`[data-change="${add.id}"] .codex-memory-badge`)?.textContent).toBe('Add');
  const added = [...projectEl.querySelectorAll(`[data-change="${add.id}"] .is-added`)].map((e) => e.textContent);
  expect(added).toContain(`+- ${add.text} ^${(add.edit as { blockId: string }).blockId}`);
  expect(projectEl.querySelector('.codex-memory-review-known')?.textContent).toContain('Already knownUse cron for the sync job.');
  expect(box(modal, add.id).checked).toBe(true);

  // A learning from tool output needs a person's look: shown, and not checked.
  const review = plan.changes.find((c) => c.needsReview)!;
  expect(review).toBeDefined();
  expect(modal.contentEl.querySelector(`[data-change="${review.id}"]`)?.textContent).toContain('Needs review');
  expect(box(modal, review.id).checked).toBe(false);
});

test('items of a new note cannot be applied without the note; unchecking it unchecks and locks them', async () => {
  const app = App.createConfigured__({ files: {} }).asOriginalType__();
  const priya = { subject: { type: 'person' as const, name: 'Priya' } };
  const plan = await planCheckpoint({
    thread: makeThread(),
    learnings: makeLearnings([
      learning('person', 'Priya owns the sync job.', priya),
      learning('person', 'Priya is on leave in June.', { ...priya, evidence: 'tool' }),
    ]),
    vault: new ObsidianVaultStore(app),
    ledger: emptyLedger(),
    settings: DEFAULT_SETTINGS,
    now: '2026-05-04T12:00:00.000Z',
  });
  const created = plan.changes.find((c) => c.path.startsWith('people/') && c.op === 'create')!;
  const dependent = plan.changes.find((c) => c.dependsOn === created.id)!;
  expect(dependent.needsReview).toBe(true);
  const modal = open(app, plan);
  expect(box(modal, created.id).checked).toBe(true);
  expect(box(modal, dependent.id).disabled).toBe(false);
  box(modal, dependent.id).checked = true;
  box(modal, dependent.id).dispatchEvent(new Event('change'));

  box(modal, created.id).checked = false;
  box(modal, created.id).dispatchEvent(new Event('change'));
  expect(box(modal, dependent.id).checked).toBe(false);
  expect(box(modal, dependent.id).disabled).toBe(true);

  box(modal, created.id).checked = true;
  box(modal, created.id).dispatchEvent(new Event('change'));
  expect(box(modal, dependent.id).disabled).toBe(false);
  expect(box(modal, dependent.id).checked).toBe(false);
});

test('a failed apply keeps the modal open with the choices made; cancel resolves null', async () => {
  const app = App.createConfigured__({ files: {} }).asOriginalType__();
  const plan = await planFor(app);
  const apply = jest.fn().mockRejectedValueOnce(new Error('The vault is locked by codex-memory cli'));
  const modal = open(app, plan, apply);
  const first = plan.changes.find((c) => c.op !== 'noop' && !c.needsReview)!;
  box(modal, first.id).checked = false;
  box(modal, first.id).dispatchEvent(new Event('change'));
  button(modal.contentEl, /^Apply selected/).click();
  await new Promise((r) => setTimeout(r, 0));
  expect(modal.contentEl.querySelector('.codex-memory-error')?.textContent).toBe('Nothing was written: The vault is locked by codex-memory cli');
  expect(apply.mock.calls[0][1]).not.toContain(first.id);
  expect(box(modal, first.id).checked).toBe(false);
  button(modal.contentEl, 'Cancel').click();
  expect(await modal.result).toBeNull();
});

describe('rewording', () => {
  test('an item stays one bullet with its block id, secrets masked; the diff follows', async () => {
    const app = App.createConfigured__({ files: { 'projects/tidepool.md': PROJECT } }).asOriginalType__();
    const plan = await planFor(app);
    const add = plan.changes.find((c) => c.path === 'projects/tidepool.md' && c.op === 'add')!;
    const edited = withEditedText(plan, add.id, 'Keep a cursor\nper page; key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789');
    const now = edited.changes.find((c) => c.id === add.id)!;
    expect(now.edit).toMatchObject({ type: 'add', blockId: (add.edit as { blockId: string }).blockId });
    expect(now.text).toMatch(/^Keep a cursor per page; key \[REDACTED/);
    expect(now.after).toContain(`- ${now.text} ^${(add.edit as { blockId: string }).blockId}`);
    expect(now.diff).toContain('+- Keep a cursor per page');
    expect(plan.changes.find((c) => c.id === add.id)!.text).toContain('Store a cursor');
  });

  test('an empty item is refused', async () => {
    const app = App.createConfigured__({ files: { 'projects/tidepool.md': PROJECT } }).asOriginalType__();
    const plan = await planFor(app);
    const add = plan.changes.find((c) => c.op === 'add')!;
    expect(() => withEditedText(plan, add.id, '  \n ')).toThrow(ReviewEditError);
    const modal = open(app, plan);
    const area = modal.contentEl.querySelector<HTMLTextAreaElement>(`[data-change="${add.id}"] textarea`)!;
    area.value = '';
    area.dispatchEvent(new Event('change'));
    expect(area.hasClass('is-invalid')).toBe(true);
    expect(modal.contentEl.querySelector('.codex-memory-error')?.textContent).toMatch(/cannot be empty/);
  });
});

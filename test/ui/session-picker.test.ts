/** @jest-environment ./test/support/obsidian-environment.cjs */
// The session picker shows each session by name (else its first prompt), with project, date, whether it
// finished and whether it is already checkpointed, and finds it by any of those.
import { App } from 'obsidian-test-mocks/obsidian';
import { prepareFuzzySearch } from 'obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import type { SessionSummary } from '../../src/core/codex/thread';
import { SessionPickerModal } from '../../src/ui/session-picker';

beforeAll(() => setup());
afterAll(() => teardown());

const base: SessionSummary = {
  thread: '019b0000-aaaa-7bbb-8ccc-000000000001',
  path: '/x/rollout.jsonl',
  cwd: '/home/ana/src/atlas',
  started: '2026-09-14T08:00:00.000Z',
  updated: '2026-09-14T08:05:00.000Z',
  firstPrompt: 'Move the ledger to Postgres',
  finished: true,
  checkpointed: false,
  size: 10,
};
const sessions: SessionSummary[] = [
  base,
  {
    ...base,
    thread: '019b0000-aaaa-7bbb-8ccc-000000000002',
    name: 'Flaky import test',
    cwd: '/home/ana/src/ledgerline',
    updated: '2026-09-15T12:30:00.000Z',
    finished: false,
    checkpointed: true,
  },
];

function rendered(picker: SessionPickerModal, s: SessionSummary): HTMLElement {
  const el = createDiv();
  picker.renderSuggestion({ item: s, match: { score: 0, matches: [] } }, el);
  return el;
}

test('each session shows its name or first prompt, project, date, and state', () => {
  const picker = new SessionPickerModal(App.createConfigured__().asOriginalType__(), sessions, () => undefined);
  const [first, second] = sessions.map((s) => rendered(picker, s));
  expect(first.querySelector('.codex-memory-session-title')?.textContent).toBe('Move the ledger to Postgres');
  expect(first.querySelector('.codex-memory-session-meta')?.textContent).toBe('atlas · 2026-09-14 08:05 · finished · not checkpointed');
  expect(second.querySelector('.codex-memory-session-title')?.textContent).toBe('Flaky import test');
  expect(second.querySelector('.codex-memory-session-meta')?.textContent).toBe('ledgerline · 2026-09-15 12:30 · still running · checkpointed');
  expect(second.hasClass('is-running') && second.hasClass('is-checkpointed')).toBe(true);
});

test('a session is found by name, first prompt, project or date', () => {
  const picked: SessionSummary[] = [];
  const picker = new SessionPickerModal(App.createConfigured__().asOriginalType__(), sessions, (s) => picked.push(s));
  const find = (q: string) =>
    picker
      .getItems()
      .filter((s) => prepareFuzzySearch(q)(picker.getItemText(s)))
      .map((s) => s.thread.slice(-1));
  expect(find('postgres')).toEqual(['1']);
  expect(find('flaky')).toEqual(['2']);
  expect(find('ledgerline')).toEqual(['2']);
  expect(find('2026-09-14')).toEqual(['1']);
  picker.onChooseItem(sessions[1]);
  expect(picked).toEqual([sessions[1]]);
});

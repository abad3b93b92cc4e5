/** @jest-environment ./test/support/obsidian-environment.cjs */
// The watcher ("heartbeat"): sessions that finish after it was turned on are proposed in the inbox (or applied,
// when the person chose that), once each; a missing CODEX_HOME is survived; the inbox then reviews them.
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { servicesOf } from '../../src/plugin/services';
import type { InboxModal } from '../../src/ui/inbox-modal';
import type { ReviewModal } from '../../src/ui/review-modal';
import { button, captureUi, codexHome, layoutReady, newPlugin, OTHER_THREAD, THREAD, until, vaultNotes, opened } from './support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const SINCE = new Date('2026-09-12T00:00:00Z');
const LATER = new Date('2026-09-20T00:00:00Z');

async function watching(mode: 'inbox' | 'apply', home?: string) {
  const ui = captureUi();
  const h = await newPlugin(ui, {
    codexHome:
      home ??
      (await codexHome([
        { id: OTHER_THREAD, date: '2026-09-10' },
        { id: THREAD, date: '2026-09-14' },
      ])),
    watcherEnabled: true,
    autoCheckpoint: mode,
  });
  const watcher = servicesOf(h.plugin).watcher;
  return { h, ui, watcher };
}

test('the first look only notes the time; sessions that finish after it are proposed once, in the inbox', async () => {
  const { h, ui, watcher } = await watching('inbox');
  layoutReady(h.app);
  expect(await watcher.check(SINCE)).toMatchObject({ idle: 'first-run', proposed: [] });
  expect(await vaultNotes(h.app)).toEqual({});

  const report = await watcher.check(LATER);
  // Only the session that finished after the watcher was turned on.
  expect(report.proposed).toHaveLength(1);
  const [proposal] = report.proposed;
  expect(proposal.startsWith('agent/inbox/')).toBe(true);
  const notes = await vaultNotes(h.app);
  expect(Object.keys(notes)).toEqual([proposal]);
  expect(notes[proposal]).toContain(`codex_thread: ${THREAD}`);
  expect(notes[proposal]).toContain('We decided to store the ledger in Postgres');
  await until(() => h.mock.statusBarItems__[0].textContent === 'Memory inbox: 1', 'the count');

  expect((await watcher.check(new Date('2026-09-21T00:00:00Z'))).proposed).toEqual([]);

  // From the inbox, the proposal opens the review; applying it writes the notes and retires the proposal.
  h.mock.commands__.get('review-memory-inbox')!.callback!();
  const inbox = await opened<InboxModal>(ui, 'InboxModal');
  await inbox.rendered;
  button(inbox.contentEl, 'Review…').click();
  const review = await opened<ReviewModal>(ui, 'ReviewModal');
  button(review.contentEl, /^Apply selected/).click();
  expect((await review.result)?.checkpoint).toBeTruthy();
  await until(() => !h.app.vault.getFileByPath(proposal), 'the proposal to go');
  const after = await vaultNotes(h.app);
  expect(Object.keys(after).some((p) => p.startsWith('agent/sessions/'))).toBe(true);
  await until(() => h.mock.statusBarItems__[0].textContent === '', 'an empty inbox');
});

test('in apply mode what needs no review is written at once; nothing is proposed when nothing is left', async () => {
  const { h, watcher } = await watching('apply');
  await watcher.check(SINCE);
  const report = await watcher.check(LATER);
  expect(report.applied).toEqual([THREAD]);
  expect(report.proposed).toEqual([]);
  const notes = await vaultNotes(h.app);
  expect(notes['TODO.md']).toContain('Add migration tests for the ledger tables.');
  expect(Object.keys(notes).filter((p) => p.startsWith('agent/inbox/'))).toEqual([]);
  const ledger = JSON.parse(await h.app.vault.adapter.read('.codex-memory/ledger.json'));
  expect(Object.keys(ledger.sessions)).toEqual([THREAD]);
});

test('a missing CODEX_HOME, or the watcher turned off, is quiet and writes nothing', async () => {
  const { h, watcher } = await watching('inbox', '/nonexistent/codex-home');
  await watcher.check(SINCE);
  await expect(watcher.check(LATER)).resolves.toMatchObject({ idle: 'no-codex-home', proposed: [], failed: [] });
  h.plugin.settings.watcherEnabled = false;
  await expect(watcher.check(LATER)).resolves.toMatchObject({ idle: 'off' });
  expect(Object.keys(await vaultNotes(h.app))).toEqual([]);
});

test('the heartbeat looks only when the configured interval has passed', async () => {
  const { h, watcher } = await watching('inbox');
  const check = jest.spyOn(watcher, 'check');
  h.plugin.settings.watcherIntervalMinutes = 5;
  const t0 = Date.parse('2026-09-20T10:00:00Z');
  await watcher.heartbeat(t0);
  await watcher.heartbeat(t0 + 4 * 60_000);
  expect(check).toHaveBeenCalledTimes(1);
  await watcher.heartbeat(t0 + 5 * 60_000);
  expect(check).toHaveBeenCalledTimes(2);
});

test('while the CLI (a hook drain, say) holds the vault lock, the watcher writes nothing; it goes on once the lock is free', async () => {
  const { h, watcher } = await watching('apply');
  await watcher.check(SINCE);
  const adapter = h.app.vault.adapter;
  // The lock file exactly as the CLI writes it (src/node/lock.ts): one writer in the vault at a time.
  await adapter.write(
    '.codex-memory/lock',
    `${JSON.stringify({ pid: 4242, hostname: 'laptop', started: new Date().toISOString(), token: 'cli-token', owner: 'codex-memory hook drain' })}\n`,
  );
  const running = watcher.check(LATER);
  await new Promise((r) => setTimeout(r, 400));
  // Nothing planned-and-applied behind the other writer's back: no note, no ledger, no proposal yet.
  expect(await vaultNotes(h.app)).toEqual({});
  expect(await adapter.exists('.codex-memory/ledger.json')).toBe(false);
  // The other writer's own checkpoint lands just before it lets go: the watcher must plan against it, not
  // against the vault as it was before (its plan would then be refused as stale, or overwrite this).
  await h.app.vault.create('TODO.md', '# TODO\n\n- [ ] Rotate the staging keys ^cm-cli00001\n');
  await adapter.remove('.codex-memory/lock');
  const report = await running;
  expect(report.applied).toEqual([THREAD]);
  const todo = (await vaultNotes(h.app))['TODO.md'];
  expect(todo).toContain('Rotate the staging keys');
  expect(todo).toContain('Add migration tests for the ledger tables.');
  // The watcher released the lock it took.
  expect(await adapter.exists('.codex-memory/lock')).toBe(false);
});

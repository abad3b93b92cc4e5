// The browser side of the screens harness: one of the plugin's screens, built from its own classes
// (src/ui/...) over the material test/screens/fixture-vault.ts made with the real core, in Obsidian's
// modal frame (obsidian-window.ts). `index.html?screen=review|inbox|preview|stale|settings&theme=light|dark`.
// The actions a screen calls keep their effects in memory and say what they did on document.body.dataset
// (`applied`, `rejected`, …) so the keyboard checks can tell a button's own handler ran.
import type { App, Plugin } from 'obsidian';
import { setup } from 'obsidian-test-mocks/setup';
import type { ApplyResult } from '../../src/core/memory/apply';
import type { CodexMemoryHost } from '../../src/plugin/host';
import { ContextPreviewModal } from '../../src/ui/context-preview-modal';
import { InboxModal } from '../../src/ui/inbox-modal';
import { ReviewModal } from '../../src/ui/review-modal';
import { CodexMemorySettingTab } from '../../src/ui/settings-tab';
import { StaleReviewModal } from '../../src/ui/stale-review-modal';
import type { ScreensData } from './fixture-vault';
import { drawSettings, installModalFrame } from './obsidian-window';

setup();
installModalFrame();

const data = JSON.parse(document.getElementById('screens-data')!.textContent ?? '{}') as ScreensData;
const params = new URLSearchParams(location.search);
document.body.addClass(params.get('theme') === 'dark' ? 'theme-dark' : 'theme-light');
const app = {} as App;

/** Records what a screen's action did, for the checks to read. */
function did(key: string, value: string): void {
  const before = document.body.dataset[key];
  document.body.dataset[key] = before ? `${before}|${value}` : value;
}

function review(): Promise<void> {
  const { plan, source } = data.review;
  const modal = new ReviewModal(app, {
    plan,
    source,
    async apply(p, accepted): Promise<ApplyResult> {
      did('applied', accepted.join(','));
      const applied = p.changes.filter((c) => accepted.includes(c.id)).map((c) => ({ id: c.id, op: c.op, path: c.path, text: c.text }));
      return { checkpoint: 'screens', applied, skipped: [], written: [...new Set(applied.map((c) => c.path))], recovered: null };
    },
  });
  modal.open();
  void modal.result.then((r) => did('result', r ? 'applied' : 'cancelled'));
  return Promise.resolve();
}

function inbox(): Promise<void> {
  let proposals = [...data.inbox.proposals];
  const drop = (path: string) => (proposals = proposals.filter((p) => p.path !== path));
  const modal = new InboxModal(app, {
    list: () => Promise.resolve(proposals),
    targets: (p) => Promise.resolve(data.inbox.targets[p.path] ?? []),
    accept(p, target, words) {
      did('accepted', `${p.path}>${target.path}:${words.length}`);
      drop(p.path);
      return Promise.resolve();
    },
    review(p) {
      did('reviewed', p.path);
      return Promise.resolve(false);
    },
    reject(p) {
      did('rejected', p.path);
      drop(p.path);
      return Promise.resolve();
    },
    open: (p) => did('opened', p.path),
    reviewStale: () => did('opened', 'stale review'),
    changed: () => undefined,
  });
  modal.open();
  return modal.rendered;
}

function preview(): Promise<void> {
  const { title, pack } = data.preview;
  const modes = { ...data.preview.modes };
  const modal = new ContextPreviewModal(app, title, {
    pack: () => Promise.resolve(pack),
    modeOf: (path) => modes[path] ?? 'auto',
    setMode(path, mode) {
      did('mode', `${path}=${mode}`);
      modes[path] = mode;
      return Promise.resolve();
    },
    copy(text) {
      did('copied', String(text.length));
      return Promise.resolve();
    },
  });
  modal.open();
  return modal.rendered;
}

function stale(): Promise<void> {
  let entries = [...data.stale.entries];
  const modal = new StaleReviewModal(app, {
    list: () => Promise.resolve(entries),
    stats: () => Promise.resolve(data.stale.stats),
    act(entry, action) {
      did('acted', `${entry.id}:${action}`);
      entries = entries.filter((e) => e.id !== entry.id);
      return Promise.resolve(`Changed ${entry.path}. Undo last change takes it back.`);
    },
    undo() {
      did('undone', '1');
      return Promise.resolve('Nothing to undo.');
    },
    open: (entry) => did('opened', entry.path),
  });
  modal.open();
  return modal.rendered;
}

function settings(): Promise<void> {
  const host = {
    settings: structuredClone(data.settings),
    saveSettings() {
      did('saved', JSON.stringify(host.settings).length.toString());
      return Promise.resolve();
    },
  };
  const tab = new CodexMemorySettingTab(app, host as unknown as CodexMemoryHost & Plugin);
  drawSettings(tab, 'Codex Memory');
  return Promise.resolve();
}

const SCREENS: Record<string, () => Promise<void>> = { review, inbox, preview, stale, settings };
const screen = SCREENS[params.get('screen') ?? 'review'];
void screen().then(() => (document.body.dataset.ready = '1'));

// The plugin as Obsidian runs it, over obsidian-test-mocks, for the issue-6 tests: an in-memory vault, a real
// CODEX_HOME in a temp folder, every notice and every modal the plugin opens captured.
import type { App as AppOriginal } from 'obsidian';
import { App, ButtonComponent, DropdownComponent, Modal, Notice, Plugin, TextAreaComponent } from 'obsidian-test-mocks/obsidian';
import type { ContextPreviewModal } from '../../../src/ui/context-preview-modal';
import manifest from '../../../manifest.json';
import CodexMemoryPlugin from '../../../src/main';
import { rolloutText, sessionPath, tempDir, writeFile, type RolloutSpec } from '../../node/support/temp-codex-home';

export interface Harness {
  app: AppOriginal;
  plugin: CodexMemoryPlugin;
  mock: Plugin;
  notices: string[];
  /** Clicks the ribbon icon. */
  ribbon(): void;
  /** Every modal opened, in order. The mock Modal closes itself a tick after open; these stay open. */
  modals: Modal[];
}

/** Captures notices and keeps modals open until the test closes them. Call in beforeEach. */
export function captureUi(): { notices: string[]; modals: Modal[] } {
  const notices: string[] = [];
  const modals: Modal[] = [];
  const text = (m: DocumentFragment | string) => (typeof m === 'string' ? m : (m.textContent ?? ''));
  jest.spyOn(Notice.prototype, 'constructor__').mockImplementation((message: DocumentFragment | string) => {
    notices.push(text(message));
  });
  jest.spyOn(Notice.prototype, 'setMessage').mockImplementation(function (this: Notice, message: DocumentFragment | string) {
    notices.push(text(message));
    return this;
  });
  jest.spyOn(Modal.prototype, 'open').mockImplementation(function (this: Modal) {
    modals.push(this);
    this.onOpen();
  });
  return { notices, modals };
}

export async function newPlugin(
  ui: { notices: string[]; modals: Modal[] },
  data: Record<string, unknown> = {},
  files: Record<string, string> = {},
): Promise<Harness> {
  const app = App.createConfigured__({ files }).asOriginalType__();
  const plugin = new CodexMemoryPlugin(app, manifest);
  const mock = Plugin.fromOriginalType2__(plugin);
  mock.data__ = data;
  const icon = jest.spyOn(plugin, 'addRibbonIcon');
  // load(), as Obsidian does it, so unload() releases what onload registered.
  const onload = jest.spyOn(plugin, 'onload');
  plugin.load();
  await (onload.mock.results[0].value as Promise<void>);
  const onClick = icon.mock.calls[0][2];
  return { app, plugin, mock, ribbon: () => void onClick(new MouseEvent('click')), ...ui };
}

export function layoutReady(app: AppOriginal): void {
  (app.workspace as unknown as { setLayoutReady__(): void }).setLayoutReady__();
}

/** Waits until `probe` returns something truthy (the plugin's work is asynchronous). */
export async function until<T>(probe: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = probe();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const THREAD = '019b0000-aaaa-7bbb-8ccc-000000000001';
export const OTHER_THREAD = '019b0000-aaaa-7bbb-8ccc-000000000002';

/** What a person says in the fixture session: a decision, a TODO and a preference the offline rules pick up. */
export const PROMPT =
  'We decided to store the ledger in Postgres instead of SQLite. We still need to add migration tests for the ledger tables. I prefer short commit messages.';

/** A CODEX_HOME in a temp folder with the given sessions (one finished session by default). */
export async function codexHome(specs: (Partial<RolloutSpec> & { id: string; date?: string })[] = [{ id: THREAD }]): Promise<string> {
  const home = await tempDir('cm-plugin-home-');
  for (const s of specs) {
    const date = s.date ?? '2026-09-14';
    await writeFile(
      sessionPath(home, s.id, date),
      rolloutText({ prompt: PROMPT, cwd: '/home/ana/src/atlas', start: `${date}T08:00:00.000Z`, end: `${date}T08:05:00.000Z`, ...s }),
    );
  }
  return home;
}

/** The vault's markdown notes and their text. */
export async function vaultNotes(app: AppOriginal): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of app.vault.getMarkdownFiles()) out[f.path] = await app.vault.read(f);
  return out;
}

export function button(root: HTMLElement, label: RegExp | string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) =>
    typeof label === 'string' ? b.textContent === label : label.test(b.textContent ?? ''),
  );
  if (!found) throw new Error(`no button ${String(label)} in ${root.textContent ?? ''}`);
  return found;
}

/** The nth modal of this class the plugin opened, once it is open. */
export function opened<T>(ui: { modals: Modal[] }, name: string, nth = 0): Promise<T> {
  return until(() => ui.modals.filter((m) => m.constructor.name === name)[nth] as unknown as T | undefined, `modal ${name} #${nth + 1}`);
}

/**
 * "Copy context for a new Codex session…" as a person goes through it: the command, the task typed, the
 * project picked, "Preview". Resolves once the preview has drawn its pack.
 */
export async function openContextPreview(
  settings: Record<string, unknown>,
  files: Record<string, string>,
  task: string,
  projectPath: string,
): Promise<{ h: Harness; ui: { notices: string[]; modals: Modal[] }; modal: ContextPreviewModal; projectOptions: string[] }> {
  const ui = captureUi();
  const texts = jest.spyOn(TextAreaComponent, 'create__');
  const dropdowns = jest.spyOn(DropdownComponent, 'create__');
  const buttons = jest.spyOn(ButtonComponent, 'create__');
  const h = await newPlugin(ui, settings, files);
  h.mock.commands__.get('copy-context')!.callback!();
  await opened(ui, 'TaskPromptModal');
  const project = dropdowns.mock.results[0].value as DropdownComponent;
  const projectOptions = [...project.selectEl.options].map((o) => o.text);
  (texts.mock.results[0].value as TextAreaComponent).setValue(task);
  project.selectEl.value = projectPath;
  project.simulateChange__();
  buttons.mock.results
    .map((r) => r.value as ButtonComponent)
    .find((b) => b.buttonEl.textContent === 'Preview')!
    .simulateClick__();
  const modal = await opened<ContextPreviewModal>(ui, 'ContextPreviewModal');
  await modal.rendered;
  return { h, ui, modal, projectOptions };
}

// What Obsidian's window does around a plugin's screens, for the browser harness (npm run screens): the
// plugin's own Modal subclasses run on obsidian-test-mocks, whose Modal only holds elements; here open()
// gives them Obsidian's modal frame (the class names its CSS styles), puts them on the page, focuses the
// modal and closes the top one on Escape, as Obsidian does. Obsidian draws a declarative settings tab
// itself; drawSettings() draws the plugin's definitions into Obsidian's setting rows and calls the plugin's
// own validate / getControlValue / setControlValue. Notices show in Obsidian's notice corner.
import {
  ButtonComponent,
  ConfirmationModal,
  Modal,
  Notice,
  SecretComponent,
  type SettingControl,
  type SettingDefinitionItem,
  type SettingTab,
} from 'obsidian';

const open: Modal[] = [];

interface MockModal {
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  onOpen(): void;
  onClose(): void;
}

function frame(m: MockModal): void {
  m.containerEl.addClass('modal-container', 'mod-dim');
  m.containerEl.prepend(createDiv({ cls: 'modal-bg' }));
  m.modalEl.addClass('modal');
  m.modalEl.tabIndex = -1;
  const close = createDiv({ cls: 'modal-close-button' });
  close.setAttribute('aria-label', 'Close');
  close.addEventListener('click', () => (m as unknown as Modal).close());
  const header = createDiv({ cls: 'modal-header' });
  m.titleEl.addClass('modal-title');
  header.append(m.titleEl);
  m.contentEl.addClass('modal-content');
  m.modalEl.prepend(close, header);
  // The mock's strict objects throw on a property they lack: ask the class, not the instance.
  if (m instanceof ConfirmationModal) (m as unknown as { buttonContainerEl: HTMLElement }).buttonContainerEl.addClass('modal-button-container');
}

/** Where focus was before each open modal, given back when it closes (Obsidian restores it too). */
const focusBefore = new Map<Modal, Element | null>();

/** Obsidian's Modal#open / #close over the mock's elements. */
export function installModalFrame(): void {
  const proto = Modal.prototype as unknown as MockModal & { open(): void; close(): void };
  proto.open = function (this: MockModal) {
    if (!this.modalEl.hasClass('modal')) frame(this);
    document.body.append(this.containerEl);
    open.push(this as unknown as Modal);
    focusBefore.set(this as unknown as Modal, document.activeElement);
    this.onOpen();
    this.modalEl.focus();
  };
  proto.close = function (this: MockModal) {
    const i = open.indexOf(this as unknown as Modal);
    if (i < 0) return;
    open.splice(i, 1);
    this.containerEl.remove();
    this.onClose();
    const before = focusBefore.get(this as unknown as Modal);
    focusBefore.delete(this as unknown as Modal);
    if (before instanceof HTMLElement && before.isConnected) before.focus();
    document.body.dispatchEvent(new CustomEvent('screens:closed', { detail: this.constructor.name }));
  };
  document.addEventListener('keydown', (evt) => {
    if (evt.key === 'Escape' && open.length) {
      evt.preventDefault();
      open[open.length - 1].close();
    }
  });
  // Obsidian's button runs its handler on a click (the mock only keeps the handler).
  const buttonProto = ButtonComponent.prototype as unknown as { buttonEl: HTMLElement; onClick(cb: (evt: MouseEvent) => unknown): unknown };
  const onClick = buttonProto.onClick;
  buttonProto.onClick = function (this: typeof buttonProto, cb) {
    this.buttonEl.addEventListener('click', (evt) => void cb(evt));
    return onClick.call(this, cb);
  };
  // Obsidian's confirmation dialog: its Cancel button (the mock draws none), and every button closes it.
  const confirmProto = ConfirmationModal.prototype as unknown as {
    buttonContainerEl: HTMLElement;
    addCancelButton(text?: string): unknown;
    close(): void;
  };
  confirmProto.addCancelButton = function (this: typeof confirmProto, text?: string) {
    this.buttonContainerEl.createEl('button', { text: text ?? 'Cancel' }).addEventListener('click', () => this.close());
    return this;
  };
  const addButton = (ConfirmationModal.prototype as unknown as { addButton(cb: unknown): unknown }).addButton;
  (ConfirmationModal.prototype as unknown as { addButton(cb: unknown): unknown }).addButton = function (this: typeof confirmProto, cb: unknown) {
    const result = addButton.call(this, cb);
    this.buttonContainerEl.lastElementChild?.addEventListener('click', () => this.close());
    return result;
  };
  // A notice shows in the corner (the mock only keeps its elements).
  const notices = document.body.createDiv({ cls: 'notice-container' });
  const NoticeProto = Notice.prototype as unknown as { constructor__(message: string | DocumentFragment): void };
  NoticeProto.constructor__ = function (message) {
    notices.createDiv({ cls: 'notice', text: typeof message === 'string' ? message : (message.textContent ?? '') });
  };
  // Obsidian's secret picker: a dropdown of the secrets in SecretStorage (here, the one named in the settings).
  const SecretProto = SecretComponent.prototype as unknown as { constructor2__(app: unknown, el: HTMLElement): void; setValue(v: string): unknown };
  SecretProto.constructor2__ = function (this: { selectEl?: HTMLSelectElement }, _app, el) {
    this.selectEl = el.createEl('select', { cls: 'dropdown' });
    this.selectEl.setAttribute('aria-label', 'Secret');
  };
  const setSecret = SecretProto.setValue;
  SecretProto.setValue = function (this: { selectEl?: HTMLSelectElement }, value: string) {
    this.selectEl?.createEl('option', { text: value || 'Link a secret…', value });
    return setSecret.call(this, value);
  };
}

type Row = { name?: string; desc?: string; control?: SettingControl; render?: (setting: unknown) => void };
type Tab = SettingTab & { getControlValue(key: string): unknown; setControlValue(key: string, value: unknown): Promise<void> | void };

function settingRow(parent: HTMLElement, name: string, desc?: string): { row: HTMLElement; control: HTMLElement; info: HTMLElement } {
  const row = parent.createDiv({ cls: 'setting-item' });
  const info = row.createDiv({ cls: 'setting-item-info' });
  info.createDiv({ cls: 'setting-item-name', text: name });
  if (desc) info.createDiv({ cls: 'setting-item-description', text: desc });
  const control = row.createDiv({ cls: 'setting-item-control' });
  return { row, control, info };
}

function drawControl(tab: Tab, el: HTMLElement, info: HTMLElement, control: SettingControl, name: string): void {
  const error = info.createDiv({ cls: 'codex-memory-setting-error' });
  const save = async (value: unknown) => {
    const validate = (control as { validate?: (v: unknown) => unknown }).validate;
    const problem = (await validate?.(value)) as string | undefined;
    error.setText(problem ?? '');
    if (!problem) await tab.setControlValue(control.key, value);
  };
  const value = tab.getControlValue(control.key);
  if (control.type === 'toggle') {
    const box = el.createDiv({ cls: `checkbox-container${value ? ' is-enabled' : ''}` });
    const input = box.createEl('input', { type: 'checkbox' });
    input.checked = Boolean(value);
    input.setAttribute('aria-label', name);
    input.addEventListener('change', () => {
      box.toggleClass('is-enabled', input.checked);
      void save(input.checked);
    });
  } else if (control.type === 'dropdown') {
    const select = el.createEl('select', { cls: 'dropdown' });
    select.setAttribute('aria-label', name);
    for (const [v, label] of Object.entries(control.options)) select.createEl('option', { text: label, value: v });
    select.value = String(value);
    select.addEventListener('change', () => void save(select.value));
  } else {
    const number = control.type === 'number';
    const input = el.createEl('input', { type: number ? 'number' : 'text' });
    input.setAttribute('aria-label', name);
    input.spellcheck = false;
    const placeholder = (control as { placeholder?: string }).placeholder;
    if (placeholder) input.placeholder = placeholder;
    input.value = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    input.addEventListener('change', () => void save(number ? Number(input.value) : input.value));
  }
}

/** Draws a declarative settings tab into Obsidian's settings window, as Obsidian 1.13 does. */
export function drawSettings(tab: Tab, title: string): HTMLElement {
  const container = document.body.createDiv({ cls: 'modal-container mod-dim' });
  container.createDiv({ cls: 'modal-bg' });
  const modal = container.createDiv({ cls: 'modal mod-settings' });
  const content = modal.createDiv({ cls: 'vertical-tab-content-container' }).createDiv({ cls: 'vertical-tab-content' });
  content.createEl('h2', { text: title });
  for (const item of tab.getSettingDefinitions() as (SettingDefinitionItem & { heading?: string; items?: Row[] })[]) {
    const group = content.createDiv({ cls: 'setting-group' });
    if (item.heading)
      group
        .createDiv({ cls: 'setting-item setting-item-heading' })
        .createDiv({ cls: 'setting-item-info' })
        .createDiv({ cls: 'setting-item-name', text: item.heading });
    const list = group.createDiv({ cls: 'setting-items' });
    for (const row of item.items ?? [item as Row]) {
      const { control, info } = settingRow(list, row.name ?? '', row.desc);
      if (row.control) drawControl(tab, control, info, row.control, row.name ?? '');
      else if (row.render)
        row.render({ addComponent: (make: (el: HTMLElement) => unknown) => make(control), controlEl: control, settingEl: control.parentElement });
    }
  }
  return modal;
}

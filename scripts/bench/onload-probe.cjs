// One cold onload of the built main.js, as Obsidian runs it: main.js evaluated in a fresh process with
// \`obsidian\` resolved to obsidian-test-mocks over jsdom, then the plugin constructed and onload awaited.
// Counts every vault and adapter read or write onload makes (there should be none). Used by plugin-load.mjs.
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><body></body>', { url: 'http://localhost/' });
// Obsidian's window, as jsdom has it: every DOM global the mocks and the bundle expect.
for (const k of Object.getOwnPropertyNames(dom.window))
  if (!(k in globalThis)) Object.defineProperty(globalThis, k, { value: dom.window[k], configurable: true, writable: true });
globalThis.window = dom.window;
const fs = require('node:fs'); const vm = require('node:vm'); const path = require('node:path');
(async () => {
  require('obsidian-test-mocks/setup').setup();
  const mocks = require('obsidian-test-mocks/obsidian');
  const [mainFile, manifestFile] = process.argv.slice(2);
  const code = fs.readFileSync(mainFile, 'utf8');
  const mod = { exports: {} };
  const req = (id) => (id === 'obsidian' ? mocks : require(id));
  new vm.Script('(function (require, module, exports) {' + code + '\n})', { filename: mainFile }).runInThisContext()(req, mod, mod.exports);
  const Plugin = mod.exports.default ?? mod.exports;
  const app = mocks.App.createConfigured__({ files: {} }).asOriginalType__();
  const plugin = new Plugin(app, JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  const adapter = app.vault.adapter; let io = 0;
  for (const m of ['read', 'write', 'exists', 'list', 'mkdir', 'stat', 'process']) { const f = adapter[m].bind(adapter); adapter[m] = (...a) => { io++; return f(...a); }; }
  for (const m of ['read', 'cachedRead', 'create', 'modify', 'process']) { const f = app.vault[m].bind(app.vault); app.vault[m] = (...a) => { io++; return f(...a); }; }
  // Baseline, same process, same mocks: a plugin that only loads its settings (the least a plugin does).
  class Minimal extends mocks.Plugin {
    async onload() {
      await this.loadData();
    }
  }
  // The mocks' own first loadData costs ~2 ms (their setup, not Obsidian's and not the plugin's): paid here,
  // before either plugin is timed, so both figures measure only what their onload does.
  await new Minimal(mocks.App.createConfigured__({ files: {} }).asOriginalType__(), { id: 'warm-up', version: '0.0.0' }).onload();
  const t = performance.now();
  await plugin.onload();
  const ms = performance.now() - t;
  const minimal = new Minimal(mocks.App.createConfigured__({ files: {} }).asOriginalType__(), { id: 'minimal', version: '0.0.0' });
  const t0 = performance.now();
  await minimal.onload();
  const baseline = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, io, baseline }));
})().catch((e) => { console.error(e); process.exit(1); });

/** @jest-environment ./test/support/obsidian-environment.cjs */
// The plugin's recall index is built off the main thread: the built recall-worker.js runs in a real worker
// (Node's worker_threads behind a few lines that give it a Web Worker's `self`), and the index it hands back
// answers as one built here, with the broken notes reported. Where no worker runs, or it fails, errs or
// stays silent, the index is built here instead, and is never lost; edits and rebuilds during a build count.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { App } from 'obsidian';
import { App as MockApp } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { MemoryIndex, type IndexProblem } from '../../src/core/recall/memory-index';
import { search } from '../../src/core/recall/search';
import type { StartWorker } from '../../src/obsidian/index-worker/build-in-worker';
import { INDEX_WORKER_FILE } from '../../src/obsidian/index-worker/protocol';
import { VaultIndex, type IndexWorkerOptions } from '../../src/obsidian/vault-index';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const builtWorker = path.resolve(__dirname, '../..', INDEX_WORKER_FILE);

/** Fails loudly (not a skip) when the plugin has not been built: the worker tested is the one released. */
function workerCode(): string {
  if (!existsSync(builtWorker)) throw new Error(`${builtWorker} is missing: run \`npm run build\` before these tests`);
  return readFileSync(builtWorker, 'utf8');
}

const FILES: Record<string, string> = {
  'projects/harbor.md': '---\ntype: project\nrepo: /srv/harbor\n---\n# harbor\n\n## Decisions\n\n- Deploy with blue-green switches. ^cm-h1\n',
  'projects/札幌.md': '---\ntype: project\nrepo: /srv/sapporo\n---\n# 札幌アプリ\n\n- 天気予報は十分間キャッシュする。\n',
  'notes/Survey.md': '---\ntags: [birds\n# Heron survey\n\n- Herons nest in March.\n',
  'TODO.md': '# TODO\n\n## harbor\n\n- [ ] Move the herons photo to the wiki. [[projects/harbor]]\n- [x] Deploy the cache.\n',
  '.codex-memory/state.md': '- herons in the state folder are not notes\n',
};

/** Worker scripts that misbehave, for the fallback. */
const SILENT = 'self.onmessage = () => {};';
const THROWS = 'throw new Error("the worker script is broken");';
const REFUSES = 'self.onmessage = () => postMessage({ ok: false, error: "out of memory" }, []);';

interface Started {
  count: number;
  stopped: number;
}

/** recall-worker.js in a Node worker thread, with the Web Worker globals it uses (`self`, `postMessage`, `onmessage`). */
function nodeWorker(started: Started, beforePost: () => Promise<void> = async () => undefined): StartWorker {
  return (code, onReply, onError) => {
    started.count++;
    const worker = new Worker(
      [
        "const { parentPort } = require('node:worker_threads');",
        'globalThis.self = globalThis;',
        'globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);',
        "parentPort.on('message', (data) => self.onmessage({ data }));",
        code,
      ].join('\n'),
      { eval: true },
    );
    worker.on('message', onReply);
    worker.on('error', (err: Error) => onError(err.message));
    return {
      post: (request) => void beforePost().then(() => worker.postMessage(request)),
      stop: () => {
        started.stopped++;
        void worker.terminate();
      },
    };
  };
}

function vaultWith(files: Record<string, string>): App {
  return MockApp.createConfigured__({ files }).asOriginalType__();
}

function indexOf(app: App, worker: IndexWorkerOptions): { index: VaultIndex; problems: IndexProblem[] } {
  const problems: IndexProblem[] = [];
  const index = new VaultIndex(
    app,
    () => '.codex-memory',
    async (p) => void problems.push(...p),
    worker,
  );
  return { index, problems };
}

const paths = (index: MemoryIndex, q: string) => search(index, q).items.map((i) => `${i.path}#${i.heading ?? ''}`);

async function builtHere(app: App): Promise<MemoryIndex> {
  const notes = [];
  for (const f of app.vault.getMarkdownFiles()) {
    if (f.path.startsWith('.codex-memory/')) continue;
    notes.push({ path: f.path, text: await app.vault.cachedRead(f), mtime: f.stat.mtime });
  }
  return MemoryIndex.build(notes);
}

function expectSameAnswers(got: MemoryIndex, want: MemoryIndex): void {
  for (const q of ['herons', 'deploy', '天気予報', 'harbor', 'wiki photo']) expect(paths(got, q)).toEqual(paths(want, q));
  expect([...got.notes.values()].map((n) => got.unitsOf(n))).toEqual([...want.notes.values()].map((n) => want.unitsOf(n)));
}

describe('the recall index in a worker', () => {
  // A worker that failed would be hidden by the fallback: here it must not fail.
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(console, 'warn')));
  afterEach(() => expect(warn).not.toHaveBeenCalled());

  test('is built by the released worker script and answers as one built here, broken notes reported once', async () => {
    const app = vaultWith(FILES);
    const started = { count: 0, stopped: 0 };
    const { index, problems } = indexOf(app, { code: async () => workerCode(), start: nodeWorker(started) });
    const built = await index.get();
    expect(started).toEqual({ count: 1, stopped: 1 });
    expectSameAnswers(built, await builtHere(app));
    expect(paths(built, 'herons')).toContain('notes/Survey.md#Heron survey');
    expect(problems.map((p) => p.path)).toEqual(['notes/Survey.md']);
    expect(await index.get()).toBe(built);
  });

  test('a note edited, created or deleted while the worker builds is taken as it is now', async () => {
    const app = vaultWith(FILES);
    const started = { count: 0, stopped: 0 };
    let index!: VaultIndex;
    const editMeanwhile = async () => {
      const todo = app.vault.getFileByPath('TODO.md')!;
      await app.vault.modify(todo, '# TODO\n\n- [ ] Ring the kingfisher society.\n');
      await index.changed(todo);
      const created = await app.vault.create('notes/Egrets.md', '# Egrets\n\n- Egrets arrived early.\n');
      await index.changed(created);
      const harbor = app.vault.getFileByPath('projects/harbor.md')!;
      await app.fileManager.trashFile(harbor);
      index.deleted(harbor);
    };
    ({ index } = indexOf(app, { code: async () => workerCode(), start: nodeWorker(started, editMeanwhile) }));
    const built = await index.get();
    expect(started.count).toBe(1);
    expect(paths(built, 'kingfisher')).toEqual(['TODO.md#']);
    expect(paths(built, 'egrets')).toEqual(['notes/Egrets.md#']);
    expect(paths(built, 'blue-green')).toEqual([]);
    expect(paths(built, 'wiki photo')).toEqual([]);
  });

  test('a rebuild asked for while the worker builds wins: both callers get the index of the notes as they are then', async () => {
    const app = vaultWith(FILES);
    const started = { count: 0, stopped: 0 };
    let index!: VaultIndex;
    let second: Promise<MemoryIndex> | undefined;
    const rebuildMeanwhile = async () => {
      if (second) return;
      await app.vault.create('notes/Owls.md', '# Owls\n\n- Barn owls hunt at dusk.\n');
      second = index.rebuild();
    };
    ({ index } = indexOf(app, { code: async () => workerCode(), start: nodeWorker(started, rebuildMeanwhile) }));
    const first = await index.get();
    expect(await second).toBe(first);
    expect(paths(first, 'owls')).toEqual(['notes/Owls.md#']);
    expect(started).toEqual({ count: 2, stopped: 2 });
  });
});

describe('without a working worker the index is built on the main thread', () => {
  const cases: [string, IndexWorkerOptions, Started | null][] = [
    ['no worker code beside main.js', { code: async () => null }, null],
    ['no Web Worker here (jsdom, as in some webviews)', { code: async () => workerCode() }, null],
    ['reading the worker code fails', { code: () => Promise.reject(new Error('EACCES')) }, null],
  ];
  for (const [why, code] of [
    ['the worker script throws', THROWS],
    ['the worker reports a failure', REFUSES],
    ['the worker never answers', SILENT],
  ] as const) {
    const started = { count: 0, stopped: 0 };
    cases.push([why, { code: async () => code, start: nodeWorker(started), timeoutMs: 500 }, started]);
  }

  test.each(cases)('%s', async (_why, worker, started) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const app = vaultWith(FILES);
    const { index, problems } = indexOf(app, worker);
    const built = await index.get();
    expectSameAnswers(built, await builtHere(app));
    expect(problems.map((p) => p.path)).toEqual(['notes/Survey.md']);
    if (started) {
      expect(started).toEqual({ count: 1, stopped: 1 });
      expect(warn).toHaveBeenCalledTimes(1);
    } else expect(warn).not.toHaveBeenCalled();
  });

  test('reading many notes gives the window turns (a timer set at the start fires before the build ends)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`notes/n${i}.md`] = `# Note ${i}\n\n- heron sighting number ${i} by the mill pond\n`;
    const app = vaultWith(files);
    const { index } = indexOf(app, {});
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) window.setTimeout(tick, 0);
    };
    window.setTimeout(tick, 0);
    const built = await index.get();
    done = true;
    expect(built.size).toBe(3000);
    expect(turns).toBeGreaterThan(0);
  });
});

// The recall index on disk in a real temp vault: built once, reloaded, kept current with edits, added and
// removed notes, rebuilt quietly when its cache is corrupt; the pack cache; git config reading.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { search } from '../../src/core/recall';
import { openNodeVault, type NodeVault } from '../../src/node/open-vault';
import { CATALOG_FILE, FULLTEXT_FILE, loadNodeIndexReport, readGitConfig } from '../../src/node/recall-index';
import { contextPack } from '../../src/core/recall/context';
import { hookHost } from '../../src/node/session-start-hook';

/** The pack as the SessionStart hook builds it (its host: folder-checked index, pack cache) at a fixed time. */
const nodeContextPack = async (v: Parameters<typeof hookHost>[0], o: { cwd: string; now: number; budget?: number }) =>
  contextPack(await hookHost(v, () => new Date(o.now)), { task: '', cwd: o.cwd, budget: o.budget });
import { FIXTURE_NOTES, NOW, writeFixtureVault } from '../core/recall/vault-fixture';

let dir: string;
let vault: NodeVault;
const state = (name: string) => path.join(dir, '.codex-memory', ...name.split('/'));

async function touch(rel: string, text: string, secondsLater = 5): Promise<void> {
  const abs = path.join(dir, ...rel.split('/'));
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, text);
  const t = new Date(Date.now() + secondsLater * 1000);
  await fs.utimes(abs, t, t);
}

beforeEach(async () => {
  dir = await writeFixtureVault();
  vault = await openNodeVault(dir);
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('loadNodeIndex', () => {
  it('builds and saves on first use, then reloads without rebuilding', async () => {
    const first = await loadNodeIndexReport(vault);
    expect(first.rebuilt).toBe('no saved index');
    expect(first.notes).toBe(Object.keys(FIXTURE_NOTES).length);
    await expect(fs.stat(state(CATALOG_FILE))).resolves.toBeTruthy();
    await expect(fs.stat(state(FULLTEXT_FILE))).resolves.toBeTruthy();
    const again = await loadNodeIndexReport(vault);
    expect(again).toMatchObject({ rebuilt: undefined, changed: 0 });
    expect(search(again.index, 'Redis').items[0].block).toBe('cm-w1');
  });

  it('sees edited, added and removed notes', async () => {
    await loadNodeIndexReport(vault);
    await touch('notes/rounding.md', '# Rounding\n\n- Coins below five rappen are dropped. ^cm-r2\n');
    await touch('notes/new.md', '# Kafka\n\n- Consumers commit offsets after processing. ^cm-kf\n');
    await fs.rm(path.join(dir, 'projects', 'weather-app.md'));
    const r = await loadNodeIndexReport(vault);
    expect(r).toMatchObject({ rebuilt: undefined, changed: 3 });
    expect(search(r.index, 'coins dropped').items[0].block).toBe('cm-r2');
    expect(search(r.index, 'kafka offsets').items[0].path).toBe('notes/new.md');
    expect(search(r.index, 'Redis forecasts').items.some((i) => i.path === 'projects/weather-app.md')).toBe(false);
    // and all of that was saved
    const next = await loadNodeIndexReport(vault);
    expect(next.changed).toBe(0);
    expect(search(next.index, 'kafka').items[0].path).toBe('notes/new.md');
  });

  it('with the quick folder check, sees added and removed notes', async () => {
    await loadNodeIndexReport(vault);
    await touch('people/Jonas Berg.md', '# Jonas Berg\n\n- Reviews the CHF changes. ^cm-j1\n');
    await fs.rm(path.join(dir, 'notes', 'rounding.md'));
    await fs.mkdir(path.join(dir, 'notes', 'deep'));
    await touch('notes/deep/inner.md', '- Inner note about Kafka. ^cm-in\n');
    const r = await loadNodeIndexReport(vault, { check: 'folders' });
    expect(r.index.notes.has('people/Jonas Berg.md')).toBe(true);
    expect(r.index.notes.has('notes/deep/inner.md')).toBe(true);
    expect(r.index.notes.has('notes/rounding.md')).toBe(false);
  });

  it.each([
    ['garbage', '{"version":'],
    ['another version', JSON.stringify({ version: 999, generation: 'g', nextId: 1, notes: [], pending: [] })],
    ['empty', ''],
  ])('rebuilds quietly when the saved catalog is %s', async (_what, text) => {
    await loadNodeIndexReport(vault);
    await fs.writeFile(state(CATALOG_FILE), text);
    const r = await loadNodeIndexReport(vault);
    expect(r.rebuilt).toMatch(/unusable|no saved index/);
    expect(search(r.index, 'Redis').items[0].block).toBe('cm-w1');
    expect((await loadNodeIndexReport(vault)).rebuilt).toBeUndefined();
  });

  it('rebuilds a cut-short postings file from the notes, says so in the log, and saves a good one', async () => {
    await loadNodeIndexReport(vault);
    const bytes = await fs.readFile(state(FULLTEXT_FILE));
    await fs.writeFile(state(FULLTEXT_FILE), bytes.subarray(0, bytes.length - 16));
    const r = await loadNodeIndexReport(vault);
    expect(search(r.index, 'Redis').items[0].block).toBe('cm-w1');
    await new Promise((done) => setTimeout(done, 50));
    expect(await fs.readFile(state('log'), 'utf8')).toMatch(/recall: recall\/postings\.bin .*cut short.*rebuilt from the notes/);
    // The rebuilt segment was saved: the next run neither rebuilds nor logs again.
    const logged = (await fs.readFile(state('log'), 'utf8')).split('\n').length;
    await loadNodeIndexReport(vault);
    expect((await fs.readFile(state('log'), 'utf8')).split('\n').length).toBe(logged);
    await touch('notes/new.md', '# Kafka\n\n- Consumers commit offsets after processing. ^cm-kf\n');
    const next = await loadNodeIndexReport(vault);
    expect(search(next.index, 'kafka offsets').items[0].path).toBe('notes/new.md');
    expect(search(next.index, 'Redis').items[0].block).toBe('cm-w1');
  });

  it('rebuilds the search part quietly when only it is corrupt', async () => {
    await loadNodeIndexReport(vault);
    await fs.writeFile(state(FULLTEXT_FILE), '{"broken');
    const r = await loadNodeIndexReport(vault);
    expect(r.rebuilt).toBeUndefined();
    expect(search(r.index, 'Redis').items[0].block).toBe('cm-w1');
  });
});

describe('nodeContextPack', () => {
  const cwd = '/home/marta/src/invoice-cli';

  it('serves an unchanged vault from the cache and rebuilds when a note it used changes', async () => {
    await loadNodeIndexReport(vault);
    const first = await nodeContextPack(vault, { cwd, now: NOW });
    expect(first.cached).toBe(false);
    expect(first.items.some((i) => i.block === 'cm-dec1')).toBe(true);
    const second = await nodeContextPack(vault, { cwd, now: NOW + 1000 });
    expect(second.cached).toBe(true);
    expect(second.text).toBe(first.text);
    // The person marks the project note private: the next pack must not serve the old text.
    await touch('projects/invoice-cli.md', FIXTURE_NOTES['projects/invoice-cli.md'].replace('status: active', 'status: active\nmemory: never'), 30);
    const third = await nodeContextPack(vault, { cwd, now: NOW + 2000 });
    expect(third.cached).toBe(false);
    expect(third.items.some((i) => i.path === 'projects/invoice-cli.md')).toBe(false);
  });

  it('rebuilds when a note is added to a folder, and after the cache expires', async () => {
    await loadNodeIndexReport(vault);
    await nodeContextPack(vault, { cwd, now: NOW });
    await touch('notes/pin.md', '---\nmemory: pin\nscope: global\n---\n- Always answer in English. ^cm-en\n', 40);
    const p = await nodeContextPack(vault, { cwd, now: NOW + 1000 });
    expect(p.cached).toBe(false);
    expect(p.items.some((i) => i.block === 'cm-en')).toBe(true);
    expect((await nodeContextPack(vault, { cwd, now: NOW + 2000 })).cached).toBe(true);
    expect((await nodeContextPack(vault, { cwd, now: NOW + 7 * 3_600_000 })).cached).toBe(false);
  });
});

describe('pack token counts', () => {
  it('are cached per line and still add up to the exact o200k count of the pack', async () => {
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    const cwd = '/home/marta/src/invoice-cli';
    const first = await nodeContextPack(vault, { cwd, now: NOW, budget: 400 });
    expect(first.tokens).toBe(countTokens(first.text));
    const counts = JSON.parse(await fs.readFile(state('recall/tokens.json'), 'utf8')) as Record<string, number>;
    expect(Object.keys(counts).length).toBeGreaterThan(3);
    // A new note moves the folder: the pack is rebuilt, now from cached counts plus the new lines.
    await touch('notes/pin.md', '---\nmemory: pin\nscope: global\n---\n- Always answer in English. ^cm-en\n', 40);
    const second = await nodeContextPack(vault, { cwd, now: NOW + 1000, budget: 400 });
    expect(second.cached).toBe(false);
    expect(second.items.some((i) => i.block === 'cm-en')).toBe(true);
    expect(second.tokens).toBe(countTokens(second.text));
    expect(second.tokens).toBeLessThanOrEqual(400);
    // Served wholly from cached counts (no line is new), the count is still exact.
    await fs.rm(state('recall/packs.json'));
    const third = await nodeContextPack(vault, { cwd, now: NOW + 2000, budget: 400 });
    expect(third.text).toBe(second.text);
    expect(third.tokens).toBe(countTokens(third.text));
  });
});

describe('readGitConfig', () => {
  it('reads .git/config, and follows a worktree .git file to the common config', async () => {
    const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-git-'));
    try {
      await fs.mkdir(path.join(repo, 'main', '.git', 'worktrees', 'wt'), { recursive: true });
      await fs.writeFile(path.join(repo, 'main', '.git', 'config'), '[remote "origin"]\n\turl = git@h:o/r.git\n');
      await fs.writeFile(path.join(repo, 'main', '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
      await fs.mkdir(path.join(repo, 'wt'));
      await fs.writeFile(path.join(repo, 'wt', '.git'), `gitdir: ${path.join(repo, 'main', '.git', 'worktrees', 'wt')}\n`);
      expect(readGitConfig(path.join(repo, 'main'))).toContain('git@h:o/r.git');
      expect(readGitConfig(path.join(repo, 'wt'))).toContain('git@h:o/r.git');
      expect(readGitConfig(repo)).toBeNull();
    } finally {
      await fs.rm(repo, { recursive: true, force: true });
    }
  });
});

test('a note whose frontmatter does not parse is found by its body, logged once per edit, and never rewritten', async () => {
  const rel = 'notes/Kafka consumer.md';
  const text = '---\ntags: [kafka, streaming\ntype: topic\n---\n# Kafka consumer\n\n- The consumer commits offsets only after the batch is written\n';
  await touch(rel, text);
  const log = async () => (await fs.readFile(state('log'), 'utf8').catch(() => '')).split('\n').filter((l) => l.includes(rel));
  const first = await loadNodeIndexReport(vault);
  expect(search(first.index, 'kafka offsets').items.map((i) => i.path)).toContain(rel);
  expect(await log()).toEqual([expect.stringMatching(/frontmatter not read .*indexed by its body/)]);
  // A later run that finds the note unchanged says nothing more.
  await loadNodeIndexReport(vault);
  await loadNodeIndexReport(vault, { check: 'folders' });
  expect(await log()).toHaveLength(1);
  expect(await fs.readFile(path.join(dir, rel), 'utf8')).toBe(text);
  // Edited (still broken): reported again, once.
  await touch(rel, text.replace('only after', 'right after'), 10);
  await loadNodeIndexReport(vault);
  expect(await log()).toHaveLength(2);
});

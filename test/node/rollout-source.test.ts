// Reading rollouts from disk: streamed plain files, zstd files decompressed in pure JS, heads and tails.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decompress } from 'fzstd';
import { NotARolloutError, RolloutParser } from '../../src/core/codex/rollout-parser';
import { writeRollout } from '../../scripts/bench/rollout.mjs';
import { CorruptArchiveError, parseRolloutFile, readHead, readTail, threadIdFromFileName } from '../../src/node/rollout-source';
import { describeShared, sharedDir } from '../support/shared';
import { OWN_FIXTURE, OWN_ID, rolloutText, tempDir, writeFile } from './support/temp-codex-home';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('cm-rollout-');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('the thread id comes from the file name', () => {
  expect(threadIdFromFileName('/x/rollout-2026-09-14T10-00-00-0199A1B2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl.zst')).toBe(OWN_ID);
  expect(threadIdFromFileName('/x/rollout-latest.jsonl')).toBeUndefined();
});

test('a multi-megabyte rollout streams through the parser with its tool output bounded', async () => {
  const file = await writeFile(path.join(dir, `rollout-2026-09-14T10-00-00-${OWN_ID}.jsonl`), rolloutText({ id: OWN_ID, middleBytes: 5_000_000 }));
  const t = await parseRolloutFile(file);
  expect(t.id).toBe(OWN_ID);
  expect(t.parse.invalidLines).toBe(0);
  expect(t.parse.nonemptyLines).toBeGreaterThan(50);
  expect(t.finished).toBe(true);
  expect(t.turns[0].toolCalls[0].output!.length).toBeLessThan(5000);
});

test('a generated Codex 0.169-like rollout reads as a parse of every line whole does', async () => {
  // The bench's generator: megabyte tool outputs and their item_completed copies, read through 4 MB buffers.
  const id = '01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a';
  const file = path.join(dir, `rollout-2026-10-01T08-00-00-${id}.jsonl`);
  const { turns } = writeRollout(file, 12 * 1024 * 1024, 5);
  const thread = await parseRolloutFile(file);
  const full = new RolloutParser({ path: file, container: 'jsonl', fallbackId: id });
  // A leading space changes nothing for JSON.parse and defeats every head check: each line is parsed whole.
  for (const line of (await fs.readFile(file, 'utf8')).split('\n')) full.push(' ' + line);
  expect(thread).toEqual(full.finish());
  expect(thread.turns).toHaveLength(turns);
  expect(thread.omittedChars).toBeGreaterThan(1_000_000);
});

test('a file that is not a rollout gives NotARolloutError naming the file', async () => {
  const file = await writeFile(path.join(dir, 'notes.jsonl'), '{"title":"groceries"}\n');
  await expect(parseRolloutFile(file)).rejects.toThrow(NotARolloutError);
  await expect(parseRolloutFile(file)).rejects.toThrow(`${file} is not a Codex session file`);
});

test('a .zst file that is not zstd gives CorruptArchiveError', async () => {
  const file = await writeFile(path.join(dir, `rollout-2026-09-14T10-00-00-${OWN_ID}.jsonl.zst`), 'plain text, not zstd');
  await expect(parseRolloutFile(file)).rejects.toThrow(CorruptArchiveError);
});

test('head and tail of a plain file', async () => {
  const text = await fs.readFile(OWN_FIXTURE, 'utf8');
  const head = await readHead(OWN_FIXTURE, 500);
  expect(head).toEqual({ text: text.slice(0, 500), complete: false });
  expect(await readHead(OWN_FIXTURE, 1 << 20)).toEqual({ text, complete: true });
  const tail = await readTail(OWN_FIXTURE, 300);
  expect(tail.fromStart).toBe(false);
  expect(text.endsWith(tail.text)).toBe(true);
  expect(tail.text.length).toBe(300);
});

describeShared('zstd-compressed rollouts (shared fixture)', () => {
  const zst = path.join(
    sharedDir ?? '',
    'fixtures/codex-sessions/sessions/2026/08/06/rollout-2026-08-06T17-30-12-019fd7b2-43ed-7a0c-b021-6aac2f1d8b11.jsonl.zst',
  );

  test('parse the same as their decompressed text, except for the container', async () => {
    const plainText = Buffer.from(decompress(await fs.readFile(zst)));
    const plain = await writeFile(path.join(dir, path.basename(zst, '.zst')), plainText);
    const a = await parseRolloutFile(zst);
    const b = await parseRolloutFile(plain);
    expect(a.container).toBe('jsonl.zst');
    expect(b.container).toBe('jsonl');
    expect({ ...a, path: '', container: '' }).toEqual({ ...b, path: '', container: '' });
    expect(a.turns[0].prompts[0]).toMatch(/^Before we rename the `importCsv` export/);
  });

  test('head and tail read through the decompressor', async () => {
    const text = Buffer.from(decompress(await fs.readFile(zst))).toString('utf8');
    expect(await readHead(zst, 200)).toEqual({ text: text.slice(0, 200), complete: false });
    expect((await readHead(zst, 1 << 20)).complete).toBe(true);
    const tail = await readTail(zst, 400);
    expect(text.endsWith(tail.text)).toBe(true);
    expect(tail.text.length).toBe(400);
  });
});

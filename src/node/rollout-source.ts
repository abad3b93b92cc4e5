// Reads rollout files from disk for the core parser: streamed in chunks (plain or zstd, decompressed in pure
// JS with fzstd so the same code runs inside Obsidian), never the whole file in memory at once.
import { closeSync, openSync, promises as fsp, readSync } from 'node:fs';
import { basename } from 'node:path';
import { Decompress } from 'fzstd';
import { ByteLineSplitter } from '../core/codex/line-splitter';
import { decodeUtf8 } from '../core/codex/rollout/bytes';
import { RolloutParser, type ParseOptions } from '../core/codex/rollout-parser';
import type { Thread } from '../core/codex/thread';

const CHUNK = 256 * 1024;
/**
 * Plain files are parsed from 4 MB reads: few calls, and few lines cut across two reads (a line that is has
 * its pieces copied together, and a 1 MB tool output is cut by one read in four).
 */
const STREAM_CHUNK = 4 * 1024 * 1024;
const THREAD_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(?:\.zst)?$/i;

export function containerOf(path: string): Thread['container'] {
  return path.endsWith('.zst') ? 'jsonl.zst' : 'jsonl';
}

/** The thread id in a rollout's file name (rollout-<local time>-<id>.jsonl[.zst]), if it has one. */
export function threadIdFromFileName(path: string): string | undefined {
  return THREAD_ID.exec(basename(path))?.[1]?.toLowerCase();
}

/** Thrown when a .jsonl.zst file cannot be decompressed. */
export class CorruptArchiveError extends Error {
  readonly code = 'CORRUPT_ARCHIVE';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`${path} could not be decompressed (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'CorruptArchiveError';
  }
}

/** Compressed bytes go to fzstd in small pieces, so each push yields little and its blocks die young. */
const ZST_CHUNK = 16 * 1024;

async function* fileChunks(path: string, size: number): AsyncGenerator<Uint8Array> {
  const fh = await fsp.open(path, 'r');
  try {
    for (;;) {
      // A fresh array each time: fzstd keeps a reference to input it has not consumed yet.
      const buf = new Uint8Array(size);
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield bytesRead === size ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** The file's bytes (decompressed when it is .zst), chunk by chunk. */
export async function* readRolloutChunks(path: string): AsyncGenerator<Uint8Array> {
  if (containerOf(path) === 'jsonl') {
    yield* fileChunks(path, CHUNK);
    return;
  }
  let out: Uint8Array[] = [];
  const dec = new Decompress((data) => {
    if (data.length) out.push(data);
  });
  const push = (chunk: Uint8Array, final: boolean): Uint8Array[] => {
    try {
      dec.push(chunk, final);
    } catch (err) {
      throw new CorruptArchiveError(path, err);
    }
    const ready = out;
    out = [];
    return ready;
  };
  for await (const chunk of fileChunks(path, ZST_CHUNK)) yield* push(chunk, false);
  yield* push(new Uint8Array(0), true);
}

/**
 * The file's bytes (decompressed when it is .zst), chunk by chunk, each valid only until the next is asked
 * for: plain files are read through two reused buffers (the next read is under way while the caller parses
 * the previous one), since a fresh Buffer per chunk would pile up outside the JS heap until a GC.
 */
async function* streamRolloutBytes(path: string): AsyncGenerator<Uint8Array> {
  if (containerOf(path) !== 'jsonl') {
    // Buffers over fzstd's arrays (no copy): their indexOf is a memchr.
    for await (const chunk of readRolloutChunks(path)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    return;
  }
  const fh = await fsp.open(path, 'r');
  const bufs = [Buffer.allocUnsafeSlow(STREAM_CHUNK), Buffer.allocUnsafeSlow(STREAM_CHUNK)];
  let i = 0;
  let pending = fh.read(bufs[0], 0, STREAM_CHUNK, null);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const chunk = bufs[i].subarray(0, bytesRead);
      i ^= 1;
      pending = fh.read(bufs[i], 0, STREAM_CHUNK, null);
      yield chunk;
    }
  } finally {
    await pending.catch(() => undefined);
    await fh.close();
  }
}

/** Streams a whole rollout through the parser. Memory stays bounded by the parser's text limits. */
export async function parseRolloutFile(path: string, opts: Omit<ParseOptions, 'path' | 'container'> = {}): Promise<Thread> {
  const parser = new RolloutParser({
    path,
    container: containerOf(path),
    fallbackId: threadIdFromFileName(path),
    ...opts,
  });
  const splitter = new ByteLineSplitter(
    (bytes, start, end) => parser.pushBytes(bytes, start, end),
    (size) => Buffer.allocUnsafeSlow(size),
  );
  for await (const chunk of streamRolloutBytes(path)) splitter.push(chunk);
  const rest = splitter.end();
  return parser.finish(decodeUtf8(rest, 0, rest.length));
}

export interface HeadText {
  text: string;
  /** True when `text` is the whole (decompressed) file. */
  complete: boolean;
}

/** The first `maxBytes` (decompressed) bytes of a rollout. */
export async function readHead(path: string, maxBytes: number): Promise<HeadText> {
  if (containerOf(path) === 'jsonl') {
    const fh = await fsp.open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const want = Math.min(size, maxBytes);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(buf, 0, want, 0);
      return { text: buf.subarray(0, bytesRead).toString('utf8'), complete: bytesRead >= size };
    } finally {
      await fh.close();
    }
  }
  const parts: Uint8Array[] = [];
  let got = 0;
  let complete = true;
  for await (const chunk of readRolloutChunks(path)) {
    parts.push(chunk);
    got += chunk.length;
    if (got >= maxBytes) {
      complete = false;
      break;
    }
  }
  const all = Buffer.concat(parts);
  return { text: all.subarray(0, Math.min(all.length, maxBytes)).toString('utf8'), complete: complete && all.length <= maxBytes };
}

export interface TailText {
  text: string;
  /** True when the first line of `text` is whole (the window starts at the file's start or after a newline). */
  fromStart: boolean;
}

/**
 * The last `maxBytes` (decompressed) bytes. A zstd stream cannot be read backwards, so for .zst the whole
 * file is decompressed, keeping only a sliding window of the end.
 */
export async function readTail(path: string, maxBytes: number): Promise<TailText> {
  if (containerOf(path) === 'jsonl') {
    const fh = await fsp.open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const start = Math.max(0, size - maxBytes);
      const buf = Buffer.allocUnsafe(size - start);
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      return { text: buf.subarray(0, bytesRead).toString('utf8'), fromStart: start === 0 };
    } finally {
      await fh.close();
    }
  }
  let window: Uint8Array[] = [];
  let held = 0;
  let total = 0;
  for await (const chunk of readRolloutChunks(path)) {
    window.push(chunk);
    held += chunk.length;
    total += chunk.length;
    while (window.length > 1 && held - window[0].length >= maxBytes) held -= window.shift()!.length;
  }
  const all = Buffer.concat(window);
  window = [];
  const cut = Math.max(0, all.length - maxBytes);
  return { text: all.subarray(cut).toString('utf8'), fromStart: total - (all.length - cut) === 0 };
}

/** A buffer for readEnds, reused across files: a session list reads thousands of heads in a row. */
let spare: Buffer | null = null;

/**
 * Head and tail of a rollout with one open and no stat (`size` comes from the folder listing). Plain files
 * are read synchronously: from the page cache that is a few microseconds a file, where the promise API
 * costs far more per call than the copy itself. Callers that list many files yield between them.
 */
export async function readEnds(path: string, size: number, headBytes: number, tailBytes: number): Promise<{ head: HeadText; tail?: TailText }> {
  if (containerOf(path) !== 'jsonl') {
    const head = await readHead(path, headBytes);
    return { head, tail: head.complete ? undefined : await readTail(path, tailBytes) };
  }
  const need = Math.max(headBytes, tailBytes);
  const buf = spare && spare.length >= need ? spare : Buffer.allocUnsafe(need);
  spare = null;
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, Math.min(size, headBytes), 0);
    if (size <= headBytes && n === size) return { head: { text: buf.toString('utf8', 0, n), complete: true } };
    // Only whole lines are worth decoding: the head up to its last newline, the tail from its first.
    const head = { text: buf.toString('utf8', 0, buf.lastIndexOf(10, n - 1) + 1), complete: false };
    const start = Math.max(0, size - tailBytes);
    const m = readSync(fd, buf, 0, size - start, start);
    const from = start === 0 ? 0 : buf.indexOf(10) + 1;
    return { head, tail: { text: from > 0 || start === 0 ? buf.toString('utf8', from, m) : '', fromStart: true } };
  } finally {
    closeSync(fd);
    spare = buf;
  }
}

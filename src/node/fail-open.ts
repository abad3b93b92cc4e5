// Codex waits for its hooks, so ours must never be the reason a session fails or stalls: whatever goes wrong
// (unreadable stdin, a broken vault, a corrupt index, a held lock, a bug), the hook exits 0 with nothing on
// stdout and leaves one line in `<vault>/.codex-memory/log`. Output is written once, at the end, and only
// when the work finished inside its deadline.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { DEFAULT_FOLDERS } from '../core/settings';
import type { CliIO } from '../cli/command';

import { LOG_FILE, logLine } from '../core/delivery/log-file';

export { LOG_FILE };
const LOG_MAX_BYTES = 1024 * 1024;
const LOG_KEEP_BYTES = 256 * 1024;

/** The log beside the vault's program state; null when there is no vault folder to put it in. */
async function logPath(vault: string | undefined): Promise<string | null> {
  if (!vault) return null;
  try {
    if (!(await fs.stat(vault)).isDirectory()) return null;
  } catch {
    return null;
  }
  const dir = path.join(vault, DEFAULT_FOLDERS.stateDir);
  await fs.mkdir(dir, { recursive: true });
  return path.join(dir, LOG_FILE);
}

/** Appends one timestamped line; keeps the log bounded. Never throws. */
export async function appendLog(vault: string | undefined, line: string, now = new Date()): Promise<void> {
  try {
    const file = await logPath(vault);
    if (!file) return;
    const size = await fs.stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > LOG_MAX_BYTES) {
      const text = await fs.readFile(file, 'utf8');
      const tail = text.slice(-LOG_KEEP_BYTES);
      await fs.writeFile(file, tail.slice(tail.indexOf('\n') + 1));
    }
    await fs.appendFile(file, logLine(line, now));
  } catch {
    // Nowhere left to report to; staying silent is the contract.
  }
}

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`gave up after ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** Resolves with the stream's whole text, or rejects when it is a terminal, too big, or silent for too long. */
export function readAll(stream: NodeJS.ReadableStream, opts: { timeoutMs: number; maxBytes: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    if ((stream as NodeJS.ReadStream).isTTY) {
      reject(new Error('stdin is a terminal; a hook expects the JSON Codex sends'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err: Error | null) => {
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if (err) {
        stream.pause();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size > opts.maxBytes) finish(new Error(`stdin is larger than ${opts.maxBytes} bytes`));
      else chunks.push(b);
    };
    const onEnd = () => finish(null);
    const onError = (e: Error) => finish(new Error(`stdin could not be read (${e.message})`));
    const timer = setTimeout(() => finish(new Error(`stdin did not close within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/**
 * Sends console output to stderr: stdout belongs to Codex (a hook's JSON body, or the MCP protocol), and a
 * stray log line from any module would corrupt it. Only in the real process; tests capture their own streams.
 */
export function keepStdoutClean(io: CliIO): void {
  if (io.stdout !== process.stdout) return;
  const toStderr = (...args: unknown[]) => {
    process.stderr.write(`${format(...args)}\n`);
  };
  Object.assign(console, { log: toStderr, info: toStderr, debug: toStderr });
}

export interface FailOpenOptions {
  vault?: string;
  /** e.g. 'hook session-start', at the start of each log line. */
  label: string;
  deadlineMs: number;
  /** Called when the deadline passes, before the process ends: hand the unfinished work to someone else. */
  onDeadline?: () => void;
}

/**
 * Runs `work` and prints what it returns; any failure or a missed deadline prints nothing and is logged.
 * Always exit code 0. In the real process a missed deadline also ends it, so a hung step cannot hold Codex.
 */
export async function runFailOpen(io: CliIO, opts: FailOpenOptions, work: () => Promise<string | null>): Promise<number> {
  keepStdoutClean(io);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(opts.deadlineMs)), opts.deadlineMs);
  });
  try {
    const out = await Promise.race([work(), deadline]);
    if (out) io.stdout.write(out);
  } catch (err) {
    await appendLog(opts.vault, `${opts.label}: ${describe(err)}`);
    if (err instanceof DeadlineError) {
      try {
        opts.onDeadline?.();
      } catch {
        // Handing off is best effort.
      }
      if (io.stdout === process.stdout) process.exit(0);
    }
  } finally {
    clearTimeout(timer);
  }
  return 0;
}

/** The message; for a JavaScript bug (TypeError …) its kind too, which is what a bug report needs. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const bug = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'].includes(err.name);
  return bug ? `${err.name}: ${err.message}` : err.message;
}

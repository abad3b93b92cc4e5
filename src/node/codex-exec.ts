// Runs the user's `codex exec` for the codex distiller: the JSON schema goes to a temp file for
// --output-schema, the prompt goes in on stdin, the answer comes back through --output-last-message (or
// stdout). It runs read-only, without a rollout of its own (--ephemeral), in an empty temp directory so no
// project's AGENTS.md leaks in, and with CODEX_MEMORY_DISTILLING=1 so our own hooks stay out of it.
import { DISTILLING_ENV } from '../core/delivery/hook-input';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodexExecRequest, CodexExecResult, CodexRunner } from '../core/distill/codex';
import { DistillError } from '../core/distill/errors';

export interface CodexExecOptions {
  /** The executable; `codex` on PATH by default. */
  command?: string;
  env?: NodeJS.ProcessEnv;
  /** Give up (and stop the process) after this long. */
  timeoutMs?: number;
  /** Passed as --model; the user's Codex default otherwise. */
  model?: string;
}

const KEEP_BYTES = 1 << 20;

/** Keeps the last KEEP_BYTES of a stream: enough for any answer and the error lines that matter. */
function collector() {
  let chunks: Buffer[] = [];
  let size = 0;
  return {
    push(c: Buffer) {
      chunks.push(c);
      size += c.length;
      while (size > KEEP_BYTES && chunks.length > 1) size -= chunks.shift()!.length;
    },
    text: () => {
      const s = Buffer.concat(chunks).toString('utf8');
      chunks = [];
      return s;
    },
  };
}

function codexExecArgs(schemaFile: string, lastFile: string, model?: string): string[] {
  return [
    'exec',
    '--ephemeral',
    '--skip-git-repo-check',
    '--sandbox',
    'read-only',
    '--color',
    'never',
    '--output-schema',
    schemaFile,
    '--output-last-message',
    lastFile,
    ...(model ? ['--model', model] : []),
    '-',
  ];
}

export function createCodexExecRunner(opts: CodexExecOptions = {}): CodexRunner {
  const command = opts.command ?? (process.platform === 'win32' ? 'codex.cmd' : 'codex');
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;

  return async (req: CodexExecRequest): Promise<CodexExecResult> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codex-memory-distill-'));
    try {
      const schemaFile = path.join(dir, 'learnings.schema.json');
      const lastFile = path.join(dir, 'last-message.txt');
      await writeFile(schemaFile, JSON.stringify(req.schema, null, 2));
      const res = await run(command, codexExecArgs(schemaFile, lastFile, opts.model), dir, req, opts.env, timeoutMs);
      const lastMessage = await readFile(lastFile, 'utf8').catch(() => undefined);
      return { ...res, lastMessage };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function run(
  command: string,
  args: string[],
  cwd: string,
  req: CodexExecRequest,
  env: NodeJS.ProcessEnv | undefined,
  timeoutMs: number,
): Promise<Omit<CodexExecResult, 'lastMessage'>> {
  return new Promise((resolve, reject) => {
    const win = process.platform === 'win32';
    const child = spawn(command, win ? args.map((a) => (/\s/.test(a) ? `"${a}"` : a)) : args, {
      cwd,
      env: { ...(env ?? process.env), [DISTILLING_ENV]: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: win,
      windowsHide: true,
    });
    const out = collector();
    const err = collector();
    let stoppedFor: DistillError | null = null;
    const stop = (why: DistillError) => {
      if (stoppedFor) return;
      stoppedFor = why;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(
      () => stop(new DistillError('timeout', `\`codex exec\` did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`)),
      timeoutMs,
    );
    const onAbort = () => stop(new DistillError('aborted', 'Distilling was cancelled.'));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // A codex that exits before reading its stdin closes the pipe; the exit code tells what happened.
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      if (e.code === 'ENOENT') {
        reject(
          new DistillError(
            'codex-missing',
            'The `codex` command was not found on PATH. Install the Codex CLI (npm install -g @openai/codex) and sign in with `codex login`, or use the offline or openai distiller.',
          ),
        );
      } else if (e.code === 'EACCES') {
        reject(new DistillError('codex-missing', `\`${command}\` is not executable (EACCES).`));
      } else {
        reject(new DistillError('codex-failed', `Could not start \`${command}\`: ${e.message}`));
      }
    });
    child.on('close', (code, signal) => {
      done();
      if (stoppedFor) return reject(stoppedFor);
      resolve({ exitCode: code, signal, stdout: out.text(), stderr: err.text() });
    });
    if (req.signal?.aborted) onAbort();
    child.stdin.end(req.prompt);
  });
}

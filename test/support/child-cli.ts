// Runs the built CLI (dist/cli.js) as a child process, the way Codex runs a hook or an MCP server:
// JSON on stdin, stdout and stderr captured, wall time measured from spawn to exit.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { SERVER_ENV } from '../../src/node/recall-server/address';

export const builtCli = path.resolve(__dirname, '../../dist/cli.js');

/** Fails loudly (not a skip) when the CLI has not been built: these tests are about the built program. */
export function requireBuiltCli(): string {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run \`npm run build\` before these tests`);
  return builtCli;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ChildOptions {
  /** Written to stdin, which is then closed; `null` leaves stdin open (a client that never closes it). */
  stdin?: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill after this long (the test then sees signal SIGKILL). */
  killAfterMs?: number;
}

export function runBuiltCli(args: string[], opts: ChildOptions = {}): Promise<ChildResult> {
  const cli = requireBuiltCli();
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd,
      // The recall server (src/node/recall-server/) is off unless a test turns it on: each test then takes one
      // known path, and no server outlives a test's vault (test/cli/recall-server.test.ts runs it).
      env: { PATH: process.env.PATH, HOME: process.env.HOME, [SERVER_ENV]: 'off', ...(opts.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = opts.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    if (opts.stdin === null) return;
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

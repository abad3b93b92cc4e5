// Runs the CLI in-process with real streams captured, for tests. Real temp dirs, real commands.
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run';
import { SERVER_ENV } from '../../src/node/recall-server/address';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string; isTTY?: boolean } = {},
): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await runCli(argv, {
    stdout: out,
    stderr: err,
    stdin: Readable.from([opts.stdin ?? '']),
    // No recall server from in-process runs (see child-cli.ts): test/cli/recall-server.test.ts runs it.
    env: { [SERVER_ENV]: 'off', ...(opts.env ?? {}) },
    cwd: opts.cwd ?? process.cwd(),
    isTTY: opts.isTTY ?? false,
  });
  return { code, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
}

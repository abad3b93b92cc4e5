// The contract every `codex-memory` sub-command implements. Commands get their streams and environment
// injected so tests can run them in-process against real temp directories.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stdout and stdin are a terminal (interactive prompts are allowed). */
  isTTY: boolean;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** e.g. 'sessions' or 'hook' (sub-actions are positionals). */
  name: string;
  summary: string;
  /** Usage lines shown by --help, without the leading 'codex-memory '. */
  usage: string;
  /** Longer help text (options, examples). */
  help?: string;
  options: OptionSpec;
  /**
   * Exit code for wrong words on the command line, when 2 would do harm: Codex reads exit 2 from a Stop hook
   * as "keep the turn going", so `hook` uses 0.
   */
  usageExitCode?: number;
  /** Returns the exit code: 0 success, 1 failure, 2 usage. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** A failure the user can act on: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong words on the command line: exit 2 with the command's usage. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, ...cmd.options },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireOpt(args: ParsedArgs, name: string): string {
  const v = stringOpt(args, name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

export function intOpt(args: ParsedArgs, name: string, fallback: number): number {
  const v = stringOpt(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} takes a positive whole number, not "${v}"`);
  return n;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

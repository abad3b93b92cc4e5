// Dispatches argv to a command. Separate from main.ts so tests can run the CLI in-process.
import { CliError, parseCommandArgs, type CliIO, type Command } from './command';

import { VERSION } from '../core/version';

export { VERSION };

function commandHelp(cmd: Command): string {
  const usage = cmd.usage
    .split('\n')
    .map((l) => `  codex-memory ${l}`)
    .join('\n');
  return `${cmd.summary}\n\nUsage:\n${usage}\n${cmd.help ? `\n${cmd.help.trimEnd()}\n` : ''}`;
}

export function mainHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return (
    `codex-memory ${VERSION}: a memory for OpenAI Codex sessions, kept in your Obsidian vault.\n\n` +
    `Usage: codex-memory <command> [options]    (codex-memory <command> --help for details)\n\nCommands:\n${rows}\n`
  );
}

/**
 * The commands a run needs. Loaded on demand: `hook` is what Codex runs at every session start, so it loads only
 * its own module instead of every command's dependencies (the tokenizer tables, the MCP SDK, the openai SDK);
 * `session` too, since reading one rollout should cost the read, not a tenth of a second of loading.
 */
export async function commandsFor(name: string | undefined): Promise<Command[]> {
  if (name === 'hook') return [(await import('./commands/hook')).hookCommand];
  if (name === 'session') return [(await import('./commands/session')).sessionCommand];
  return (await import('./commands/index')).commands;
}

export async function runCli(argv: string[], io: CliIO, given?: Command[]): Promise<number> {
  const commands = given ?? (await commandsFor(argv[0]));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? commandHelp(target) : mainHelp(commands));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`codex-memory: unknown command "${name}". Run codex-memory --help for the list.\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      io.stdout.write(commandHelp(cmd));
      return 0;
    }
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`codex-memory ${cmd.name}: ${err.message}\n`);
      if (err.exitCode === 2)
        io.stderr.write(
          `Usage:\n${cmd.usage
            .split('\n')
            .map((l) => `  codex-memory ${l}`)
            .join('\n')}\n`,
        );
      return err.exitCode === 2 ? (cmd.usageExitCode ?? 2) : err.exitCode;
    }
    // Unexpected: one clear line; the stack only when asked for.
    const e = err as Error;
    io.stderr.write(`codex-memory ${cmd.name}: ${e.message}\n`);
    if (io.env.CODEX_MEMORY_DEBUG) io.stderr.write(`${e.stack ?? ''}\n`);
    return 1;
  }
}

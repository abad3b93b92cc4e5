// `codex-memory session (FILE | THREAD_ID)`: one parsed session, as a readable transcript or as JSON.
import { NotARolloutError } from '../../core/codex/rollout-parser';
import { renderTranscript, sessionJson } from '../../core/codex/thread-view';
import { CodexHomeError, resolveCodexHome } from '../../node/codex-home';
import { locateRollout, readThread, SessionNotFoundError } from '../../node/find-session';
import { CorruptArchiveError } from '../../node/rollout-source';
import { CliError, flag, stringOpt, UsageError, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

/** The failures a person can act on, as one-line CLI errors. */
function clear(err: unknown): unknown {
  if (err instanceof SessionNotFoundError || err instanceof CodexHomeError || err instanceof NotARolloutError || err instanceof CorruptArchiveError) {
    return new CliError(err.message);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOENT') return new CliError((err as Error).message);
  return err;
}

export const sessionCommand: Command = {
  name: 'session',
  summary: 'Show one parsed Codex session (transcript or JSON)',
  usage: 'session (ROLLOUT_FILE | THREAD_ID) [--codex-home DIR] [--json]',
  help: `Options:
  --codex-home DIR  where to look a thread id up (default: $CODEX_HOME, else ~/.codex)
  --json            {thread, path, format, cwd, model, started, branch, commit, remote,
                     counts:{user_prompts, turns, tool_calls, final_answers, invalid_lines},
                     prompts, final_answers, files_changed, redactions, …}

The transcript shows what you typed, the commands and file changes, and the answers. Context Codex injected
(AGENTS.md, environment, permissions, hook output) is left out, and secrets are replaced by [REDACTED:kind].`,
  options: {
    'codex-home': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const target = args.positionals[0];
    if (!target) throw new UsageError('give a rollout file or a thread id');
    if (args.positionals.length > 1) throw new UsageError(`one session at a time (got ${args.positionals.length})`);
    const home = resolveCodexHome({ flag: stringOpt(args, 'codex-home'), env: io.env });
    try {
      const thread = await readThread(await locateRollout(target, home, io.cwd), home);
      if (flag(args, 'json')) writeJson(io, sessionJson(thread));
      else io.stdout.write(renderTranscript(thread));
      return 0;
    } catch (err) {
      throw clear(err);
    }
  },
};

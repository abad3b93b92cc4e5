// `codex-memory session (FILE | THREAD_ID)`: one parsed session, as a readable transcript or as JSON.
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { NotARolloutError } from '../../core/codex/rollout-parser';
import { redact } from '../../core/security/redact';
import { renderTranscript, sessionJson } from '../../core/codex/thread-view';
import type { Thread } from '../../core/codex/thread';
import { CodexHomeError, findRolloutByThread, readSessionNames, resolveCodexHome } from '../../node/codex-home';
import { CorruptArchiveError, parseRolloutFile } from '../../node/rollout-source';
import { CliError, flag, stringOpt, UsageError, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

const THREAD_ID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){0,3}(?:-[0-9a-f]{0,12})?$/i;

async function statOrNull(path: string): Promise<import('node:fs').Stats | null> {
  return fsp.stat(path).catch(() => null);
}

/** The rollout path for FILE or THREAD_ID; a clear CliError when there is none. */
export async function locate(target: string, home: string, cwd: string): Promise<string> {
  const asPath = resolve(cwd, target);
  const st = await statOrNull(asPath);
  if (st?.isDirectory()) throw new CliError(`${asPath} is a folder; give a rollout file (rollout-….jsonl) or a thread id`);
  if (st?.isFile()) return asPath;
  if (!THREAD_ID.test(target)) throw new CliError(`No such file: ${asPath}`);
  let found;
  try {
    found = await findRolloutByThread(home, target);
  } catch (err) {
    if (err instanceof CodexHomeError) throw new CliError(err.message);
    throw err;
  }
  if (!found) throw new CliError(`No session with thread id ${target} in ${home}. Run codex-memory sessions to see them.`);
  return found.path;
}

export async function parse(path: string): Promise<Thread> {
  try {
    return await parseRolloutFile(path);
  } catch (err) {
    if (err instanceof NotARolloutError || err instanceof CorruptArchiveError) throw new CliError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOENT') throw new CliError(`Cannot read ${path} (${code})`);
    throw err;
  }
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
    const path = await locate(target, home, io.cwd);
    const thread = await parse(path);
    if (!thread.name) {
      const names = await readSessionNames(home).catch(() => new Map<string, string>());
      const name = names.get(thread.id);
      if (name) thread.name = redact(name).text;
    }
    if (flag(args, 'json')) writeJson(io, sessionJson(thread));
    else io.stdout.write(renderTranscript(thread));
    return 0;
  },
};

// One session from what a person types: a rollout file, a thread id (or a unique prefix of one), or "the
// latest". Shared by `session`, `checkpoint` and the hooks so they all fail the same clear way.
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import type { Thread } from '../core/codex/thread';
import { redact } from '../core/security/redact';
import { findRolloutByThread, findRolloutFiles, readSessionNames } from './codex-home';
import { parseRolloutFile } from './rollout-source';

/** No rollout matches what was asked for. */
export class SessionNotFoundError extends Error {
  readonly code = 'SESSION_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'SessionNotFoundError';
  }
}

const THREAD_ID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){0,3}(?:-[0-9a-f]{0,12})?$/i;

/** The rollout path for a file path (relative to `cwd`) or a thread id looked up in `home`. */
export async function locateRollout(target: string, home: string, cwd: string): Promise<string> {
  const asPath = resolve(cwd, target);
  const st = await fsp.stat(asPath).catch(() => null);
  if (st?.isDirectory()) throw new SessionNotFoundError(`${asPath} is a folder; give a rollout file (rollout-….jsonl) or a thread id`);
  if (st?.isFile()) return asPath;
  if (!THREAD_ID.test(target)) throw new SessionNotFoundError(`No such file: ${asPath}`);
  const found = await findRolloutByThread(home, target);
  if (!found) throw new SessionNotFoundError(`No session with thread id ${target} in ${home}. Run codex-memory sessions to see them.`);
  return found.path;
}

/** The rollout written to most recently, or a SessionNotFoundError when `home` has none. */
export async function latestRollout(home: string): Promise<string> {
  const files = await findRolloutFiles(home);
  if (!files.length) throw new SessionNotFoundError(`No Codex sessions in ${home}`);
  return files.reduce((a, b) => (b.mtime.getTime() > a.mtime.getTime() ? b : a)).path;
}

/** Parses a rollout and names it from `home`'s session_index.jsonl when the file itself carries no name. */
export async function readThread(path: string, home?: string): Promise<Thread> {
  const thread = await parseRolloutFile(path);
  if (!thread.name && home) {
    const name = (await readSessionNames(home).catch(() => new Map<string, string>())).get(thread.id);
    if (name) thread.name = redact(name).text;
  }
  return thread;
}

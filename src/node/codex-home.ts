// Finds Codex's sessions on disk: $CODEX_HOME (or the setting, or ~/.codex), its dated sessions/ tree and
// the flat archived_sessions/ folder. A session's identity is its thread id, not its path.
import { createReadStream, promises as fsp, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { threadIdFromFileName } from './rollout-source';

export interface CodexHomeSources {
  /** --codex-home on the command line. */
  flag?: string;
  /** The plugin/CLI setting (empty means unset). */
  setting?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** --codex-home, else the setting (when set), else $CODEX_HOME, else ~/.codex. */
export function resolveCodexHome(src: CodexHomeSources = {}): string {
  const env = src.env ?? process.env;
  const chosen = src.flag || src.setting || env.CODEX_HOME || join(src.home ?? homedir(), '.codex');
  return resolve(chosen.replace(/^~(?=$|[/\\])/, src.home ?? homedir()));
}

/** The Codex home folder is missing or holds no sessions. */
export class CodexHomeError extends Error {
  readonly code = 'CODEX_HOME';
  constructor(
    readonly home: string,
    message: string,
  ) {
    super(message);
    this.name = 'CodexHomeError';
  }
}

export interface RolloutFile {
  threadId: string;
  path: string;
  container: 'jsonl' | 'jsonl.zst';
  size: number;
  mtime: Date;
  archived: boolean;
}

const ROLLOUT_NAME = /^rollout-.*\.jsonl(?:\.zst)?$/;

async function listDir(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

async function collect(dir: string, depth: number, archived: boolean, out: RolloutFile[]): Promise<void> {
  const entries = await listDir(dir);
  await Promise.all(
    entries.map(async (e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth > 0) await collect(path, depth - 1, archived, out);
        return;
      }
      if (!e.isFile() || !ROLLOUT_NAME.test(e.name)) return;
      const threadId = threadIdFromFileName(e.name);
      if (!threadId) return;
      // Synchronous: a thousand stats through the promise API cost more than the stats themselves.
      const st = statSync(path, { throwIfNoEntry: false });
      if (st) out.push({ threadId, path, container: e.name.endsWith('.zst') ? 'jsonl.zst' : 'jsonl', size: st.size, mtime: st.mtime, archived });
    }),
  );
}

function better(a: RolloutFile, b: RolloutFile): RolloutFile {
  // The plain file wins over its compressed twin; otherwise the most recently written copy.
  if (a.container !== b.container) return a.container === 'jsonl' ? a : b;
  return a.mtime.getTime() >= b.mtime.getTime() ? a : b;
}

/** Every rollout under sessions/ (YYYY/MM/DD) and archived_sessions/, one per thread id. */
export async function findRolloutFiles(home: string): Promise<RolloutFile[]> {
  const st = await fsp.stat(home).catch(() => null);
  if (!st?.isDirectory()) {
    throw new CodexHomeError(home, `No Codex home at ${home}. Set CODEX_HOME or pass --codex-home DIR.`);
  }
  const found: RolloutFile[] = [];
  await collect(join(home, 'sessions'), 3, false, found);
  await collect(join(home, 'archived_sessions'), 0, true, found);
  const byId = new Map<string, RolloutFile>();
  for (const f of found) {
    const prev = byId.get(f.threadId);
    byId.set(f.threadId, prev ? better(prev, f) : f);
  }
  return [...byId.values()];
}

/** Thread names from session_index.jsonl ({id, thread_name, updated_at} per line); the last entry wins. */
export async function readSessionNames(home: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const path = join(home, 'session_index.jsonl');
  const st = await fsp.stat(path).catch(() => null);
  if (!st?.isFile()) return names;
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as { id?: unknown; thread_name?: unknown };
      if (typeof o.id === 'string' && typeof o.thread_name === 'string') {
        // A later rename replaces an earlier one; Map keeps first-insertion order, so re-insert.
        names.delete(o.id.toLowerCase());
        names.set(o.id.toLowerCase(), o.thread_name);
      }
    } catch {
      // a half-written last line while Codex appends: ignore it
    }
  }
  return names;
}

/** The rollout of one thread, or undefined. Accepts a unique prefix of the id as well. */
export async function findRolloutByThread(home: string, threadId: string): Promise<RolloutFile | undefined> {
  const want = threadId.toLowerCase();
  const files = await findRolloutFiles(home);
  const exact = files.find((f) => f.threadId === want);
  if (exact) return exact;
  if (want.length < 8) return undefined;
  const prefixed = files.filter((f) => f.threadId.startsWith(want));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

// Where a vault's recall server listens: a Unix socket in a folder only this user can enter. (None on Windows,
// where a named pipe would need its own access rules to be as private; hooks there work in-process.) The name ties it to the vault, to this build of the CLI and to the environment recall reads
// (keys, endpoints), so a hook never talks to a server of another build or with another key: after an
// upgrade the old server just runs out its idle time.
import { lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { contentHash } from '../../core/recall/hash';
import { builtCliPath } from '../self-path';

/** `off` turns the server off for a process and its children (tests that must take one path, a person). */
export const SERVER_ENV = 'CODEX_MEMORY_RECALL_SERVER';

const SOCKET_PREFIX = 'recall-';

export function serverAllowed(env: NodeJS.ProcessEnv): boolean {
  return env[SERVER_ENV] !== 'off';
}

/** This build: the built entry's stamp (every build rewrites it). Null when there is no built CLI. */
function buildId(): string | null {
  const cli = builtCliPath();
  if (!cli) return null;
  try {
    const st = statSync(path.join(path.dirname(cli), 'esm', 'main.mjs'));
    return `${cli}:${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

/** What of the environment recall depends on (embeddings keys and endpoint, model overrides). */
function envKey(env: NodeJS.ProcessEnv): string {
  return Object.keys(env)
    .filter((k) => (k.startsWith('OPENAI_') || k.startsWith('CODEX_MEMORY_')) && k !== SERVER_ENV)
    .sort()
    .map((k) => `${k}=${env[k]}`)
    .join('\n');
}

/**
 * The folder for this user's sockets, made 0700; null when it exists but is not this user's alone (then no
 * server is used: another user could otherwise listen in the vault's name).
 */
function privateDir(): string | null {
  const uid = process.getuid?.();
  const dir = path.join(tmpdir(), `codex-memory-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}

/** The socket (or pipe) for this vault, build and environment; null when no server can be used. */
export function serverAddress(vaultRoot: string, env: NodeJS.ProcessEnv): string | null {
  const build = buildId();
  if (!build) return null;
  const key = contentHash(`${path.resolve(vaultRoot)}\0${build}\0${envKey(env)}`);
  if (process.platform === 'win32') return null;
  const dir = privateDir();
  return dir && path.join(dir, `${SOCKET_PREFIX}${key}.sock`);
}

/** Every recall server socket of this user (any vault, build or environment). */
export function allServerAddresses(): string[] {
  const dir = process.platform === 'win32' ? null : privateDir();
  if (!dir) return [];
  try {
    return readdirSync(dir)
      .filter((f) => f.startsWith(SOCKET_PREFIX) && f.endsWith('.sock'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

// The hook's side of the recall server (serve.ts): ask it, and start it when it is not there. Asking costs a
// connection attempt (a missing socket fails at once); whatever goes wrong on the way, the hook does the work
// itself, so a server that died, hangs up, fails or belongs to nobody never leaves Codex without memory.
import { existsSync, realpathSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import * as path from 'node:path';
import { spawnDetachedCli } from '../detached';
import { allServerAddresses, serverAddress } from './address';
import { readLine, type RecallReply, type RecallRequest } from './wire';

/** Longer than this to accept a connection means the server is stuck: the hook goes on without it. */
const CONNECT_MS = 250;

/**
 * A connection to the vault's recall server, or null when there is none, it refuses, or it does not accept
 * within CONNECT_MS. Errors after connecting are the caller's to notice (a listener keeps them from crashing).
 */
export function connectToServer(address: string | null): Promise<Socket | null> {
  if (!address || !existsSync(address)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const sock = createConnection(address);
    sock.on('error', () => resolve(null));
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(null);
    }, CONNECT_MS);
    sock.once('connect', () => {
      clearTimeout(timer);
      resolve(sock);
    });
  });
}

/** The server's answer, or null when there is no server to answer (then the hook works in-process). */
export async function askRecallServer(vaultRoot: string, req: RecallRequest, env: NodeJS.ProcessEnv): Promise<{ out: string | null } | null> {
  const body = await exchange(serverAddress(vaultRoot, env), req);
  if (!body) return null;
  // An error there is worked out here again: the server never answers worse than the hook alone would.
  return 'out' in body ? { out: typeof body.out === 'string' ? body.out : null } : null;
}

/** Sends one request and reads the reply; null when the server is not there or does not answer whole. */
async function exchange(address: string | null, req: RecallRequest): Promise<RecallReply | null> {
  const sock = await connectToServer(address);
  if (!sock) return null;
  sock.write(`${JSON.stringify(req)}\n`);
  try {
    return JSON.parse(await readLine(sock)) as RecallReply;
  } catch {
    return null;
  } finally {
    sock.destroy();
  }
}

/**
 * Stops the recall servers of these vaults, whatever build or environment started them (each socket is asked;
 * a server of another vault, or of an older build that knows no `stop`, stays). Resolves how many stopped.
 */
export async function stopRecallServers(vaultRoots: string[]): Promise<number> {
  if (vaultRoots.length === 0) return 0;
  const vaults = [...new Set(vaultRoots.flatMap((v) => [path.resolve(v), realOrSelf(v)]))];
  const replies = await Promise.all(allServerAddresses().map((a) => exchange(a, { event: 'stop', input: '', cwd: '', vaults })));
  return replies.filter((r) => r && 'out' in r && r.out === 'stopped').length;
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Whether a server accepts at `address` within CONNECT_MS (one that does not serves no hook anyway). */
export async function serverListening(address: string | null): Promise<boolean> {
  const sock = await connectToServer(address);
  sock?.destroy();
  return sock !== null;
}

/** Whether the vault's recall server (for this build and environment) is listening. */
export function recallServerRunning(vaultRoot: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return serverListening(serverAddress(vaultRoot, env));
}

/** Starts the vault's recall server in the background (it exits at once if one is already listening). */
export function startRecallServer(vaultRoot: string): void {
  // It outlives the session: run it from the vault, not from the session's repository.
  spawnDetachedCli(['hook', 'serve', '--vault', vaultRoot], vaultRoot);
}

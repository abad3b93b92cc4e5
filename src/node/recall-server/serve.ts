// `codex-memory hook serve --vault DIR`: the recall server. A hook is a fresh process each time, and at 10k
// notes most of a prompt's wait was that process loading the code, the index and the tokenizer again. The
// server is the same hooks with that kept warm: a session start (or the first prompt) starts it detached, each
// recall hook asks it first and works in-process only when it is not there. Every answer is computed by the
// same functions from the notes as they are then (src/node/held-index.ts), one request at a time, so a hook
// answered by the server prints exactly what it would have printed alone.
//
// It goes away by itself: after IDLE_MS with no request, when its vault folder is gone, or when the vault's
// recallServer setting is turned off; and on SIGTERM. It logs when it starts and stops, with how many
// requests it answered, in the vault's `.codex-memory/log`.
import { existsSync, chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { isHookEvent, parseHookInput, type HookEvent } from '../../core/delivery/hook-input';
import { loadTokenCounter } from '../../core/recall/budget';
import { spawnDetachedCli } from '../detached';
import { appendLog } from '../fail-open';
import { HeldIndex } from '../held-index';
import { openNodeVault } from '../open-vault';
import { serverAddress } from './address';
import { serverListening } from './client';
import { readLine, type RecallRequest, type RecallReply } from './wire';

/** How long the server waits for the next request before it exits. */
export const IDLE_MS = 15 * 60_000;
const VAULT_CHECK_MS = 2000;

export interface ServeOptions {
  env: NodeJS.ProcessEnv;
  /** Overrides IDLE_MS (tests). */
  idleMs?: number;
}

function reply(sock: Socket, body: RecallReply): void {
  sock.end(`${JSON.stringify(body)}\n`);
}

/** Listens at `address`; a socket left by a server that died is taken over, a live one means we are not needed. */
function listen(server: Server, address: string): Promise<boolean> {
  const attempt = () =>
    new Promise<NodeJS.ErrnoException | null>((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
      server.listen(address, () => resolve(null));
    });
  return (async () => {
    let err = await attempt();
    if (err?.code === 'EADDRINUSE' && !(await serverListening(address))) {
      unlinkSync(address);
      err = await attempt();
    }
    if (err) return false;
    chmodSync(address, 0o600);
    return true;
  })();
}

/** Serves recall for the vault until idle; resolves when the server has closed. */
export async function serveRecall(vaultDir: string, opts: ServeOptions): Promise<void> {
  const root = path.resolve(vaultDir);
  const address = serverAddress(root, opts.env);
  if (!address) return;
  const held = new HeldIndex();
  const idleMs = opts.idleMs ?? IDLE_MS;
  let queue: Promise<void> = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  let closing = false;
  let served = 0;

  const server = createServer();
  const close = () => {
    if (closing) return;
    closing = true;
    clearTimeout(idle);
    clearInterval(watch);
    server.close();
  };
  const touch = () => {
    clearTimeout(idle);
    if (closing) return;
    idle = setTimeout(close, idleMs);
  };
  // A vault that is gone (a test's temp folder, a vault moved away) has nothing left to serve, and one whose
  // recallServer setting was turned off (the plugin's toggle) wants no server: it goes now, not when idle.
  const watch = setInterval(() => {
    if (!existsSync(root)) return close();
    openNodeVault(root).then(
      (vault) => {
        if (!vault.settings.recallServer) close();
      },
      () => undefined,
    );
  }, VAULT_CHECK_MS);

  const answer = async (req: RecallRequest): Promise<RecallReply> => {
    if (req.event === 'stop') {
      // `hooks uninstall`: only the vaults it names; the hooks that would use this server are gone.
      if (!(req.vaults ?? []).some((v) => path.resolve(v) === root)) return { error: 'a server of another vault' };
      await appendLog(root, 'recall server: asked to stop (hooks uninstalled)');
      close();
      return { out: 'stopped' };
    }
    const vault = await openNodeVault(root);
    if (!vault.settings.recallServer) {
      close();
      return { error: 'the recall server is off for this vault (recallServer setting)' };
    }
    const event: HookEvent | null = isHookEvent(req.event) ? req.event : null;
    if (event !== 'session-start' && event !== 'user-prompt-submit') return { error: `no recall for "${req.event}"` };
    served++;
    const input = parseHookInput(event, req.input);
    const cwd = path.resolve(req.cwd, input.cwd ?? '.');
    const handOff = () => void spawnDetachedCli(['hook', 'warm', '--vault', root, '--cwd', cwd]);
    try {
      if (event === 'session-start') {
        const { sessionStartOutput } = await import('../session-start-hook');
        return { out: await sessionStartOutput(root, input, cwd, handOff, held) };
      }
      const { userPromptSubmitOutput } = await import('../prompt-hook');
      return { out: await userPromptSubmitOutput(root, input, cwd, handOff, held) };
    } finally {
      held.release();
    }
  };

  server.on('connection', (sock) => {
    touch();
    // A hook that gave up hangs up; that is not the server's failure.
    sock.on('error', () => undefined);
    readLine(sock)
      .then((line) => {
        const req = JSON.parse(line) as RecallRequest;
        const turn = queue.then(() => answer(req));
        queue = turn.then(
          () => undefined,
          () => undefined,
        );
        return turn;
      })
      .then(
        (body) => reply(sock, body),
        (err: unknown) => reply(sock, { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(touch);
  });

  if (!(await listen(server, address))) {
    clearInterval(watch);
    return;
  }
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  // Nobody reads a detached process's stderr: a crash is told in the vault's log, and hooks work alone
  // (the next one starts a new server).
  process.once('uncaughtException', (err) => {
    void appendLog(root, `recall server: stopped by an error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`).finally(() =>
      process.exit(1),
    );
  });
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  touch();
  await appendLog(root, `recall server: listening (pid ${process.pid})`);
  // Ready before the first prompt: the index checked and its engine loaded, the tokenizer compiled.
  queue = queue.then(async () => {
    try {
      const vault = await openNodeVault(root);
      const index = await held.get(vault, 'folders');
      void index.fullText;
      await loadTokenCounter();
    } catch {
      // the first request tries again, and reports
    } finally {
      held.release();
    }
  });
  await closed;
  await appendLog(root, `recall server: stopped after ${served} request${served === 1 ? '' : 's'} (pid ${process.pid})`);
}

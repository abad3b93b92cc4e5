// `codex-memory hook session-start|user-prompt-submit|stop|session-end --vault DIR`: what Codex runs from hooks.json. Every path
// is fail-open (see src/node/fail-open.ts): Codex sees either the hook's proper output or nothing, exit 0.
// Each action loads only what it needs, when it runs: the pack needs the tokenizer, the drain the
// checkpoint; a Stop hook needs neither and must return at once.
import * as path from 'node:path';
import { DISTILLING_ENV, parseHookInput, isHookEvent, type HookEvent } from '../../core/delivery/hook-input';
import { spawnDetachedCli } from '../../node/detached';
import { serverAllowed } from '../../node/recall-server/address';
import { appendLog, readAll, runFailOpen } from '../../node/fail-open';
import { UsageError, requireOpt, stringOpt, type CliIO, type Command, type ParsedArgs } from '../command';

const STDIN_TIMEOUT_MS = 2000;
const STDIN_MAX_BYTES = 4 * 1024 * 1024;
/**
 * Well under Codex's own timeout for each entry (see hooks-config.ts). A session start never waits longer than
 * this for memory: past it, the index is finished by a detached `hook warm` and the next session gets it.
 */
const DEADLINE_MS: Record<HookEvent, number> = { 'session-start': 3000, 'user-prompt-submit': 2000, stop: 3000, 'session-end': 2000 };

async function readRaw(io: CliIO): Promise<string> {
  return readAll(io.stdin, { timeoutMs: STDIN_TIMEOUT_MS, maxBytes: STDIN_MAX_BYTES });
}

async function readInput(io: CliIO, event: HookEvent) {
  return parseHookInput(event, await readRaw(io));
}

/** Builds the index and the pack for `cwd` in a detached `hook warm`, for the next session to find ready. */
function warmInBackground(vault: string, cwd: string): void {
  spawnDetachedCli(['hook', 'warm', '--vault', vault, '--cwd', cwd]);
}

/**
 * SessionStart (the pack for the session's project) and each prompt (what it calls for that the session does
 * not hold yet): answered by the vault's recall server when one is running (src/node/recall-server/), else
 * here, after which one is started for the prompts to come.
 */
async function recall(
  io: CliIO,
  event: 'session-start' | 'user-prompt-submit',
  vault: string,
  started: (cwd: string) => void,
): Promise<string | null> {
  const raw = await readRaw(io);
  const input = parseHookInput(event, raw);
  const cwd = path.resolve(io.cwd, input.cwd ?? '.');
  started(cwd);
  const server = serverAllowed(io.env) ? await import('../../node/recall-server/client') : null;
  const served = server && (await server.askRecallServer(vault, { event, input: raw, cwd: io.cwd }, io.env));
  if (served) return served.out;
  const handOff = () => warmInBackground(vault, cwd);
  const out =
    event === 'session-start'
      ? await (await import('../../node/session-start-hook')).sessionStartOutput(vault, input, cwd, handOff)
      : await (await import('../../node/prompt-hook')).userPromptSubmitOutput(vault, input, cwd, handOff);
  if (server && (await wantsServer(vault))) server.startRecallServer(vault);
  return out;
}

/** Whether the vault keeps a recall server (its recallServer setting and whether prompts get memory at all). */
async function wantsServer(vault: string): Promise<boolean> {
  const { openNodeVault } = await import('../../node/open-vault');
  const { settings } = await openNodeVault(vault);
  return settings.recallServer && settings.promptRecall;
}

/** Stop and SessionEnd: queue the session; with auto-checkpoint on, hand the work to a detached child. */
async function queueForCheckpoint(io: CliIO, event: HookEvent, vaultDir: string): Promise<null> {
  const input = await readInput(io, event);
  const [{ openNodeVault }, { queueSession, spawnDrain }] = await Promise.all([
    import('../../node/open-vault'),
    import('../../node/checkpoint-queue'),
  ]);
  const vault = await openNodeVault(vaultDir);
  const queued = await queueSession(vault, input);
  if (!queued) {
    await appendLog(vault.root, `hook ${event}: Codex sent no transcript_path; nothing queued`);
    return null;
  }
  if (vault.settings.autoCheckpoint !== 'off' && !spawnDrain(vault.root)) {
    await appendLog(vault.root, `hook ${event}: queued ${queued.thread}; no built CLI to run the checkpoint (run npm run build)`);
  }
  return null;
}

function numberEnv(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export const hookCommand: Command = {
  name: 'hook',
  summary: 'Run as a Codex hook: inject memory at session start and per prompt, queue finished sessions for checkpoint',
  usage:
    'hook session-start|user-prompt-submit|stop|session-end --vault DIR     (JSON on stdin, as Codex sends it)\nhook drain --vault DIR\nhook warm --vault DIR [--cwd DIR]\nhook serve --vault DIR',
  help: `Codex runs these from $CODEX_HOME/hooks.json (see codex-memory hooks install); they read the JSON Codex
sends on stdin.

  session-start  prints {"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"…"}} with the
                 context pack for the session's project (cwd), at most 2,400 tokens; nothing for an empty vault.
                 source "compact" gives it again minus notes marked \`compact: drop\`; "resume" gives only what
                 changed since the session was last given it. What it gives is recorded per session_id in
                 <vault>/.codex-memory/recall/given.jsonl.
  user-prompt-submit
                 prints {"hookSpecificOutput":{"hookEventName":"UserPromptSubmit","additionalContext":"…"}} with
                 the notes relevant to the prompt that the session was not given yet (at most the vault's
                 prompt budget, 600 tokens by default), or nothing when none is relevant enough or the vault's
                 promptRecall setting is off.
  stop           appends the session's rollout to <vault>/.codex-memory/queue.jsonl; prints nothing.
  session-end    the same, at the end of the session.
  drain          checkpoints what the queue holds, per the vault's auto-checkpoint setting (off: nothing;
                 inbox: proposals into the inbox folder for review; apply: applied as checkpoint --yes would).
                 Stop and session-end start it detached when auto-checkpoint is not off.
  warm           builds the index and the pack for --cwd ahead of the next session start; session-start starts
                 it detached when it runs out of time (3 s), so a large vault never holds Codex up.
  serve          the vault's recall server: session-start and user-prompt-submit ask it first and get the same
                 answer in a fraction of the time (the code, index and tokenizer stay loaded). They start it
                 detached; it exits after 15 minutes without a request, when the vault folder is gone, or when
                 the vault's recallServer setting is off. CODEX_MEMORY_RECALL_SERVER=off in a hook's
                 environment keeps that hook from using or starting one.

A hook never fails Codex: on any error it prints nothing, exits 0 and appends one line to
<vault>/.codex-memory/log.`,
  options: {
    vault: { type: 'string' },
    cwd: { type: 'string' },
  },
  usageExitCode: 0,
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const [action, ...extra] = args.positionals;
    if (!action || extra.length > 0) throw new UsageError('give one of session-start, user-prompt-submit, stop, session-end, drain, warm, serve');
    const vault = path.resolve(io.cwd, requireOpt(args, 'vault'));
    if (action === 'warm') {
      const cwd = path.resolve(io.cwd, stringOpt(args, 'cwd') ?? '.');
      return runFailOpen(io, { vault, label: 'hook warm', deadlineMs: 10 * 60_000 }, async () => {
        const { warmSessionStart } = await import('../../node/session-start-hook');
        await warmSessionStart(vault, cwd);
        return null;
      });
    }
    if (action === 'serve') {
      const { serveRecall } = await import('../../node/recall-server/serve');
      await serveRecall(vault, { env: io.env, idleMs: numberEnv(io.env.CODEX_MEMORY_RECALL_SERVER_IDLE_MS) });
      return 0;
    }
    if (action === 'drain') {
      return runFailOpen(io, { vault, label: 'hook drain', deadlineMs: 10 * 60_000 }, async () => {
        const [{ drainQueue }, { runAutoCheckpoint }] = await Promise.all([import('../../node/drain-queue'), import('../../node/auto-checkpoint')]);
        await drainQueue(vault, runAutoCheckpoint);
        return null;
      });
    }
    if (!isHookEvent(action))
      throw new UsageError(`unknown hook "${action}"; give session-start, user-prompt-submit, stop, session-end, drain, warm or serve`);
    // The codex distiller runs `codex exec` with this set: that session is our own distilling, so it gets no
    // memory and must not queue itself for a checkpoint (which would distil again, without end).
    if (io.env[DISTILLING_ENV] === '1') return 0;
    const label = `hook ${action}`;
    let sessionCwd: string | null = null;
    const handOff = () => {
      if (sessionCwd) warmInBackground(vault, sessionCwd);
    };
    const started = (cwd: string) => {
      sessionCwd = cwd;
    };
    const recalls = action === 'session-start' || action === 'user-prompt-submit';
    return runFailOpen(io, { vault, label, deadlineMs: DEADLINE_MS[action], onDeadline: recalls ? handOff : undefined }, () =>
      action === 'session-start' || action === 'user-prompt-submit' ? recall(io, action, vault, started) : queueForCheckpoint(io, action, vault),
    );
  },
};

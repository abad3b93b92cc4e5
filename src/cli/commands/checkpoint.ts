// `codex-memory checkpoint`: read a finished Codex session, distil it, and show (or apply) the note changes.
// Nothing is written without --yes or a "y" at the prompt; --dry-run never writes.
import { applyReviewed, checkpointUnattended, planSession, type CheckpointStep } from '../../core/checkpoint/workflow';
import type { Thread } from '../../core/codex/thread';
import { isDistillError } from '../../core/distill/errors';
import { autoAcceptable, type ApplyResult } from '../../core/memory/apply';
import { LedgerCorruptError } from '../../core/memory/ledger';
import { effectiveChanges, planJson, type Plan } from '../../core/memory/plan';
import { renderPlanText } from '../../core/memory/plan-text';
import type { DistillerKind } from '../../core/settings';
import { plural } from '../../core/text';
import { NotARolloutError } from '../../core/codex/rollout-parser';
import { CodexHomeError, resolveCodexHome } from '../../node/codex-home';
import { latestRollout, locateRollout, readThread, SessionNotFoundError } from '../../node/find-session';
import { nodeHost } from '../../node/host';
import { CorruptArchiveError } from '../../node/rollout-source';
import { openNodeVault, VaultNotFoundError, type NodeVault } from '../../node/open-vault';
import { CliError, flag, requireOpt, stringOpt, UsageError, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';
import { warmWanted } from '../../node/warm-lock';
import { storageFailure } from '../storage-failure';

const DISTILLERS: DistillerKind[] = ['offline', 'openai', 'codex'];
/** Progress lines appear once a run has taken this long (short runs stay quiet). */
const PROGRESS_AFTER_MS = 1500;

function progress(io: CliIO): (message: string) => void {
  const start = Date.now();
  return (message) => {
    if (Date.now() - start >= PROGRESS_AFTER_MS) io.stderr.write(`codex-memory: ${message}\n`);
  };
}

function checkTarget(args: ParsedArgs): void {
  const given = [args.positionals.length > 0, stringOpt(args, 'thread') !== undefined, flag(args, 'latest')].filter(Boolean).length;
  if (given !== 1) throw new UsageError('give exactly one of: a rollout FILE, --latest, or --thread ID');
  if (args.positionals.length > 1) throw new UsageError(`one session at a time (got ${args.positionals.length})`);
}

/** The session asked for, parsed; what a person can fix comes back as a one-line CliError. */
async function readSession(args: ParsedArgs, home: string, io: CliIO, step: (m: string) => void): Promise<Thread> {
  const target = args.positionals[0] ?? stringOpt(args, 'thread');
  try {
    const path = target !== undefined ? await locateRollout(target, home, io.cwd) : await latestRollout(home);
    step(`reading ${path}`);
    return await readThread(path, home);
  } catch (err) {
    if (
      err instanceof SessionNotFoundError ||
      err instanceof CodexHomeError ||
      err instanceof NotARolloutError ||
      err instanceof CorruptArchiveError
    ) {
      throw new CliError(err.message);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOENT') throw new CliError((err as Error).message);
    throw err;
  }
}

async function readAnswer(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.pause?.();
      resolve(got.split(/\r?\n/)[0].trim());
    };
    const onData = (chunk: Buffer | string) => {
      got += chunk.toString();
      if (got.includes('\n')) done();
    };
    stdin.on('data', onData);
    stdin.on('end', done);
    stdin.resume?.();
  });
}

async function ask(io: CliIO, question: string): Promise<boolean> {
  io.stdout.write(`${question} [y/N] `);
  return /^y(es)?$/i.test(await readAnswer(io.stdin));
}

function shellQuote(s: string): string {
  return /^[\w./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function describeSession(thread: Thread, plan: Plan, distiller: string): string {
  const name = thread.name ? ` "${thread.name}"` : '';
  return `Session ${thread.id}${name} (${plural(thread.turns.length, 'turn')}, ${distiller} distiller)\n` + `Session note: ${plan.note}\n\n`;
}

function reportApplied(io: CliIO, result: ApplyResult, vaultArg: string): void {
  if (result.recovered) {
    io.stdout.write(`Finished an interrupted checkpoint first (${result.recovered.completed.length + result.recovered.found.length} notes).\n`);
  }
  if (result.checkpoint) {
    io.stdout.write(
      `Applied ${plural(result.applied.length, 'change')} to ${plural(result.written.length, 'note')} (checkpoint ${result.checkpoint}):\n`,
    );
    for (const p of result.written) io.stdout.write(`  wrote  ${p}\n`);
    io.stdout.write(`Undo with: codex-memory undo --vault ${shellQuote(vaultArg)}\n`);
  } else {
    io.stdout.write('Nothing was written.\n');
  }
  for (const s of result.skipped) io.stdout.write(`  not written  ${s.path}: ${s.reason}\n`);
}

async function openVault(dir: string, io: CliIO): Promise<NodeVault> {
  try {
    return await openNodeVault(dir, undefined, { cwd: io.cwd });
  } catch (err) {
    if (err instanceof VaultNotFoundError) throw new CliError(err.message);
    throw err;
  }
}

export const checkpointCommand: Command = {
  name: 'checkpoint',
  summary: 'Distil a Codex session into reviewed changes to your vault notes',
  usage:
    'checkpoint (ROLLOUT_FILE | --latest | --thread ID) --vault DIR [--codex-home DIR]\n' +
    '           [--distiller offline|openai|codex] [--yes | --dry-run] [--json]',
  help: `Reads the session, distils what it learned (decisions, reversals, preferences, people, TODOs, open
questions, files) and plans changes to the session note, the project note, people notes,
agent/preferences.md, TODO.md and topic notes. Each change shows its diff. Text you wrote or edited is
never overwritten, and items you deleted are never written back.

Options:
  --latest          the most recently active session in the Codex home
  --thread ID       the session with this thread id (or a unique prefix of it)
  --vault DIR       the memory vault
  --codex-home DIR  Codex's home folder (default: $CODEX_HOME, else ~/.codex)
  --distiller NAME  offline (default; no key, no network), openai or codex
  --dry-run         show the plan as diffs and write nothing
  --yes             apply without asking (changes marked "needs review" are left out)
  --json            {thread, note, changes:[{op, path, text?}], skipped:[{path, reason}]}, plus what was applied

Without --yes, a terminal is asked before anything is written; elsewhere the plan is only shown.
Undo the last applied checkpoint with: codex-memory undo --vault DIR`,
  options: {
    latest: { type: 'boolean' },
    thread: { type: 'string' },
    vault: { type: 'string' },
    'codex-home': { type: 'string' },
    distiller: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const { code, warm } = await runCheckpoint(args, io);
    // The next session in this folder starts from a ready pack (src/node/session-start-hook.ts). It runs after the
    // report, once the plan and the session are out of scope: with a note of 10 MB in the plan, the two together
    // would not fit the heap the checkpoint alone fits.
    if (warm) {
      const { warmAfterCheckpoint } = await import('../../node/session-start-hook');
      await warmAfterCheckpoint(warm.vault, warm.cwd);
    }
    return code;
  },
};

/** The command itself; `warm` names the vault and folder whose pack its writes made stale. */
async function runCheckpoint(args: ParsedArgs, io: CliIO): Promise<{ code: number; warm?: { vault: NodeVault; cwd: string | undefined } }> {
  checkTarget(args);
  const vaultArg = requireOpt(args, 'vault');
  const yes = flag(args, 'yes');
  const dryRun = flag(args, 'dry-run');
  const json = flag(args, 'json');
  if (yes && dryRun) throw new UsageError('--yes and --dry-run do not go together');
  const chosen = stringOpt(args, 'distiller');
  if (chosen !== undefined && !DISTILLERS.includes(chosen as DistillerKind)) {
    throw new UsageError(`--distiller takes offline, openai or codex, not "${chosen}"`);
  }
  const step = progress(io);
  const vault = await openVault(vaultArg, io);
  const home = resolveCodexHome({ flag: stringOpt(args, 'codex-home'), setting: vault.settings.codexHome, env: io.env });
  const thread = await readSession(args, home, io, step);
  const path = thread.path;
  const distillerName = (chosen as DistillerKind | undefined) ?? vault.settings.distiller;
  const host = nodeHost(vault, { env: io.env, codexHome: home });
  const opts = {
    distiller: distillerName,
    onProgress: step,
    onStep: (s: CheckpointStep, _kind: DistillerKind, notes?: number) =>
      step(
        s === 'distilling'
          ? `distilling with the ${distillerName} distiller`
          : s === 'planning'
            ? 'planning note changes'
            : `writing ${notes ?? 0} notes`,
      ),
    onNote: (n: string) => step(`writing ${n}`),
  };
  const apply = (p: Plan, ids: string[]): Promise<ApplyResult> => {
    step(`writing ${new Set(p.changes.filter((c) => ids.includes(c.id)).map((c) => c.path)).size} notes`);
    return applyReviewed(host, p, ids, opts);
  };

  let plan: Plan;
  let result: ApplyResult | null = null;
  try {
    if (yes) {
      // Plan and write under one hold of the vault lock: a second writer waits, then plans against our result.
      ({ plan, result } = await checkpointUnattended(host, thread, opts));
    } else {
      // A dry run only looks; a run that may write plans under the lock, after finishing an interrupted run.
      ({ plan } = await planSession(host, thread, { ...opts, look: dryRun }));
      const writes = effectiveChanges(plan);
      if (!dryRun && writes.length && io.isTTY && !json) {
        io.stdout.write(describeSession(thread, plan, distillerName) + renderPlanText(plan));
        const accepted: string[] = [];
        const plain = autoAcceptable(plan);
        if (plain.length && (await ask(io, `Apply ${plural(plain.length, 'change')}?`))) accepted.push(...plain);
        const review = writes.filter((c) => c.needsReview);
        if (review.length && (await ask(io, `Also apply the ${plural(review.length, 'change')} marked "needs review"?`))) {
          accepted.push(...review.map((c) => c.id));
        }
        if (accepted.length) result = await apply(plan, accepted);
      }
    }
  } catch (err) {
    if (isDistillError(err)) throw new CliError(`${err.message} Nothing was written.`);
    if (err instanceof LedgerCorruptError) throw new CliError(err.message);
    throw storageFailure(err, 'checkpoint');
  }
  const writes = effectiveChanges(plan);
  // A dry run only looks: it never warms, not even a warm-up another run left unfinished.
  const warm = !dryRun && warmWanted(vault, Boolean(result?.written.length)) ? { vault, cwd: thread.cwd } : undefined;

  if (json) {
    writeJson(io, {
      ...planJson(plan),
      skipped: [...plan.skipped, ...(result?.skipped.map(({ path: p, reason }) => ({ path: p, reason })) ?? [])],
      applied: result?.applied.map((c) => c.id) ?? [],
      checkpoint: result?.checkpoint ?? null,
      distiller: distillerName,
    });
    return { code: 0, warm };
  }
  // Diffs are for review: --yes lists the changes it made, the other modes show what would change.
  if (!(io.isTTY && !yes && !dryRun && writes.length))
    io.stdout.write(describeSession(thread, plan, distillerName) + renderPlanText(plan, { diffs: !yes }));
  if (dryRun) io.stdout.write('Dry run: nothing was written.\n');
  else if (result) reportApplied(io, result, vaultArg);
  else if (writes.length && !yes && !io.isTTY) {
    io.stdout.write(
      `Nothing was written (no terminal to ask). To apply: codex-memory checkpoint ${shellQuote(path)} --vault ${shellQuote(vaultArg)} --yes\n`,
    );
  } else if (writes.length && !yes) io.stdout.write('Nothing was written.\n');
  else if (writes.length && yes) io.stdout.write('Nothing was applied: every change needs review. Run without --yes to review them.\n');
  return { code: 0, warm };
}

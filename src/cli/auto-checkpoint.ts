// The automatic checkpoint behind `hook drain`: the same `checkpoint` command a person runs, always with the
// offline distiller (no key, no network, and never `codex exec` from inside a Codex hook).
//   apply: `checkpoint --yes` (changes marked "needs review" are never applied automatically);
//   inbox: nothing applied.
// Whatever is left to decide becomes one proposal note per session in the inbox folder: the plan with its
// diffs, fenced as code so its bullets and block ids are not mistaken for real ones. A later run for the same
// session replaces that note, unless the person has touched it since (then a new one is written beside it).
import { PassThrough, Readable } from 'node:stream';
import { textHash } from '../core/memory/ledger';
import { renderNote } from '../core/notes';
import { chooseNotePath } from '../core/security/safe-names';
import type { AutoCheckpoint } from '../core/settings';
import type { QueuedSession } from '../core/delivery/queue';
import type { CheckpointOutcome } from '../node/drain-queue';
import type { NodeVault } from '../node/open-vault';
import type { CliIO } from './command';
import { checkpointCommand } from './commands/checkpoint';
import { runCli } from './run';

/** Which proposal note holds which session, with the hash of what we last wrote there. */
const PROPOSALS_FILE = 'inbox-proposals.json';

async function runCheckpoint(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const io: CliIO = { stdout: out, stderr: err, stdin: Readable.from([]), env, cwd: process.cwd(), isTTY: false };
  const code = await runCli(['checkpoint', ...args], io, [checkpointCommand]);
  return { code, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}diff\n${text.trimEnd()}\n${f}`;
}

interface ProposalIndex {
  [thread: string]: { path: string; hash: string };
}

async function writeProposal(vault: NodeVault, entry: QueuedSession, plan: string, applied: number): Promise<string> {
  const now = new Date().toISOString();
  const fm = {
    type: 'proposal',
    source: 'auto-checkpoint',
    codex_thread: entry.thread,
    transcript: entry.transcript,
    ...(entry.cwd ? { cwd: entry.cwd } : {}),
    created: now,
    status: 'pending',
  };
  const applyCmd = `codex-memory checkpoint "${entry.transcript}" --vault "${vault.root}"`;
  const body = `# Proposed checkpoint of session ${entry.thread.slice(0, 8)}\n\n` +
    (applied ? `${applied} change${applied === 1 ? ' was' : 's were'} applied automatically; these wait for you.\n\n` : '') +
    `What the finished Codex session would change in your notes. Nothing below has been written.\n` +
    `Review and apply it with \`${applyCmd}\` (or from the plugin), then delete this note.\n\n${fence(plan)}\n`;
  const text = renderNote(fm, body);
  let index: ProposalIndex = {};
  try {
    index = JSON.parse((await vault.state.readState(PROPOSALS_FILE)) ?? '{}') as ProposalIndex;
  } catch {
    index = {};
  }
  const known = index[entry.thread];
  const current = known ? await vault.store.read(known.path) : null;
  let target: string;
  if (known && current !== null && textHash(current) === known.hash) {
    await vault.store.replace(known.path, current, text);
    target = known.path;
  } else {
    const folder = vault.settings.folders.inbox;
    await vault.store.ensureFolder(folder);
    ({ path: target } = await chooseNotePath(folder, `Checkpoint ${now.slice(0, 10)} ${entry.thread.slice(0, 8)}`, async (p) => ((await vault.store.stat(p)) ? 'other' : 'free')));
    await vault.store.create(target, text);
  }
  index[entry.thread] = { path: target, hash: textHash(text) };
  await vault.state.writeState(PROPOSALS_FILE, JSON.stringify(index, null, 2));
  return target;
}

export async function runAutoCheckpoint(vault: NodeVault, entry: QueuedSession, mode: Exclude<AutoCheckpoint, 'off'>): Promise<CheckpointOutcome> {
  const base = [entry.transcript, '--vault', vault.root, '--distiller', 'offline'];
  const env = { ...process.env };
  let applied = 0;
  if (mode === 'apply') {
    const res = await runCheckpoint([...base, '--yes', '--json'], env);
    if (res.code !== 0) return { result: 'failed', detail: res.stderr.trim() || `checkpoint exited with ${res.code}` };
    applied = (JSON.parse(res.stdout) as { applied: string[] }).applied.length;
  }
  const planned = await runCheckpoint([...base, '--dry-run', '--json'], env);
  if (planned.code !== 0) return { result: 'failed', detail: planned.stderr.trim() || `checkpoint exited with ${planned.code}` };
  const pending = (JSON.parse(planned.stdout) as { changes: { op: string }[] }).changes.filter((c) => c.op !== 'noop').length;
  if (pending === 0) return applied ? { result: 'applied', detail: `${applied} changes applied` } : { result: 'unchanged' };
  const text = await runCheckpoint([...base, '--dry-run'], env);
  if (text.code !== 0) return { result: 'failed', detail: text.stderr.trim() };
  const plan = text.stdout.replace(/\nDry run: nothing was written\.\n?$/, '\n');
  const note = await writeProposal(vault, entry, plan, applied);
  return { result: 'inbox', detail: applied ? `${applied} applied; the rest proposed in ${note}` : note };
}

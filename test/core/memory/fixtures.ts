// Builders for planner tests: a Thread and Learnings as the session reader and a distiller would hand them
// over, and a real vault in a fresh temp folder.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Thread, Turn } from '../../../src/core/codex/thread';
import type { Learning, Learnings } from '../../../src/core/distill/learnings';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { LedgerStore } from '../../../src/core/memory/ledger';
import { applyPlan, autoAcceptable } from '../../../src/core/memory/apply';
import { planCheckpoint } from '../../../src/core/memory/planner';
import { offlineDistiller } from '../../../src/core/distill/offline';
import { parseRolloutFile } from '../../../src/node/rollout-source';
import { openNodeVault, type NodeVault } from '../../../src/node/open-vault';

export const THREAD_ID = '01b2c3d4-0000-7000-8000-00000000abcd';

export function turn(index: number, prompt: string, answer: string): Turn {
  return {
    index,
    prompts: [prompt],
    assistant: [{ text: answer, phase: 'final_answer' }],
    reasoningSummaries: [],
    toolCalls: [],
    injected: [],
    completed: true,
    aborted: false,
    startedAt: `2026-05-0${index}T10:00:00.000Z`,
    endedAt: `2026-05-0${index}T10:05:00.000Z`,
  };
}

export function makeThread(over: Partial<Thread> = {}): Thread {
  return {
    id: THREAD_ID,
    path: '/home/ana/.codex/sessions/2026/05/04/rollout-2026-05-04T12-00-00-01b2c3d4-0000-7000-8000-00000000abcd.jsonl',
    format: 'envelope',
    container: 'jsonl',
    cwd: '/home/ana/src/tidepool',
    model: 'gpt-5.5',
    startedAt: '2026-05-04T10:00:00.000Z',
    updatedAt: '2026-05-04T11:00:00.000Z',
    git: { branch: 'main', commit: 'a1b2c3d', remote: 'git@github.com:ana/tidepool.git' },
    turns: [turn(1, 'Make the sync job resumable.', 'Done: the sync job now stores a cursor.')],
    compactions: [],
    filesChanged: ['src/sync/job.ts'],
    finished: true,
    parse: { nonemptyLines: 10, validJsonLines: 10, invalidLines: 0, lastLineTruncated: false },
    redactions: {},
    ...over,
  };
}

export function learning(kind: Learning['kind'], text: string, more: Partial<Learning> = {}): Learning {
  return { kind, text, turn: 1, confidence: 0.9, evidence: 'user', ...more };
}

export function makeLearnings(items: Learning[], over: Partial<Learnings> = {}): Learnings {
  return {
    thread: THREAD_ID,
    summary: 'Made the sync job resumable by storing a cursor after each page.',
    title: 'Resumable sync job',
    items,
    unfinished: false,
    distiller: 'offline',
    ...over,
  };
}

export interface TempVault extends NodeVault {
  ledger: LedgerStore;
  file(rel: string): string;
  readText(rel: string): Promise<string>;
  writeText(rel: string, text: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A fresh vault in a new temp folder; `from` copies an existing vault's folder (notes and state). */
export async function tempVault(from?: TempVault): Promise<TempVault> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-memory-'));
  if (from) await fs.cp(from.root, dir, { recursive: true });
  const vault = await openNodeVault(dir, DEFAULT_SETTINGS);
  const file = (rel: string) => path.join(vault.root, ...rel.split('/'));
  return {
    ...vault,
    ledger: new LedgerStore(vault.state),
    file,
    readText: (rel) => fs.readFile(file(rel), 'utf8'),
    writeText: async (rel, text) => {
      await fs.mkdir(path.dirname(file(rel)), { recursive: true });
      await fs.writeFile(file(rel), text);
    },
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** Every markdown note in the vault with its text, for before/after comparisons. */
export async function snapshot(vault: NodeVault): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of await vault.store.listMarkdown()) out[p] = (await vault.store.read(p)) ?? '';
  return out;
}

export const EXAMPLES = path.resolve(__dirname, '../../../examples/codex-home');

/** The three example rollouts, oldest first. */
export async function exampleRollouts(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.name.startsWith('rollout-')) out.push(abs);
    }
  };
  await walk(path.join(EXAMPLES, 'sessions'));
  return out;
}

/** The whole checkpoint of one rollout as the CLI runs it: parse, distil offline, plan, apply what --yes applies. */
export async function checkpointRollout(vault: TempVault, file: string, opts: { apply?: boolean; now?: string } = {}) {
  const thread = await parseRolloutFile(file);
  const learnings = await offlineDistiller.distill(thread);
  const now = opts.now ?? '2026-03-10T09:00:00.000Z';
  if (opts.apply === false) {
    const plan = await planCheckpoint({ thread, learnings, vault: vault.store, ledger: await vault.ledger.read(), settings: vault.settings, now });
    return { thread, learnings, plan, result: null };
  }
  return { thread, learnings, ...(await checkpointLearnings(vault, thread, learnings, now)) };
}

/** A session's items, whoever distilled them, planned against the vault and applied as --yes applies them. */
export async function checkpointLearnings(vault: TempVault, thread: Thread, learnings: Learnings, now: string) {
  const plan = await planCheckpoint({ thread, learnings, vault: vault.store, ledger: await vault.ledger.read(), settings: vault.settings, now });
  const result = await applyPlan(plan, autoAcceptable(plan), vault.store, vault.ledger, { now: new Date(now) });
  return { plan, result };
}

export interface RolloutTurn {
  user: string;
  answer: string;
  /** A command the agent ran and what it printed. */
  exec?: { cmd: string; out: string };
  patch?: string;
}

/**
 * Writes a rollout as Codex CLI writes it ({timestamp, type, payload} lines) under `home`/sessions/YYYY/MM/DD/,
 * and returns its path.
 */
export async function writeRollout(
  home: string,
  s: { id: string; start: string; cwd: string; remote?: string; branch?: string; turns: RolloutTurn[]; cliVersion?: string },
): Promise<string> {
  let t = Date.parse(s.start);
  const lines: string[] = [];
  // Codex 0.169+ numbers its lines (`ordinal`) and names the session in session_meta as well.
  const numbered = s.cliVersion !== undefined && s.cliVersion >= '0.169.0';
  const push = (type: string, payload: unknown) =>
    lines.push(JSON.stringify({ timestamp: new Date((t += 1000)).toISOString(), ...(numbered ? { ordinal: lines.length } : {}), type, payload }));
  push('session_meta', {
    ...(numbered ? { account_scoped: true, session_id: s.id } : {}),
    id: s.id,
    timestamp: s.start,
    cwd: s.cwd,
    originator: 'codex_cli_rs',
    cli_version: s.cliVersion ?? '0.131.0',
    source: 'cli',
    model_provider: 'openai',
    git: { commit_hash: '0123456789abcdef0123456789abcdef01234567', branch: s.branch ?? 'main', repository_url: s.remote },
  });
  s.turns.forEach((turn, n) => {
    const turnId = `turn-${n + 1}`;
    push('event_msg', { type: 'task_started', turn_id: turnId });
    push('turn_context', { turn_id: turnId, cwd: s.cwd, model: 'gpt-5.5' });
    push('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.user }] });
    if (turn.exec) {
      push('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: turn.exec.cmd }), call_id: `c${n}e` });
      push('response_item', { type: 'function_call_output', call_id: `c${n}e`, output: `Process exited with code 0\nOutput:\n${turn.exec.out}` });
    }
    if (turn.patch) {
      push('response_item', { type: 'custom_tool_call', status: 'completed', call_id: `c${n}p`, name: 'apply_patch', input: turn.patch });
      push('response_item', { type: 'custom_tool_call_output', call_id: `c${n}p`, output: 'Exit code: 0\nOutput:\nSuccess.\n' });
    }
    push('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: turn.answer }], phase: 'final_answer' });
    push('event_msg', { type: 'task_complete', turn_id: turnId, last_agent_message: turn.answer });
  });
  const day = s.start.slice(0, 10).split('-');
  const dir = path.join(home, 'sessions', ...day);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `rollout-${s.start.slice(0, 19).replace(/:/g, '-')}-${s.id}.jsonl`);
  await fs.writeFile(file, lines.join('\n') + '\n');
  return file;
}

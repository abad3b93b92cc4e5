// Builders for planner tests: a Thread and Learnings as the session reader and a distiller would hand them
// over, and a real vault in a fresh temp folder.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Thread, Turn } from '../../../src/core/codex/thread';
import type { Learning, Learnings } from '../../../src/core/distill/learnings';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { LedgerStore } from '../../../src/core/memory/ledger';
import { openNodeVault, type NodeVault } from '../../../src/node/open-vault';

export const THREAD_ID = '01b2c3d4-0000-7000-8000-00000000abcd';

export function turn(index: number, prompt: string, answer: string): Turn {
  return {
    index, prompts: [prompt], assistant: [{ text: answer, phase: 'final_answer' }], reasoningSummaries: [], toolCalls: [],
    injected: [], completed: true, aborted: false, startedAt: `2026-05-0${index}T10:00:00.000Z`, endedAt: `2026-05-0${index}T10:05:00.000Z`,
  };
}

export function makeThread(over: Partial<Thread> = {}): Thread {
  return {
    id: THREAD_ID,
    path: '/home/ana/.codex/sessions/2026/05/04/rollout-2026-05-04T12-00-00-01b2c3d4-0000-7000-8000-00000000abcd.jsonl',
    format: 'envelope', container: 'jsonl', cwd: '/home/ana/src/tidepool', model: 'gpt-5.5',
    startedAt: '2026-05-04T10:00:00.000Z', updatedAt: '2026-05-04T11:00:00.000Z',
    git: { branch: 'main', commit: 'a1b2c3d', remote: 'git@github.com:ana/tidepool.git' },
    turns: [turn(1, 'Make the sync job resumable.', 'Done: the sync job now stores a cursor.')],
    compactions: [], filesChanged: ['src/sync/job.ts'], finished: true,
    parse: { nonemptyLines: 10, validJsonLines: 10, invalidLines: 0, lastLineTruncated: false }, redactions: {},
    ...over,
  };
}

export function learning(kind: Learning['kind'], text: string, more: Partial<Learning> = {}): Learning {
  return { kind, text, turn: 1, confidence: 0.9, evidence: 'user', ...more };
}

export function makeLearnings(items: Learning[], over: Partial<Learnings> = {}): Learnings {
  return {
    thread: THREAD_ID, summary: 'Made the sync job resumable by storing a cursor after each page.',
    title: 'Resumable sync job', items, unfinished: false, distiller: 'offline', ...over,
  };
}

export interface TempVault extends NodeVault {
  ledger: LedgerStore;
  file(rel: string): string;
  readText(rel: string): Promise<string>;
  writeText(rel: string, text: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function tempVault(): Promise<TempVault> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-memory-'));
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

// Automatic checkpoints: a Stop hook queues the session and returns at once; the detached `hook drain` child
// checkpoints it afterwards, per the vault's auto-checkpoint setting, on a rollout the real Codex wrote.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readQueue, type QueueState } from '../../src/core/delivery/queue';
import { runCliCaptured } from '../support/cli';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { makeDeliveryFixture, stopBody, type DeliveryFixture } from '../support/delivery-vault';
import { describeShared, sharedDir } from '../support/shared';

const THREAD = '01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a';
let fx: DeliveryFixture;
let rollout: string;

async function setAuto(vault: string, mode: 'off' | 'inbox' | 'apply'): Promise<void> {
  const data = path.join(vault, '.obsidian/plugins/codex-memory/data.json');
  await fs.mkdir(path.dirname(data), { recursive: true });
  await fs.writeFile(data, JSON.stringify({ version: 1, autoCheckpoint: mode }));
}

const queueOf = async (vault: string): Promise<QueueState> =>
  readQueue(await fs.readFile(path.join(vault, '.codex-memory/queue.jsonl'), 'utf8').catch(() => null));

/** Waits for the detached drain to record its work (it runs after the hook has exited). */
async function settled(vault: string, timeoutMs = 30_000): Promise<QueueState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const q = await queueOf(vault);
    if (q.done.has(THREAD) && q.pending.length === 0) return q;
    if (Date.now() > until) throw new Error(`drain did not finish: ${JSON.stringify([...q.done.values()])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const inboxNotes = async (vault: string) => (await fs.readdir(path.join(vault, 'agent/inbox'))).filter((f) => f.endsWith('.md'));

describeShared('auto-checkpoint from the Stop hook (real Codex rollout)', () => {
  beforeAll(() => requireBuiltCli());
  beforeEach(async () => {
    fx = await makeDeliveryFixture('cm-drain-');
    rollout = path.join(fx.dir, `rollout-2026-11-22T04-39-35-${THREAD}.jsonl`);
    await fs.copyFile(path.join(sharedDir!, `fixtures/codex-real/sessions/2026/11/22/rollout-2026-11-22T04-39-35-${THREAD}.jsonl`), rollout);
  });
  afterEach(async () => fx.cleanup());

  test('inbox: the hook returns at once; the plan lands in the inbox as a proposal and no note changes', async () => {
    await setAuto(fx.vault, 'inbox');
    const before = await fs.readFile(path.join(fx.vault, 'TODO.md'), 'utf8');
    const res = await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(rollout, fx.repo, 'Stop', THREAD) });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const q = await settled(fx.vault);
    expect(q.done.get(THREAD)).toMatchObject({ result: 'inbox' });
    const notes = await inboxNotes(fx.vault);
    expect(notes).toHaveLength(1);
    const proposal = await fs.readFile(path.join(fx.vault, 'agent/inbox', notes[0]), 'utf8');
    expect(proposal).toMatch(/^---\ntype: proposal\nsource: auto-checkpoint\ncodex_thread: 01a2018d-/);
    expect(proposal).toContain('ROUND_HALF_UP');
    expect(proposal).toMatch(/\n```+diff\n[\s\S]*\n```+\n$/);
    expect(await fs.readFile(path.join(fx.vault, 'TODO.md'), 'utf8')).toBe(before);
    await expect(fs.readdir(path.join(fx.vault, 'agent/sessions'))).resolves.toEqual([]);

    // The next Stop of the same session replaces the proposal instead of adding another…
    await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(rollout, fx.repo, 'Stop', THREAD) });
    await new Promise((r) => setTimeout(r, 300));
    await settled(fx.vault);
    expect(await inboxNotes(fx.vault)).toEqual(notes);
    // …unless the person touched it: then their note stays and a new one is written beside it.
    const mine = path.join(fx.vault, 'agent/inbox', notes[0]);
    await fs.appendFile(mine, '\nMy note: check with Jonas first.\n');
    const touched = await fs.readFile(mine, 'utf8');
    await runBuiltCli(['hook', 'session-end', '--vault', fx.vault], { stdin: stopBody(rollout, fx.repo, 'SessionEnd', THREAD) });
    await new Promise((r) => setTimeout(r, 300));
    await settled(fx.vault);
    expect(await inboxNotes(fx.vault)).toHaveLength(2);
    expect(await fs.readFile(mine, 'utf8')).toBe(touched);
  });

  test('apply: the session is checkpointed into the notes, as checkpoint --yes would', async () => {
    await setAuto(fx.vault, 'apply');
    await runBuiltCli(['hook', 'session-end', '--vault', fx.vault], { stdin: stopBody(rollout, fx.repo, 'SessionEnd', THREAD) });
    const q = await settled(fx.vault);
    expect(['applied', 'inbox']).toContain(q.done.get(THREAD)!.result);
    const sessions = await fs.readdir(path.join(fx.vault, 'agent/sessions'));
    expect(sessions).toHaveLength(1);
    expect(await fs.readFile(path.join(fx.vault, 'agent/sessions', sessions[0]), 'utf8')).toContain(THREAD);
    // Undo works on it like on any checkpoint.
    const undo = await runCliCaptured(['undo', '--vault', fx.vault]);
    expect(undo.code).toBe(0);
  });

  test('off: queued only; a drain run by hand does nothing', async () => {
    await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(rollout, fx.repo, 'Stop', THREAD) });
    await new Promise((r) => setTimeout(r, 500));
    const q = await queueOf(fx.vault);
    expect(q.pending.map((e) => e.thread)).toEqual([THREAD]);
    expect(q.done.size).toBe(0);
    expect(await runCliCaptured(['hook', 'drain', '--vault', fx.vault])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await queueOf(fx.vault)).pending).toHaveLength(1);
  });

  test('a corrupt ledger fails the checkpoint, not the hook: logged, marked failed, nothing written', async () => {
    await setAuto(fx.vault, 'apply');
    await fs.writeFile(path.join(fx.vault, '.codex-memory/ledger.json'), '{"version": 1, "items": {');
    const res = await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(rollout, fx.repo, 'Stop', THREAD) });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const q = await settled(fx.vault);
    expect(q.done.get(THREAD)!.result).toBe('failed');
    expect(await fs.readFile(path.join(fx.vault, '.codex-memory/log'), 'utf8')).toContain(`hook drain: ${THREAD}`);
    await expect(fs.readdir(path.join(fx.vault, 'agent/sessions'))).resolves.toEqual([]);
  });
});

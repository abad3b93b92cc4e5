// Obsidian's own command line (`obsidian codex-memory:context task="…"`, `obsidian codex-memory:checkpoint`),
// registered with Plugin.registerCliHandler. Each verb calls the core workflow the palette commands and the
// codex-memory CLI call: contextPack for context, autoCheckpoint for checkpoint. A terminal has nobody to
// review a plan, so checkpoint proposes the changes in the memory inbox (with `apply`, it also applies what
// `codex-memory checkpoint --yes` would), exactly as the watcher does for a session that finished unseen.
import { Platform, type CliData } from 'obsidian';
import { autoCheckpoint, checkpointedThreads } from '../core/checkpoint/workflow';
import { contextPack } from '../core/recall/context';
import { SETTING_LIMITS } from '../core/settings-migrate';
import { plural } from '../core/text';
import { desktopCodex, isCodexHomeError } from '../obsidian/desktop-codex';
import type { CodexMemoryPluginHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { codexHomeMessage } from './checkpoint-latest';

export const CONTEXT_VERB = 'codex-memory:context';
export const CHECKPOINT_VERB = 'codex-memory:checkpoint';

export function registerCliHandlers(plugin: CodexMemoryPluginHost): void {
  plugin.registerCliHandler(
    CONTEXT_VERB,
    'Print the notes a new Codex session would be given for a task (the same pack as the SessionStart hook)',
    {
      task: { value: '<task>', description: 'What the session is about', required: true },
      cwd: { value: '<folder>', description: "The session's working folder; picks the project" },
      budget: { value: '<tokens>', description: 'Most o200k tokens in the pack (default: the context budget setting)' },
    },
    (params) => contextVerb(plugin, params),
  );
  plugin.registerCliHandler(
    CHECKPOINT_VERB,
    'Checkpoint the newest finished Codex session: its changes wait in the memory inbox for review',
    { apply: { description: 'Also apply the changes that need no review (as codex-memory checkpoint --yes)' } },
    (params) => checkpointVerb(plugin, params),
  );
}

export async function contextVerb(plugin: CodexMemoryPluginHost, params: CliData): Promise<string> {
  const task = (params.task ?? '').trim();
  if (!task || task === 'true') return 'Give the task: obsidian codex-memory:context task="what the session is about"';
  let budget: number | undefined;
  if (params.budget !== undefined) {
    budget = Number(params.budget);
    const { min, max } = SETTING_LIMITS.contextBudget;
    if (!Number.isInteger(budget) || budget < min || budget > max) return `budget must be a whole number from ${min} to ${max}.`;
  }
  const cwd = params.cwd && params.cwd !== 'true' ? params.cwd : undefined;
  const pack = await contextPack(await servicesOf(plugin).memoryHost(), { task, ...(cwd ? { cwd } : {}), ...(budget ? { budget } : {}) });
  return pack.items.length ? pack.text : 'No notes to include for this task and folder.';
}

export async function checkpointVerb(plugin: CodexMemoryPluginHost, params: CliData): Promise<string> {
  if (!Platform.isDesktop) return 'Checkpointing needs the desktop app, which can read Codex sessions.';
  const host = await servicesOf(plugin).memoryHost();
  const codex = (await desktopCodex()).sessions(plugin.settings.codexHome);
  const done = await checkpointedThreads(host);
  let sessions;
  try {
    ({ sessions } = await codex.list((t) => done.has(t)));
  } catch (err) {
    if (isCodexHomeError(err)) return codexHomeMessage(err);
    throw err;
  }
  const next = sessions.find((s) => s.finished && !s.checkpointed);
  if (!next) return sessions.length ? 'Every finished Codex session is already checkpointed.' : `No Codex sessions in ${codex.home} yet.`;
  const out = await autoCheckpoint(
    host,
    await codex.read(next.path),
    { thread: next.thread, transcript: next.path, ...(next.cwd ? { cwd: next.cwd } : {}) },
    params.apply === 'true' ? 'apply' : 'inbox',
  );
  const lines = [`Checkpointed session ${next.thread.slice(0, 8)}.`];
  if (out.applied) lines.push(`Applied ${plural(out.applied, 'change')} (checkpoint ${out.checkpoint}).`);
  if (out.proposal) lines.push(`Waiting for review in ${out.proposal} (Review memory inbox).`);
  if (out.result === 'unchanged') lines.push('Nothing new to remember.');
  return lines.join('\n');
}

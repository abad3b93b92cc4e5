// A checkpoint as the plugin runs it, in two steps with a person in between: plan (distil the session and
// work out the note changes; nothing is written), then apply exactly the changes the person accepted.
import type { Thread } from '../core/codex/thread';
import type { DistillerDeps } from '../core/distill/create-distiller';
import { createDistiller } from '../core/distill/create-distiller';
import type { DistillerName } from '../core/distill/distiller';
import { sdkClientFactory } from '../core/distill/openai';
import type { DistillerKind } from '../core/settings';
import { applyPlan, type ApplyResult } from '../core/memory/apply';
import { ledgerView } from '../core/memory/journal';
import { LedgerStore } from '../core/memory/ledger';
import type { Plan } from '../core/memory/plan';
import { planCheckpoint } from '../core/memory/planner';
import { desktopCodex } from '../obsidian/desktop-codex';
import type { ObsidianVault } from '../obsidian/open-vault';
import { requestUrlFetch } from '../obsidian/request-url-fetch';
import type { CodexMemoryHost } from './host';

export interface PlannedCheckpoint {
  thread: Thread;
  plan: Plan;
  distiller: DistillerName;
}

export type Progress = (message: string) => void;

export const DISTILLER_LABEL: Record<DistillerKind, string> = {
  offline: 'offline rules',
  openai: 'OpenAI-compatible model',
  codex: 'Codex CLI',
};

export function ledgerStoreOf(vault: ObsidianVault): LedgerStore {
  return new LedgerStore(vault.state, vault.settings.folders.stateDir);
}

/** The session ids the ledger has checkpointed (read only; an interrupted run is not finished here). */
export async function checkpointedThreads(vault: ObsidianVault): Promise<Set<string>> {
  const ledger = await ledgerView(vault.store, ledgerStoreOf(vault));
  return new Set(Object.keys(ledger.sessions));
}

async function distillerDeps(host: CodexMemoryHost, kind: DistillerKind): Promise<DistillerDeps> {
  // Through requestUrl: a local model server need not allow the app's origin (CORS).
  if (kind === 'openai') return { apiKey: host.apiKey() ?? undefined, openaiClient: sdkClientFactory(requestUrlFetch()) };
  if (kind === 'codex') return { codexRunner: (await desktopCodex()).codexRunner() };
  return {};
}

/** Distils the thread (with the configured distiller unless told otherwise) and plans the note changes. Writes nothing. */
export async function planThread(
  host: CodexMemoryHost, thread: Thread, progress: Progress = () => undefined, kind: DistillerKind = host.settings.distiller,
): Promise<PlannedCheckpoint> {
  const distiller = createDistiller(host.settings, await distillerDeps(host, kind), kind);
  progress(`Distilling with the ${DISTILLER_LABEL[kind]}…`);
  const learnings = await distiller.distill(thread, { onProgress: progress });
  progress('Planning note changes…');
  const vault = host.openVault();
  const ledger = await ledgerView(vault.store, ledgerStoreOf(vault));
  // Project detection by git remote reads the repository's config; without Node it matches by path only.
  const readGitConfig = await desktopCodex().then((d) => d.readGitConfig, () => undefined);
  const plan = await planCheckpoint({ thread, learnings, vault: vault.store, ledger, settings: vault.settings, now: new Date(), readGitConfig });
  return { thread, plan, distiller: distiller.name };
}

/** Writes the accepted changes (each note only while it still reads as the plan saw it). */
export async function applyAccepted(host: CodexMemoryHost, plan: Plan, accepted: Iterable<string>): Promise<ApplyResult> {
  const vault = host.openVault();
  return applyPlan(plan, accepted, vault.store, ledgerStoreOf(vault));
}

// The host the plugin hands to the core workflows (src/core/host.ts): the vault through app.vault, the
// in-memory recall index the plugin keeps current, the key from SecretStorage, model calls through
// requestUrl, and, on desktop only, Codex's files and `codex exec` (loaded on first use, never in onload).
import type { CodexRunner } from '../core/distill/codex';
import { createDistiller, type DistillerDeps } from '../core/distill/create-distiller';
import { sdkClientFactory } from '../core/distill/openai';
import type { MemoryHost } from '../core/host';
import { embedderFor } from '../core/recall/embeddings';
import type { MemoryIndex } from '../core/recall/memory-index';
import type { DistillerKind } from '../core/settings';
import { desktopCodex, type DesktopCodex } from '../obsidian/desktop-codex';
import { requestUrlFetch } from '../obsidian/request-url-fetch';
import type { CodexMemoryHost } from './host';

export interface PluginHostOptions {
  /** The plugin's recall index (PluginServices keeps it current). */
  index: () => Promise<MemoryIndex>;
  /** A fixed clock (the watcher's check time). */
  now?: () => Date;
}

async function distillerDeps(host: CodexMemoryHost, kind: DistillerKind, codex: () => Promise<CodexRunner>): Promise<DistillerDeps> {
  // Through requestUrl: a local model server need not allow the app's origin (CORS).
  if (kind === 'openai') return { apiKey: host.apiKey() ?? undefined, openaiClient: sdkClientFactory(requestUrlFetch()) };
  if (kind === 'codex') return { codexRunner: await codex() };
  return {};
}

/** Built per operation (settings may have changed since the last one); cheap. */
export async function pluginMemoryHost(host: CodexMemoryHost, opts: PluginHostOptions): Promise<MemoryHost> {
  const vault = host.openVault();
  // Project detection by git remote reads the repository's config; without Node it matches by path only.
  const desktop: DesktopCodex | null = await desktopCodex().catch(() => null);
  return {
    store: vault.store,
    state: vault.state,
    settings: vault.settings,
    readGitConfig: desktop?.readGitConfig,
    now: opts.now ?? (() => new Date()),
    distiller: async (kind) =>
      createDistiller(vault.settings, await distillerDeps(host, kind, async () => (desktop ?? (await desktopCodex())).codexRunner()), kind),
    index: opts.index,
    embedder: () => embedderFor(vault.settings, { apiKey: host.apiKey(), fetch: requestUrlFetch() }),
    ...(desktop ? { readSession: (path: string) => desktop.sessions(vault.settings.codexHome).read(path), fileExists: desktop.fileExists } : {}),
    warn: (message) => console.warn(`Codex Memory: ${message}`),
  };
}

// The host every Node shell (CLI commands, hooks, the MCP server) builds once per run: the vault's stores
// and settings, the disk's git config reader, `codex exec`, the keys from the environment, and the recall
// index loaded from `.codex-memory/recall/`. The core workflows take it (src/core/host.ts).
import type { Thread } from '../core/codex/thread';
import type { MemoryHost, PackCache } from '../core/host';
import { embedderFor, type Embedder } from '../core/recall/embeddings';
import type { MemoryIndex } from '../core/recall/memory-index';
import type { ContextPack } from '../core/recall/types';
import { fileExists } from './file-exists';
import { readGitConfig } from './git-remote';
import type { NodeVault } from './open-vault';
import { loadNodeIndex, type LoadIndexOptions } from './recall-index';

export interface NodeHostOptions {
  /** The environment keys and model overrides come from (OPENAI_API_KEY, OPENAI_BASE_URL, CODEX_MEMORY_MODEL). */
  env?: NodeJS.ProcessEnv;
  /** How the saved index is checked against the vault ('folders' for the SessionStart hook's time). */
  indexCheck?: LoadIndexOptions['check'];
  /** Overrides how the index is got (the MCP server keeps one fresh across calls). */
  index?: () => Promise<MemoryIndex>;
  /** Where warnings go (default: nowhere). */
  warn?: (message: string) => void;
  /** A fixed clock (tests, benches). */
  now?: () => Date;
  /** An embedder to use instead of the OpenAI-compatible endpoint (tests). */
  embedder?: Embedder;
  /** The whole-pack cache (the hook's quick path; src/node/pack-cache.ts). */
  packCache?: PackCache<ContextPack>;
  /** The Codex home a rollout's thread name is looked up in. */
  codexHome?: string;
}

export type NodeHost = MemoryHost & { readonly vault: NodeVault };

export function nodeHost(vault: NodeVault, opts: NodeHostOptions = {}): NodeHost {
  const env = opts.env ?? process.env;
  const warn = opts.warn ?? (() => undefined);
  let index: Promise<MemoryIndex> | null = null;
  let warnedNoKey = false;
  return {
    vault,
    store: vault.store,
    state: vault.state,
    settings: vault.settings,
    readGitConfig,
    fileExists,
    packCache: opts.packCache,
    now: opts.now ?? (() => new Date()),
    warn,
    // Distillers and rollout reading are loaded when used: a hook that only reads the index must start fast.
    async distiller(kind) {
      const [{ createDistiller, modelOverridesFromEnv }, { createCodexExecRunner }] = await Promise.all([
        import('../core/distill/create-distiller'),
        import('./codex-exec'),
      ]);
      return createDistiller(
        vault.settings,
        { ...modelOverridesFromEnv(env), codexRunner: kind === 'codex' ? createCodexExecRunner({ env }) : undefined },
        kind,
      );
    },
    index() {
      if (opts.index) return opts.index();
      if (!index) {
        index = loadNodeIndex(vault, { check: opts.indexCheck ?? 'full' });
        // A failed load is not kept: the next call tries again.
        index.catch(() => {
          index = null;
        });
      }
      return index;
    },
    embedder() {
      if (opts.embedder) return opts.embedder;
      const embedder = embedderFor(vault.settings, { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL });
      if (!embedder && vault.settings.embeddings && !warnedNoKey) {
        warnedNoKey = true;
        warn('embeddings are on but OPENAI_API_KEY is not set; using full-text search only');
      }
      return embedder;
    },
    readSession: async (path: string): Promise<Thread> => (await import('./find-session')).readThread(path, opts.codexHome),
  };
}

// The one interface each shell builds once and hands to the core workflows (docs/architecture.md, "Hosts"):
// the CLI, hooks and MCP server build it in src/node/host.ts, the plugin in src/plugin/memory-host.ts. What
// differs between them (how files are read, where keys come from, how `codex exec` runs) lives behind it, so
// checkpoint and recall are written once, in src/core/checkpoint/ and src/core/recall/context.ts.
import type { Thread } from './codex/thread';
import type { Distiller } from './distill/distiller';
import type { Embedder } from './recall/embeddings';
import type { MemoryIndex } from './recall/memory-index';
import type { ReadGitConfig } from './recall/project';
import type { ContextPack } from './recall/types';
import type { CodexMemorySettings, DistillerKind } from './settings';
import type { StateStore, VaultStore } from './vault/store';

/** The vault as the workflows see it: notes, program state and the settings in force. */
export interface MemoryVault {
  readonly store: VaultStore;
  readonly state: StateStore;
  readonly settings: CodexMemorySettings;
}

/** A context pack stored by a host that can tell cheaply whether what it was built from has changed. */
export interface PackCache<P> {
  get(key: string, now: number): Promise<P | null>;
  /** `sources` are the vault-relative notes the pack was read from. */
  put(key: string, pack: P, sources: Iterable<string>, now: number): Promise<void>;
}

export interface MemoryHost extends MemoryVault {
  /** Reads `<dir>/.git/config`, so a project is found by its git remote (absent where there is no disk). */
  readonly readGitConfig?: ReadGitConfig;
  /** The clock (tests fix it). */
  now(): Date;
  /** Builds the distiller of that kind with this shell's keys and runners; throws DistillError when it cannot. */
  distiller(kind: DistillerKind): Promise<Distiller>;
  /** The recall index, as fresh as this shell keeps it. */
  index(): Promise<MemoryIndex>;
  /** An embedder when embeddings are on and usable here, else null (full-text search only). */
  embedder(): Embedder | null;
  /** Reads a Codex rollout file into a thread (absent where Codex's files cannot be read). */
  readSession?(path: string): Promise<Thread>;
  /** Where a warning a person should see goes (stderr, the console). */
  warn(message: string): void;
  /** Whether a file exists on disk (absent where there is none): the pack's staleness check (recall/stale.ts). */
  fileExists?(path: string): Promise<boolean>;
  /** Optional cache of whole packs (the SessionStart hook's quick path). */
  readonly packCache?: PackCache<ContextPack>;
}

/** What the checkpoint loop needs of a host. */
export type CheckpointHost = Pick<MemoryHost, 'store' | 'state' | 'settings' | 'readGitConfig' | 'now' | 'distiller' | 'readSession'>;

/** What the recall loop needs of a host. */
export type RecallHost = Pick<
  MemoryHost,
  'state' | 'settings' | 'readGitConfig' | 'now' | 'index' | 'embedder' | 'warn' | 'packCache' | 'fileExists'
>;

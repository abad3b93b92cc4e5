// One interface for the three ways of reading a session: offline rules (default), an OpenAI-compatible
// model, or the user's own `codex exec`. Every piece of I/O a distiller needs arrives through DistillerDeps,
// so this code runs the same in the CLI, the plugin and the tests.
import type { Thread } from '../codex/thread';
import type { Learnings } from './learnings';

export interface ExistingBullet {
  /** Vault-relative note path. */
  path: string;
  /** The bullet's text as it stands in the note. */
  text: string;
  /** Its block id (`cm-…`), when it has one. */
  block?: string;
}

export interface DistillContext {
  /** Memory bullets relevant to this session, so a model can say "already known" or "this replaces that". */
  existing?: ExistingBullet[];
  signal?: AbortSignal;
  /** Short progress lines for long runs (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
  /** Upper bound on tokens sent to a model for this checkpoint (overrides the setting). */
  tokenCap?: number;
}

export type DistillerName = 'offline' | 'openai' | 'codex';

export interface Distiller {
  name: DistillerName;
  distill(thread: Thread, ctx?: DistillContext): Promise<Learnings>;
}

// The messages between the plugin and recall-worker.js: the notes go in, the built index comes back whole
// (core/recall/memory-index.ts, serializeForTransfer), or why it could not be built.
import type { IndexTransfer } from '../../core/recall/memory-index';
import type { NoteInput } from '../../core/recall/types';

/** The file beside main.js that holds the worker (esbuild.config.mjs builds it from worker.ts). */
export const INDEX_WORKER_FILE = 'recall-worker.js';

export interface BuildRequest {
  notes: NoteInput[];
}

export type BuildReply = ({ ok: true } & IndexTransfer) | { ok: false; error: string };

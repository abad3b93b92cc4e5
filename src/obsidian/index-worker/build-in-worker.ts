// The plugin's side of recall-worker.js: post the notes, take the built index back, stop the worker. Any
// failure (no reply in time, an error in the worker, a reply that does not restore) rejects, and the caller
// builds on the main thread instead: the index is never lost because the worker was.
import { MemoryIndex } from '../../core/recall/memory-index';
import type { NoteInput } from '../../core/recall/types';
import type { BuildReply, BuildRequest } from './protocol';

/** A started worker, as the build uses it (a Web Worker in Obsidian; Node's worker_threads in the tests). */
export interface RunningWorker {
  post(request: BuildRequest): void;
  stop(): void;
}

/** Starts the worker from its code, or null where workers cannot run here. */
export type StartWorker = (code: string, onReply: (reply: BuildReply) => void, onError: (why: string) => void) => RunningWorker | null;

/** A Web Worker over a Blob URL of the code; null where there is none (jest, obsidian-test-mocks, odd webviews). */
export const startWebWorker: StartWorker = (code, onReply, onError) => {
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
  worker.onmessage = (event: MessageEvent<BuildReply>) => onReply(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    onError(event.message || 'the worker failed to start');
  };
  worker.onmessageerror = () => onError('its reply could not be read');
  return {
    post: (request) => worker.postMessage(request),
    stop: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
};

/** How long a build may take in the worker before it is given up (generous: a phone is slow). */
export function workerTimeout(notes: number): number {
  return 60_000 + notes * 5;
}

/**
 * The index MemoryIndex.build(notes) gives, built by the worker; null when no worker can start here.
 * Rejects when the worker fails or does not answer within timeoutMs; the worker is stopped either way.
 */
export function buildInWorker(
  notes: NoteInput[],
  code: string,
  start: StartWorker,
  timeoutMs = workerTimeout(notes.length),
): Promise<MemoryIndex | null> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: number | undefined;
    let worker: RunningWorker | null = null;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      window.clearTimeout(timer);
      worker?.stop();
      then();
    };
    const fail = (why: string) => settle(() => reject(new Error(`the recall index could not be built in a worker: ${why}`)));
    const onReply = (reply: BuildReply) => {
      if (!reply.ok) return fail(reply.error);
      let index: MemoryIndex;
      try {
        index = MemoryIndex.restore(reply);
      } catch (err) {
        return fail(err instanceof Error ? err.message : String(err));
      }
      settle(() => resolve(index));
    };
    worker = start(code, onReply, fail);
    if (!worker) return resolve(null);
    // It failed while starting: settle() ran before there was a worker to stop.
    if (settled) return worker.stop();
    timer = window.setTimeout(() => fail(`no reply in ${timeoutMs} ms`), timeoutMs);
    try {
      worker.post({ notes });
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });
}

// Entry of recall-worker.js: builds the recall index off Obsidian's main thread (a cold build of 10k notes
// takes seconds, and the person must be able to type meanwhile). Core code only: a worker has no `obsidian`
// and no Node. One request, one reply; the plugin terminates the worker after it.
import { MemoryIndex } from '../../core/recall/memory-index';
import type { BuildReply, BuildRequest } from './protocol';

interface WorkerScope {
  onmessage: ((event: { data: BuildRequest }) => void) | null;
  postMessage(message: BuildReply, transfer: ArrayBuffer[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = ({ data }) => {
  let reply: BuildReply;
  try {
    reply = { ok: true, ...MemoryIndex.build(data.notes).serializeForTransfer() };
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }, []);
    return;
  }
  // The segment's buffer moves to the plugin rather than being copied.
  scope.postMessage(reply, [reply.fullText.buffer as ArrayBuffer]);
};

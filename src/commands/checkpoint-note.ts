// "Checkpoint the current note": a Codex session pasted or exported into a note (its rollout lines, bare or
// in a code block) goes through the same distil-and-review as a session read from CODEX_HOME.
import type { TFile } from 'obsidian';
import { NotARolloutError, RolloutParser } from '../core/codex/rollout-parser';
import type { Thread } from '../core/codex/thread';
import { blockIdFor, parseNote } from '../core/notes';
import type { ApplyResult } from '../core/memory/apply';
import type { CodexMemoryHost } from '../plugin/host';
import { CheckpointStop, reviewCheckpoint } from './review-checkpoint';

const FENCE = /^\s*(`{3,}|~{3,})/;

/** The session in a note's text. Throws NotARolloutError when the note holds none. */
export function threadFromNote(path: string, text: string): Thread {
  const parser = new RolloutParser({
    path,
    container: 'jsonl',
    // A session with no id of its own (a fragment) gets one from the note, so checkpointing it twice is idempotent.
    fallbackId: `note-${blockIdFor(`note:${path}`).slice(3)}`,
  });
  for (const line of parseNote(path, text).body.split(/\r?\n/)) {
    if (!FENCE.test(line)) parser.push(line);
  }
  return parser.finish();
}

export function checkpointNote(host: CodexMemoryHost, file: TFile): Promise<ApplyResult | null> {
  return reviewCheckpoint(host, async (progress) => {
    progress.step(`Reading ${file.path}…`);
    const text = await host.app.vault.cachedRead(file);
    try {
      return threadFromNote(file.path, text);
    } catch (err) {
      if (err instanceof NotARolloutError) {
        throw new CheckpointStop(
          `${file.path} does not hold a Codex session. Paste the session's rollout lines (from ~/.codex/sessions/…/rollout-….jsonl) into the note, then run this again.`,
        );
      }
      throw err;
    }
  });
}

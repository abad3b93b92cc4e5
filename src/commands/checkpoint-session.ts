// "Checkpoint a Codex session…": pick any session from CODEX_HOME, then the same review as the ribbon.
import { Notice } from 'obsidian';
import type { SessionSummary } from '../core/codex/thread';
import { desktopCodex, isCodexHomeError, type CodexSessions } from '../obsidian/desktop-codex';
import { checkpointedThreads } from '../core/checkpoint/workflow';
import type { CodexMemoryHost } from '../plugin/host';
import { SessionPickerModal } from '../ui/session-picker';
import { codexHomeMessage } from './checkpoint-latest';
import { reviewCheckpoint } from './review-checkpoint';

/** Lists the sessions and opens the picker; resolves with the picker (for tests) or null when there is nothing to pick. */
export async function pickSessionToCheckpoint(host: CodexMemoryHost): Promise<SessionPickerModal | null> {
  let codex: CodexSessions;
  let sessions: SessionSummary[];
  try {
    codex = (await desktopCodex()).sessions(host.settings.codexHome);
    const done = await checkpointedThreads(host.openVault());
    ({ sessions } = await codex.list((t) => done.has(t)));
  } catch (err) {
    new Notice(isCodexHomeError(err) ? codexHomeMessage(err) : `Could not list Codex sessions: ${(err as Error).message}`, 0);
    return null;
  }
  if (sessions.length === 0) {
    new Notice(`No Codex sessions in ${codex.home} yet.`);
    return null;
  }
  const modal = new SessionPickerModal(host.app, sessions, (s) => {
    void reviewCheckpoint(host, async (progress) => {
      progress.step(`Reading ${s.name ?? s.thread.slice(0, 8)}…`);
      return codex.read(s.path);
    });
  });
  modal.open();
  return modal;
}

// The ribbon action and command "Checkpoint latest Codex session": the newest finished session the ledger
// has not checkpointed yet, distilled and opened for review. Without Node (Obsidian on a phone) Codex's
// sessions cannot be read, so it says how to do the same from a terminal, with the vault's real path.
import { FileSystemAdapter, Notice, Platform } from 'obsidian';
import type { ApplyResult } from '../core/memory/apply';
import { desktopCodex, isCodexHomeError } from '../obsidian/desktop-codex';
import { checkpointedThreads } from '../core/checkpoint/workflow';
import type { CodexMemoryHost } from '../plugin/host';
import { CheckpointStop, reviewCheckpoint } from './review-checkpoint';

export function checkpointLatestFallbackMessage(vaultPath: string | null): string {
  const vault = vaultPath ? JSON.stringify(vaultPath) : 'YOUR_VAULT';
  return `Checkpointing from Obsidian needs the desktop app. In a terminal, run: codex-memory checkpoint --latest --vault ${vault}`;
}

export function codexHomeMessage(err: Error): string {
  return `${err.message.replace(/ Set CODEX_HOME or pass --codex-home DIR\.$/, '')} Set the Codex home folder in the plugin settings (Codex sessions), or set CODEX_HOME.`;
}

export async function checkpointLatestSession(host: CodexMemoryHost): Promise<ApplyResult | null> {
  if (!Platform.isDesktop) {
    const adapter = host.app.vault.adapter;
    new Notice(checkpointLatestFallbackMessage(adapter instanceof FileSystemAdapter ? adapter.getBasePath() : null), 0);
    return null;
  }
  return reviewCheckpoint(host, async (progress) => {
    progress.step('Looking for the newest finished Codex session…');
    const codex = (await desktopCodex()).sessions(host.settings.codexHome);
    const done = await checkpointedThreads(host.openVault());
    let sessions;
    try {
      ({ sessions } = await codex.list((t) => done.has(t)));
    } catch (err) {
      if (isCodexHomeError(err)) throw new CheckpointStop(codexHomeMessage(err));
      throw err;
    }
    const next = sessions.find((s) => s.finished && !s.checkpointed);
    if (!next) {
      const running = sessions.filter((s) => !s.finished).length;
      throw new CheckpointStop(
        sessions.length === 0
          ? `No Codex sessions in ${codex.home} yet.`
          : `Every finished Codex session in ${codex.home} is already checkpointed${running ? ` (${running} still running)` : ''}. Use "Checkpoint a Codex session…" to pick one.`,
      );
    }
    progress.step(`Reading ${next.name ?? next.firstPrompt?.slice(0, 60) ?? next.thread.slice(0, 8)}…`);
    return codex.read(next.path);
  });
}

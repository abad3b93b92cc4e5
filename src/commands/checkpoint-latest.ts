// The ribbon action "Checkpoint latest Codex session". The review flow (find the newest finished session,
// distil it, open the review modal) is built on top of this entry point (issue 6); until then it tells the
// person how to do the same from a terminal, with their vault's real path.
import { FileSystemAdapter, Notice } from 'obsidian';
import type { CodexMemoryHost } from '../plugin/host';

export function checkpointLatestFallbackMessage(vaultPath: string | null): string {
  const vault = vaultPath ? JSON.stringify(vaultPath) : 'YOUR_VAULT';
  return `Checkpointing from Obsidian is not available in this version. In a terminal, run: codex-memory checkpoint --latest --vault ${vault}`;
}

export function checkpointLatestSession(host: CodexMemoryHost): void {
  const adapter = host.app.vault.adapter;
  const base = adapter instanceof FileSystemAdapter ? adapter.getBasePath() : null;
  new Notice(checkpointLatestFallbackMessage(base), 0);
}

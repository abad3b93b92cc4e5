// "Install Codex hooks": adds Codex Memory's SessionStart, UserPromptSubmit, Stop and SessionEnd hooks to Codex's hooks.json,
// pointing at this vault. The hooks run the codex-memory command line; when it cannot be found, the command
// to run in a terminal is copied instead.
import { FileSystemAdapter, Notice, Platform } from 'obsidian';
import { desktopCodex } from '../obsidian/desktop-codex';
import { findCodexMemoryCli, installHooks, warmIndex, type FoundCli } from '../obsidian/desktop-hooks';
import type { CodexMemoryHost } from '../plugin/host';

export const TRUST_STEP =
  'One step left: start Codex in a terminal, type /hooks and trust the Codex Memory hooks (Codex skips new hooks until you do).';

/** Folders npm and Homebrew install commands into, which Obsidian's PATH often lacks on macOS. */
const USUAL_BIN_DIRS = ['/usr/local/bin', '/opt/homebrew/bin'];

export function terminalCommand(vaultRoot: string): string {
  return `codex-memory hooks install --vault ${JSON.stringify(vaultRoot)}`;
}

export async function installCodexHooks(host: CodexMemoryHost, find: () => Promise<FoundCli | null> = defaultFind): Promise<string> {
  const adapter = host.app.vault.adapter;
  if (!Platform.isDesktop || !(adapter instanceof FileSystemAdapter)) {
    const message = 'Codex hooks can only be installed from the desktop app, or with the command line: codex-memory hooks install --vault YOUR_VAULT';
    new Notice(message, 0);
    return message;
  }
  const root = adapter.getBasePath();
  let message: string;
  try {
    const cli = await find();
    if (!cli) {
      await navigator.clipboard?.writeText(terminalCommand(root)).catch(() => undefined);
      message = `The codex-memory command line was not found on this computer, so the hooks were not installed. Run this in a terminal (it is on your clipboard): ${terminalCommand(root)}`;
    } else {
      const done = await installHooks(cli, (await desktopCodex()).codexHome(host.settings.codexHome), root);
      // The index is built ahead, so the first session gets its full memory rather than the quick pack.
      await warmIndex(cli, root);
      message = done.changed
        ? `Installed Codex Memory's hooks in ${done.file}${done.backup ? ` (the previous file is saved as ${done.backup})` : ''}. The recall index is being built in the background. ${TRUST_STEP}`
        : `Codex Memory's hooks for this vault are already in ${done.file}; nothing changed.`;
    }
  } catch (err) {
    message = `Codex hooks were not installed: ${(err as Error).message}`;
  }
  new Notice(message, 0);
  return message;
}

function defaultFind(): Promise<FoundCli | null> {
  // Electron gives the window Node's `process`; its PATH is where a terminal would look for commands.
  const env = (window as unknown as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return findCodexMemoryCli(env.PATH ?? '', USUAL_BIN_DIRS);
}

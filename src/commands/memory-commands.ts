// The palette commands of issue 6, each a call into its own file. Sentence case, no default hotkeys.
import type { CodexMemoryPluginHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { updateAgentsMdForProject } from './agents-md';
import { checkpointLatestSession } from './checkpoint-latest';
import { checkpointNote } from './checkpoint-note';
import { pickSessionToCheckpoint } from './checkpoint-session';
import { copyContextForNewSession } from './copy-context';
import { installCodexHooks } from './install-hooks';
import { rebuildMemoryIndex } from './rebuild-index';
import { reviewMemoryInbox } from './review-inbox';
import { reviewStaleMemory } from './review-stale';
import { undoLastCheckpointCommand } from './undo-checkpoint';

/** Commands report their own failures in notices; this only keeps a stray rejection out of the console. */
const quietly = (p: Promise<unknown>) => void p.catch((err: unknown) => console.error('Codex Memory:', err));

export function registerMemoryCommands(plugin: CodexMemoryPluginHost): void {
  servicesOf(plugin).openInbox = () => void reviewMemoryInbox(plugin);
  plugin.addCommand({
    id: 'checkpoint-latest-session',
    name: 'Checkpoint latest Codex session',
    callback: () => quietly(checkpointLatestSession(plugin)),
  });
  plugin.addCommand({ id: 'checkpoint-session', name: 'Checkpoint a Codex session…', callback: () => quietly(pickSessionToCheckpoint(plugin)) });
  plugin.addCommand({
    id: 'checkpoint-current-note',
    name: 'Checkpoint the current note',
    checkCallback: (checking) => {
      const file = plugin.app.workspace.getActiveFile();
      if (!file || file.extension !== 'md') return false;
      if (!checking) quietly(checkpointNote(plugin, file));
      return true;
    },
  });
  plugin.addCommand({ id: 'review-memory-inbox', name: 'Review memory inbox', callback: () => void reviewMemoryInbox(plugin) });
  plugin.addCommand({ id: 'review-stale-memory', name: 'Review stale memory', callback: () => void reviewStaleMemory(plugin) });
  plugin.addCommand({ id: 'copy-context', name: 'Copy context for a new Codex session…', callback: () => quietly(copyContextForNewSession(plugin)) });
  plugin.addCommand({
    id: 'update-agents-md',
    name: 'Update AGENTS.md memory block for a project…',
    callback: () => quietly(updateAgentsMdForProject(plugin)),
  });
  plugin.addCommand({ id: 'undo-last-checkpoint', name: 'Undo last checkpoint', callback: () => quietly(undoLastCheckpointCommand(plugin)) });
  plugin.addCommand({ id: 'rebuild-memory-index', name: 'Rebuild memory index', callback: () => quietly(rebuildMemoryIndex(plugin)) });
  plugin.addCommand({ id: 'install-codex-hooks', name: 'Install Codex hooks', callback: () => quietly(installCodexHooks(plugin)) });
}

// Every palette command and the ribbon action. Sentence case, no default hotkeys. Feature modules add
// their commands here, each as one call to a function in this folder.
import { registerCliHandlers } from './cli-handlers';
import type { CodexMemoryPluginHost } from '../plugin/host';
import { checkpointLatestSession } from './checkpoint-latest';
import { initializeMemoryVault } from './initialize-vault';
import { registerMemoryCommands } from './memory-commands';

export const RIBBON_ICON = 'brain-circuit';
export const RIBBON_TITLE = 'Checkpoint latest Codex session';

export function registerCommands(plugin: CodexMemoryPluginHost): void {
  plugin.addCommand({
    id: 'initialize-memory-vault',
    name: 'Initialize memory vault',
    callback: () => {
      initializeMemoryVault(plugin).catch(() => undefined); // The notice already said what went wrong.
    },
  });
  registerMemoryCommands(plugin);
  registerCliHandlers(plugin);
}

export function registerRibbon(plugin: CodexMemoryPluginHost): void {
  plugin.addRibbonIcon(RIBBON_ICON, RIBBON_TITLE, () => void checkpointLatestSession(plugin));
}

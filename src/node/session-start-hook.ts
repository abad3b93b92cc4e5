// The SessionStart hook's work: the context pack for the session's project, as the body Codex expects.
import { renderSessionStartOutput } from '../core/delivery/hook-output';
import type { HookInput } from '../core/delivery/hook-input';
import { buildContextPack } from '../core/recall';
import { openNodeVault } from './open-vault';
import { loadNodeIndex, readGitConfig } from './recall-index';

/**
 * Codex cuts hook output above about 2,500 tokens (the model then sees a head, a tail and a file path), so
 * the pack for a hook never exceeds this, whatever the configured budget.
 */
export const HOOK_MAX_BUDGET = 2400;

/** The JSON body for Codex, or null when the vault has nothing for this session. */
export async function sessionStartOutput(vaultDir: string, input: HookInput, fallbackCwd: string): Promise<string | null> {
  const vault = await openNodeVault(vaultDir);
  const index = await loadNodeIndex(vault);
  const pack = await buildContextPack({
    index,
    task: input.prompt ?? '',
    cwd: input.cwd ?? fallbackCwd,
    readGitConfig,
    budget: Math.min(vault.settings.contextBudget, HOOK_MAX_BUDGET),
    settings: vault.settings,
    now: Date.now(),
  });
  if (pack.items.length === 0) return null;
  return renderSessionStartOutput(pack.text) || null;
}

// The SessionStart hook's work: the context pack for the session's project, as the body Codex expects.
import * as path from 'node:path';
import { renderSessionStartOutput } from '../core/delivery/hook-output';
import type { HookInput } from '../core/delivery/hook-input';
import { openNodeVault } from './open-vault';
import { nodeContextPack } from './recall-pack';

/**
 * Codex cuts hook output above about 2,500 tokens (the model then sees a head, a tail and a file path), so
 * the pack for a hook never exceeds this, whatever the configured budget.
 */
export const HOOK_MAX_BUDGET = 2400;

/** The JSON body for Codex, or null when the vault has nothing for this session. */
export async function sessionStartOutput(vaultDir: string, input: HookInput, fallbackCwd: string): Promise<string | null> {
  const vault = await openNodeVault(vaultDir);
  // Served from the pack cache when nothing it was built from changed (no index, no tokenizer to load).
  const pack = await nodeContextPack(vault, {
    task: input.prompt,
    cwd: path.resolve(fallbackCwd, input.cwd ?? '.'),
    budget: Math.min(vault.settings.contextBudget, HOOK_MAX_BUDGET),
  });
  if (pack.items.length === 0) return null;
  return renderSessionStartOutput(pack.text) || null;
}

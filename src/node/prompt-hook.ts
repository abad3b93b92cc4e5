// The UserPromptSubmit hook's work: the notes relevant to the prompt that this session does not hold yet, as
// the body Codex expects, or nothing. Built by the core (src/core/recall/session-recall.ts) over the same
// saved index the SessionStart hook reads. Whole prompt packs are not cached: prompts rarely repeat, and
// each would push a session-start pack out of the small pack cache.
import { renderContextOutput } from '../core/delivery/hook-output';
import type { HookInput } from '../core/delivery/hook-input';
import { promptRecall } from '../core/recall/session-recall';
import { appendLog } from './fail-open';
import { nodeHost } from './host';
import { openNodeVault } from './open-vault';
import { HOOK_MAX_BUDGET, refuseWhenCold } from './session-start-hook';

export async function userPromptSubmitOutput(vaultDir: string, input: HookInput, cwd: string, handOff: () => void): Promise<string | null> {
  const vault = await openNodeVault(vaultDir);
  if (!vault.settings.promptRecall || !input.prompt) return null;
  refuseWhenCold(vault, handOff);
  const host = nodeHost(vault, { indexCheck: 'folders', warn: (m) => void appendLog(vault.root, `hook user-prompt-submit: ${m}`) });
  const pack = await promptRecall(host, {
    sessionId: input.sessionId,
    prompt: input.prompt,
    cwd,
    budget: Math.min(vault.settings.promptBudget, HOOK_MAX_BUDGET),
  });
  return pack ? renderContextOutput('UserPromptSubmit', pack.text) || null : null;
}

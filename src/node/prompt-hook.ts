// The UserPromptSubmit hook's work: the notes relevant to the prompt that this session does not hold yet, as
// the body Codex expects, or nothing. Built by the core (src/core/recall/session-recall.ts) over the same
// saved index the SessionStart hook reads. Whole prompt packs are not cached: prompts rarely repeat, and
// each would push a session-start pack out of the small pack cache.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { CITE_ASK_TOKENS, renderContextOutput } from '../core/delivery/hook-output';
import type { HookInput } from '../core/delivery/hook-input';
import { promptRecall } from '../core/recall/session-recall';
import { appendLog } from './fail-open';
import type { HeldIndex } from './held-index';
import { nodeHost } from './host';
import { openNodeVault, type NodeVault } from './open-vault';
import { FULLTEXT_FILE } from './recall-index';
import { HOOK_MAX_BUDGET, refuseWhenCold } from './session-start-hook';

/**
 * A saved full-text segment above this size is more than a prompt should wait to read (it is read, not
 * parsed: about 4 MB at 10k notes, `npm run bench`, so this is far above any vault measured). Past it the
 * hook sends nothing at once instead of holding every prompt up.
 */
export const PROMPT_FULLTEXT_MAX_BYTES = 24 * 1024 * 1024;

function fullTextBytes(vault: NodeVault): number {
  try {
    return statSync(path.join(vault.root, ...vault.settings.folders.stateDir.split('/'), ...FULLTEXT_FILE.split('/'))).size;
  } catch {
    return 0;
  }
}

/** `held`: the index a recall server keeps between prompts (src/node/recall-server/serve.ts); else it is loaded. */
export async function userPromptSubmitOutput(
  vaultDir: string,
  input: HookInput,
  cwd: string,
  handOff: () => void,
  held?: HeldIndex,
): Promise<string | null> {
  const vault = await openNodeVault(vaultDir);
  if (!vault.settings.promptRecall || !input.prompt) return null;
  refuseWhenCold(vault, handOff);
  const bytes = fullTextBytes(vault);
  if (bytes > PROMPT_FULLTEXT_MAX_BYTES) {
    throw new Error(`the full-text index is ${Math.round(bytes / 1048576)} MB, too large to load for every prompt; nothing sent`);
  }
  const host = nodeHost(vault, {
    indexCheck: 'folders',
    index: held?.forRequest(vault, 'folders'),
    warn: (m) => void appendLog(vault.root, `hook user-prompt-submit: ${m}`),
  });
  const pack = await promptRecall(host, {
    sessionId: input.sessionId,
    prompt: input.prompt,
    cwd,
    budget: Math.min(vault.settings.promptBudget, HOOK_MAX_BUDGET) - CITE_ASK_TOKENS,
  });
  return pack ? renderContextOutput('UserPromptSubmit', pack.text) || null : null;
}

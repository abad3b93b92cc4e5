// The SessionStart hook's work: the context pack for the session's project, as the body Codex expects.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CITE_ASK_TOKENS, renderSessionStartOutput } from '../core/delivery/hook-output';
import type { HookInput } from '../core/delivery/hook-input';
import { LockBusyError } from '../core/vault/store';
import { appendLog } from './fail-open';
import type { HeldIndex } from './held-index';
import { acquireWarmLock } from './warm-lock';
import { openNodeVault, type NodeVault } from './open-vault';
import { contextPack } from '../core/recall/context';
import { sessionStartRecall } from '../core/recall/session-recall';
import { nodeHost, type NodeHost } from './host';
import { nodePackCache } from './pack-cache';
import { quickIndex } from './quick-index';
import { editedInPlace, listVault, readListing } from './vault-listing';
import { CATALOG_FILE, scanVault } from './recall-index';

/**
 * Codex cuts hook output above about 2,500 tokens (the model then sees a head, a tail and a file path), so
 * the pack for a hook never exceeds this, whatever the configured budget.
 */
export const HOOK_MAX_BUDGET = 2400;

/**
 * A vault with no saved index and more notes than this is indexed by a detached `hook warm` rather than
 * while Codex waits: building the index is one long synchronous step that no deadline can interrupt.
 */
export const COLD_INLINE_MAX_NOTES = 2000;

/**
 * The vault's notes when its first index would hold the session up (no saved index, more notes than
 * COLD_INLINE_MAX_NOTES), else null: the caller then hands the index off instead of building it.
 */
function tooColdToWait(vault: NodeVault): string[] | null {
  const stateDir = path.join(vault.root, ...vault.settings.folders.stateDir.split('/'));
  if (existsSync(path.join(stateDir, ...CATALOG_FILE.split('/')))) return null;
  const files = scanVault(vault.root, vault.settings.folders.stateDir);
  return files.size > COLD_INLINE_MAX_NOTES ? [...files.keys()] : null;
}

/**
 * The host a hook builds: the index checked by folder only (a hook has little time) unless the vault's
 * listing shows a note edited in place, and packs served from the pack cache when nothing they were built
 * from changed (no index, no tokenizer to load).
 */
export async function hookHost(vault: NodeVault, now?: () => Date, held?: HeldIndex): Promise<NodeHost> {
  // Folder mtimes miss a note edited in place; the listing does not, and then every note is checked.
  const listing = listVault(vault);
  const indexCheck = editedInPlace(listing, await readListing(vault)) ? 'full' : 'folders';
  return nodeHost(vault, { indexCheck, index: held?.forRequest(vault, indexCheck), packCache: nodePackCache(vault, listing), now });
}

/** The pack's share of the budget: the ask to cite the notes used follows it in the same body. */
const hookBudget = (vault: NodeVault) => Math.min(vault.settings.contextBudget, HOOK_MAX_BUDGET) - CITE_ASK_TOKENS;

/** A vault that the first index of would hold the session up: hand it off and start without memory. */
export function refuseWhenCold(vault: NodeVault, handOff: () => void): void {
  if (!tooColdToWait(vault)) return;
  handOff();
  throw new Error(`the vault has more than ${COLD_INLINE_MAX_NOTES} notes and no index yet; building it in the background for the next session`);
}

/**
 * The JSON body for Codex, or null when the vault has nothing for this session. When its first index would
 * take too long, `handOff` is called to build it in the background and this session gets the quick pack. What it gives is recorded
 * for the session, so its prompts and a later resume do not repeat it.
 */
export async function sessionStartOutput(
  vaultDir: string,
  input: HookInput,
  cwd: string,
  handOff: () => void,
  held?: HeldIndex,
): Promise<string | null> {
  const vault = await openNodeVault(vaultDir);
  const cold = tooColdToWait(vault);
  if (cold) {
    handOff();
    await appendLog(
      vault.root,
      `hook session-start: the vault has more than ${COLD_INLINE_MAX_NOTES} notes and no index yet; this session gets its project note, open TODOs and pinned notes, and the full index is built in the background for the next session`,
    );
  }
  // Cold: the project note, open TODOs and pins from a small index (quick-index.ts); never cached, so the
  // next session, with the full index built, gets the whole pack.
  const host = cold ? nodeHost(vault, { index: () => Promise.resolve(quickIndex(vault, cold)) }) : await hookHost(vault, undefined, held);
  const pack = await sessionStartRecall(host, {
    sessionId: input.sessionId,
    source: input.source,
    task: input.prompt,
    cwd,
    budget: hookBudget(vault),
  });
  return pack ? renderSessionStartOutput(pack.text) || null : null;
}

/**
 * What a session start that ran out of time leaves to `hook warm`: building and saving the index and the
 * pack for that folder, so the next session starts with them ready. One warm-up at a time per vault.
 */
export async function warmSessionStart(vaultDir: string, cwd: string): Promise<void> {
  const vault = await openNodeVault(vaultDir);
  let lock;
  try {
    lock = await acquireWarmLock(vault);
  } catch (err) {
    if (err instanceof LockBusyError) return;
    throw err;
  }
  try {
    await contextPack(await hookHost(vault), { task: '', cwd, budget: hookBudget(vault) });
  } finally {
    await lock.release();
  }
}

/**
 * After a checkpoint wrote notes for the session that ran in `cwd`: the index and that folder's SessionStart pack
 * brought up to date by the process that wrote them (the drain runs detached; `checkpoint` has just spent
 * seconds), so the next session start there is served from the pack cache instead of re-indexing the notes and
 * loading the tokenizer while Codex waits. Only for a vault that already has a saved index (a cold one is built by
 * `hook warm`). Never throws: the checkpoint itself is done.
 */
export async function warmAfterCheckpoint(vault: NodeVault, cwd: string | undefined): Promise<void> {
  if (!cwd) return;
  const stateDir = path.join(vault.root, ...vault.settings.folders.stateDir.split('/'));
  if (!existsSync(path.join(stateDir, ...CATALOG_FILE.split('/')))) return;
  try {
    await warmSessionStart(vault.root, cwd);
  } catch {
    // The next session start builds it instead.
  }
}

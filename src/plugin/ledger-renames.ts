// A person who renames or moves a memory note has said where it lives now: the ledger follows, so the
// next checkpoint of the same session or project adds to the note where it is instead of treating it as
// deleted. Edits and deletions need nothing here: the ledger already reads them as the person's word.
import { recoverPending } from '../core/memory/journal';
import type { ObsidianVault } from '../obsidian/open-vault';
import { ledgerStoreOf } from '../core/checkpoint/workflow';

/** Rewrites ledger entries for `oldPath` to `newPath`; true when any did. */
export async function followRename(vault: ObsidianVault, oldPath: string, newPath: string): Promise<boolean> {
  const store = ledgerStoreOf(vault);
  const mentions = (l: Awaited<ReturnType<typeof store.read>>) =>
    Object.values(l.items).some((i) => i.path === oldPath) || Object.values(l.sessions).some((s) => s.note === oldPath);
  // Most renames are of notes the ledger never wrote: no lock for those.
  if (!mentions(await store.read())) return false;
  return vault.store.withLock(async () => {
    await recoverPending(vault.store, store);
    const ledger = await store.read();
    let changed = false;
    for (const item of Object.values(ledger.items)) {
      if (item.path !== oldPath) continue;
      item.path = newPath;
      changed = true;
    }
    for (const session of Object.values(ledger.sessions)) {
      if (session.note !== oldPath) continue;
      session.note = newPath;
      changed = true;
    }
    if (changed) await store.write(ledger);
    return changed;
  });
}

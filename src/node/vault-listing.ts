// The hook's vault-wide change signal: every note's name, size and modification time, folded into one digest
// per folder. A folder's own mtime moves only when a note is added, removed or renamed in it; a note edited in
// place (Obsidian, most editors) moves only its own, so the SessionStart quick path compares these digests,
// kept in `.codex-memory/recall/listing.json`, rather than trusting folder mtimes. One readdir per folder and
// one lstat per note: about what `rg -l` spends walking the vault.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { isIgnoredPath } from '../core/vault/paths';
import type { NodeVault } from './open-vault';

export const LISTING_FILE = 'recall/listing.json';

export interface VaultListing {
  /** Folder (vault-relative, '' for the top) → [its mtime, digest of its notes' names, sizes and mtimes]. */
  folders: Record<string, [number, string]>;
  /** Digest of the whole vault's notes. */
  digest: string;
}

/** FNV-1a, 32 bits, over a string: a change signal, not a security boundary. */
function fnv(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Lists every note by the rules the index scans by (dot-entries, the state folder and ignored folders skipped). */
export function listVault(vault: NodeVault): VaultListing {
  const root = vault.root;
  const stateRel = vault.settings.folders.stateDir;
  const folders: Record<string, [number, string]> = {};
  let all = 0x811c9dc5;
  const walk = (abs: string, rel: string): void => {
    let entries: Dirent[];
    let mtime: number;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
      mtime = statSync(abs).mtimeMs;
    } catch {
      return;
    }
    let h = 0x811c9dc5;
    const sub: [string, string][] = [];
    for (const e of entries) {
      const name = e.name;
      if (name.startsWith('.')) continue;
      // String paths, not path.join: this runs once per note on every session start.
      const childAbs = abs + path.sep + name;
      if (e.isDirectory()) {
        const child = rel ? `${rel}/${name}` : name;
        if (!isIgnoredPath(child.normalize('NFC'), stateRel)) sub.push([childAbs, child]);
      } else if (name.endsWith('.md') && (e.isFile() || e.isSymbolicLink())) {
        // Only folders can be ignored (the state folder): a note's own name never is, once dot-names are out.
        try {
          if (e.isSymbolicLink() && !realpathSync(childAbs).startsWith(root + path.sep)) continue;
          const st = e.isSymbolicLink() ? statSync(childAbs) : lstatSync(childAbs);
          h = fnv(name, h);
          h = Math.imul(h ^ st.size, 0x01000193) >>> 0;
          h = Math.imul(h ^ ((st.mtimeMs * 1000) % 0x7fffffff), 0x01000193) >>> 0;
          h = Math.imul(h ^ Math.floor(st.mtimeMs / 0x7fffffff), 0x01000193) >>> 0;
        } catch {
          // gone between the listing and the stat: the next look sees it
        }
      }
    }
    const digest = h.toString(36);
    folders[rel] = [mtime, digest];
    all = fnv(`${rel}\0${digest}\n`, all);
    for (const [a, r] of sub) walk(a, r);
  };
  walk(root, '');
  return { folders, digest: all.toString(36) };
}

export async function readListing(vault: NodeVault): Promise<VaultListing | null> {
  try {
    const v = JSON.parse((await vault.state.readState(LISTING_FILE)) ?? 'null') as VaultListing | null;
    return v && typeof v.digest === 'string' && v.folders && typeof v.folders === 'object' ? v : null;
  } catch {
    return null;
  }
}

export async function saveListing(vault: NodeVault, listing: VaultListing): Promise<void> {
  try {
    await vault.state.writeState(LISTING_FILE, JSON.stringify(listing));
  } catch {
    // Only a signal: without it the next hook checks every note.
  }
}

/**
 * Whether a note changed in a folder whose own mtime did not move since `saved`: the index's folder check
 * would miss it, so the index must stat every note this time. Without a saved listing, say yes.
 */
export function editedInPlace(now: VaultListing, saved: VaultListing | null): boolean {
  if (!saved) return true;
  if (saved.digest === now.digest) return false;
  for (const [rel, [mtime, digest]] of Object.entries(now.folders)) {
    const was = saved.folders[rel];
    if (was && was[0] === mtime && was[1] !== digest) return true;
  }
  return false;
}

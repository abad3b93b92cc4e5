// The SessionStart hook's quick path: a whole pack kept in `.codex-memory/recall/packs.json`, served while
// every folder of the vault, every note it was built from and the saved catalog still have the modification
// times they had when it was built, and the vault's listing (every note's name, size and mtime,
// vault-listing.ts) is the one it was built from: a note edited in place anywhere misses the cache. A session starting in a folder whose notes have not changed then gets its
// pack without loading the index or the tokenizer. Built by the core recall workflow (core/recall/context.ts).
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { PackCache } from '../core/host';
import type { ContextPack } from '../core/recall/types';
import type { NodeVault } from './open-vault';
import { CATALOG_FILE, FOLDERS_FILE } from './recall-index';
import { listVault, saveListing, type VaultListing } from './vault-listing';

export const PACK_CACHE_FILE = 'recall/packs.json';
/** Recency counts in the ranking, so a cached pack is rebuilt after this long even if nothing changed. */
const PACK_CACHE_TTL_MS = 6 * 3_600_000;
const PACK_CACHE_ENTRIES = 16;
/** Notes read to build a pack beyond this many are not all re-checked; the pack is then not cached. */
const MAX_SOURCES = 400;

interface CacheEntry {
  key: string;
  created: number;
  /** Absolute path → mtime of every folder, note and state file the pack depended on. */
  stamps: Record<string, number>;
  /** The vault listing's digest when the pack was built. */
  listing?: string;
  pack: ContextPack;
}

function mtimeOf(abs: string): number | null {
  try {
    return statSync(abs).mtimeMs;
  } catch {
    return null;
  }
}

function stillValid(entry: CacheEntry, now: number, listing: string): boolean {
  if (!(now - entry.created < PACK_CACHE_TTL_MS && now >= entry.created)) return false;
  if (entry.listing !== listing) return false;
  for (const [abs, mtime] of Object.entries(entry.stamps)) if (mtimeOf(abs) !== mtime) return false;
  return true;
}

/**
 * `listing`: the vault as it was before the index was loaded (the hook lists it first to choose the index
 * check); listed here on first use otherwise. It is what a pack put here was built from.
 */
export function nodePackCache(vault: NodeVault, listing?: VaultListing): PackCache<ContextPack> {
  let seen = listing;
  const current = () => (seen ??= listVault(vault));
  const read = async (): Promise<CacheEntry[]> => {
    try {
      const parsed = JSON.parse((await vault.state.readState(PACK_CACHE_FILE)) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as CacheEntry[]) : [];
    } catch {
      return [];
    }
  };
  return {
    async get(key, now) {
      const hit = (await read()).find((e) => e.key === key);
      return hit && stillValid(hit, now, current().digest) ? hit.pack : null;
    },
    async put(key, pack, sources, now) {
      // The vault's folders count too (a note added, removed or renamed moves its folder's mtime), and so does
      // the saved catalog (rewritten whenever any process notices an edit).
      // The index this pack came from has seen the vault as listed: the next hook's check starts from here.
      const listed = current();
      await saveListing(vault, listed);
      const notes = [...sources];
      if (notes.length > MAX_SOURCES) return;
      const stamps: Record<string, number> = {};
      const stamp = (abs: string) => {
        const m = mtimeOf(abs);
        if (m !== null) stamps[abs] = m;
        return m !== null;
      };
      for (const rel of notes) stamp(path.join(vault.root, ...rel.split('/')));
      let folders: Record<string, number>;
      try {
        folders = JSON.parse((await vault.state.readState(FOLDERS_FILE)) ?? '{}') as Record<string, number>;
      } catch {
        return;
      }
      for (const rel of Object.keys(folders)) stamp(path.join(vault.root, ...rel.split('/').filter(Boolean)));
      const stateDir = path.join(vault.root, ...vault.settings.folders.stateDir.split('/'));
      if (!stamp(path.join(stateDir, ...CATALOG_FILE.split('/')))) return;
      const next = [{ key, created: now, stamps, listing: listed.digest, pack }, ...(await read()).filter((e) => e.key !== key)].slice(
        0,
        PACK_CACHE_ENTRIES,
      );
      try {
        await vault.state.writeState(PACK_CACHE_FILE, JSON.stringify(next));
      } catch {
        // Only a cache: the pack itself is fine.
      }
    },
  };
}

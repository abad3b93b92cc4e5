// The recall index on disk: `.codex-memory/recall/catalog.json` (every note's facts; small, read at once) and
// `.codex-memory/recall/postings.bin` (the search engine's segment; read, not parsed, when a query needs it). Loading checks
// the catalog against the vault's files and quietly rebuilds whatever is missing, stale or corrupt.
import { lstatSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { IndexCacheError, MemoryIndex, problemLogLine, type NoteReader } from '../core/recall/memory-index';
import { isIgnoredPath } from '../core/vault/paths';
import { writeFileAtomic } from './atomic-write';
import { appendLog } from './fail-open';
import type { NodeVault } from './open-vault';
import { mkdirInVault } from './state-store';

export { readGitConfig } from './git-remote';

export const CATALOG_FILE = 'recall/catalog.json';
export const FULLTEXT_FILE = 'recall/postings.bin';
/** Where INDEX_VERSION 4 and older kept the engine (as JSON); removed when a segment is saved. */
const OLD_FULLTEXT_FILE = 'recall/fulltext.json';
/** Folder → mtime at the last scan, for the quick 'folders' check. */
export const FOLDERS_FILE = 'recall/folders.json';

export interface LoadIndexOptions {
  /**
   * 'full' (default) stats every note, so edits made anywhere are seen. 'folders' only re-lists folders
   * whose modification time moved (notes added, removed or renamed) and trusts the rest: fast enough for a
   * SessionStart hook; whatever it then injects is re-read from disk, so stale facts are never injected.
   */
  check?: 'full' | 'folders';
  /** Write the refreshed index back (default true). */
  save?: boolean;
  /**
   * An index this process already holds and knows to match the saved catalog (the recall server's): checked
   * against the notes like a loaded one, without reading and parsing the catalog again.
   */
  held?: MemoryIndex;
}

export interface IndexLoadReport {
  index: MemoryIndex;
  /** Why the index was rebuilt from scratch, when it was. */
  rebuilt?: string;
  /** Notes added, changed or removed since the saved catalog. */
  changed: number;
  notes: number;
}

interface FolderStamps {
  [folder: string]: number;
}

function stateDir(vault: NodeVault): string {
  return path.join(vault.root, ...vault.settings.folders.stateDir.split('/'));
}

function readOptional(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readBytes(file: string): Uint8Array | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

function readNote(root: string, rel: string): string | null {
  try {
    return readFileSync(path.join(root, ...rel.split('/')), 'utf8');
  } catch {
    return null;
  }
}

export function nodeReader(root: string): NoteReader {
  return (rel) => {
    try {
      const st = statSync(path.join(root, ...rel.split('/')));
      if (!st.isFile()) return null;
      const text = readNote(root, rel);
      return text === null ? null : { text, mtime: st.mtimeMs };
    } catch {
      return null;
    }
  };
}

/**
 * Every markdown note under the vault with its mtime, by the same rules as NodeVaultStore.listMarkdown
 * (dot-entries, the state folder and ignored folders skipped; linked notes only when they stay inside).
 * Synchronous on purpose: thousands of tiny stats finish sooner without a promise per file.
 */
export function scanVault(root: string, stateDirRel: string, folders?: FolderStamps, under = ''): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (absDir: string, relDir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
      if (folders) folders[relDir] = statSync(absDir).mtimeMs;
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = (relDir ? `${relDir}/${entry.name}` : entry.name).normalize('NFC');
      if (isIgnoredPath(rel, stateDirRel)) continue;
      const abs = path.join(absDir, entry.name);
      if (entry.isDirectory()) {
        walk(abs, rel);
      } else if (entry.name.endsWith('.md') && (entry.isFile() || entry.isSymbolicLink())) {
        const mtime = noteMtime(root, abs, entry.isSymbolicLink());
        if (mtime !== null) out.set(rel, mtime);
      }
    }
  };
  walk(under ? path.join(root, ...under.split('/')) : root, under);
  return out;
}

function noteMtime(root: string, abs: string, link: boolean): number | null {
  try {
    if (link) {
      const real = realpathSync(abs);
      if (!real.startsWith(root + path.sep)) return null;
    }
    const st = link ? statSync(abs) : lstatSync(abs);
    return st.isFile() ? st.mtimeMs : null;
  } catch {
    return null;
  }
}

/** Loads (or builds) the vault's recall index, brought up to date with the notes on disk. */
export async function loadNodeIndex(vault: NodeVault, opts: LoadIndexOptions = {}): Promise<MemoryIndex> {
  return (await loadNodeIndexReport(vault, opts)).index;
}

export async function loadNodeIndexReport(vault: NodeVault, opts: LoadIndexOptions = {}): Promise<IndexLoadReport> {
  const report = await loadOrBuild(vault, opts);
  // Each broken note is logged when it is (re)indexed, so once per edit rather than on every run.
  for (const p of report.index.takeProblems()) {
    await appendLog(vault.root, problemLogLine(p));
  }
  return report;
}

async function loadOrBuild(vault: NodeVault, opts: LoadIndexOptions): Promise<IndexLoadReport> {
  const dir = stateDir(vault);
  const reader = nodeReader(vault.root);
  const stateRel = vault.settings.folders.stateDir;
  const saved = opts.held ? null : readOptional(path.join(dir, ...CATALOG_FILE.split('/')));
  let index: MemoryIndex | null = opts.held ?? null;
  let rebuilt: string | undefined;
  if (index) {
    // Held in memory and matching the saved catalog: only the notes are checked, below.
  } else if (saved === null) {
    rebuilt = 'no saved index';
  } else {
    try {
      index = MemoryIndex.load(saved, {
        reader,
        fullText: () => readBytes(path.join(dir, ...FULLTEXT_FILE.split('/'))),
        onUnusable: (why) => void appendLog(vault.root, `recall: ${FULLTEXT_FILE} ${why}; rebuilt from the notes`),
      });
    } catch (e) {
      rebuilt = e instanceof IndexCacheError ? e.message : `saved index unreadable (${String(e)})`;
    }
  }
  const stampsFile = path.join(dir, ...FOLDERS_FILE.split('/'));
  let changed = 0;
  if (!index) {
    const folders: FolderStamps = {};
    const files = scanVault(vault.root, stateRel, folders);
    const notes = [];
    for (const [rel, mtime] of files) {
      // The scan's mtime, not a second stat: a note written in between is then older here than on disk,
      // so the next check reads it again.
      const text = readNote(vault.root, rel);
      if (text !== null) notes.push({ path: rel, text, mtime });
    }
    index = MemoryIndex.build(notes, reader);
    changed = notes.length;
    if (opts.save !== false) await save(vault, index, folders);
    return { index, rebuilt, changed, notes: index.size };
  }
  const check = opts.check ?? 'full';
  const stamps = parseStamps(readOptional(stampsFile));
  let folders: FolderStamps;
  let files: Map<string, number>;
  if (check === 'folders' && stamps) {
    ({ folders, files, changed } = quickCheck(vault.root, stateRel, stamps, index));
  } else {
    folders = {};
    files = scanVault(vault.root, stateRel, folders);
    for (const [rel, mtime] of files) {
      const known = index.notes.get(rel);
      if (known && known.mtime === mtime) continue;
      const n = reader(rel);
      if (!n) continue;
      index.update(rel, n.text, n.mtime);
      changed++;
    }
    for (const rel of [...index.notes.keys()]) {
      if (files.has(rel)) continue;
      index.update(rel, null);
      changed++;
    }
  }
  // A segment that is missing, cut short or another catalog's is rebuilt now and saved, not on every query.
  if (opts.save !== false && !index.fullTextLoaded && !index.segmentMatches(readBytes(path.join(dir, ...FULLTEXT_FILE.split('/'))))) {
    void index.fullText;
  }
  const foldersMoved = !stamps || JSON.stringify(stamps) !== JSON.stringify(folders);
  if (opts.save !== false && (index.dirty || foldersMoved)) await save(vault, index, folders);
  return { index, rebuilt, changed, notes: index.size };
}

/** Re-lists only folders whose mtime moved (or that are new); notes elsewhere are taken as saved. */
function quickCheck(
  root: string,
  stateRel: string,
  stamps: FolderStamps,
  index: MemoryIndex,
): { folders: FolderStamps; files: Map<string, number>; changed: number } {
  const folders: FolderStamps = {};
  let changed = 0;
  const moved: string[] = [];
  for (const [rel, mtime] of Object.entries(stamps)) {
    try {
      const now = statSync(path.join(root, ...rel.split('/').filter(Boolean))).mtimeMs;
      folders[rel] = now;
      if (now !== mtime) moved.push(rel);
    } catch {
      moved.push(rel);
    }
  }
  const files = new Map<string, number>();
  for (const rel of moved) {
    const abs = path.join(root, ...rel.split('/').filter(Boolean));
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      entries = [];
      delete folders[rel];
    }
    const here = new Set<string>();
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = (rel ? `${rel}/${entry.name}` : entry.name).normalize('NFC');
      if (isIgnoredPath(child, stateRel)) continue;
      if (entry.isDirectory() && !(child in stamps)) {
        // A new folder: scan it whole.
        for (const [p, m] of scanVault(root, stateRel, folders, child)) files.set(p, m);
      } else if (entry.name.endsWith('.md')) {
        const m = noteMtime(root, path.join(abs, entry.name), entry.isSymbolicLink());
        if (m !== null) {
          files.set(child, m);
          here.add(child);
        }
      }
    }
    for (const known of [...index.notes.keys()]) {
      if (parentOf(known) === rel && !here.has(known)) {
        index.update(known, null);
        changed++;
      }
    }
  }
  const reader = nodeReader(root);
  for (const [rel, mtime] of files) {
    if (index.notes.get(rel)?.mtime === mtime) continue;
    const n = reader(rel);
    if (!n) continue;
    index.update(rel, n.text, n.mtime);
    changed++;
  }
  return { folders, files, changed };
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i === -1 ? '' : rel.slice(0, i);
}

function parseStamps(json: string | null): FolderStamps | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as FolderStamps) : null;
  } catch {
    return null;
  }
}

/** Writes the index back (catalog always, full text when it was loaded and changed). Never throws. */
export async function save(vault: NodeVault, index: MemoryIndex, folders?: FolderStamps): Promise<void> {
  try {
    const parts = index.serializeParts();
    // Full text first: a catalog naming a generation whose full text is missing would force a rebuild.
    if (parts.fullText !== null) {
      const dir = stateDir(vault);
      const file = path.join(dir, ...FULLTEXT_FILE.split('/'));
      await mkdirInVault(vault.root, path.dirname(file));
      await writeFileAtomic(file, parts.fullText);
      rmSync(path.join(dir, ...OLD_FULLTEXT_FILE.split('/')), { force: true });
    }
    await vault.state.writeState(CATALOG_FILE, parts.catalog);
    if (folders) await vault.state.writeState(FOLDERS_FILE, JSON.stringify(folders));
    index.markSaved();
  } catch {
    // A cache that cannot be written is rebuilt next time; recall itself still worked.
  }
}

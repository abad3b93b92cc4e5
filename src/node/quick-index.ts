// The first session on a large vault that has no index yet: rather than start without memory while the full
// index is built in the background, it gets what never needs a search: its project note, the open TODOs and
// the pinned notes. Those are found without reading every note whole: the projects folder, the preferences
// and TODO files, and a look at the first bytes of each other note for `memory: pin`.
import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryIndex } from '../core/recall/memory-index';
import type { NoteInput } from '../core/recall/types';
import type { NodeVault } from './open-vault';
import { nodeReader } from './recall-index';

/** Frontmatter is at the top; a pin further down than this is not seen by the quick path (the full index sees it). */
const HEAD_BYTES = 1024;
const PINNED = /^memory:[ \t]*["']?pin\b/m;

function head(abs: string, buf: Buffer): string {
  let fd: number | null = null;
  try {
    fd = openSync(abs, 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, n);
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A small index of the notes a session start can be given without a search, from `files` (the vault's notes). */
export function quickIndex(vault: NodeVault, files: Iterable<string>): MemoryIndex {
  const { folders } = vault.settings;
  const projects = folders.projects.replace(/\/+$/, '') + '/';
  const reader = nodeReader(vault.root);
  const buf = Buffer.alloc(HEAD_BYTES);
  const notes: NoteInput[] = [];
  for (const rel of files) {
    const always = rel.startsWith(projects) || rel === folders.todoFile || rel === folders.preferencesFile;
    if (!always) {
      const top = head(path.join(vault.root, ...rel.split('/')), buf);
      if (!top.startsWith('---') || !PINNED.test(top)) continue;
    }
    const n = reader(rel);
    if (n) notes.push({ path: rel, text: n.text, mtime: n.mtime });
  }
  return MemoryIndex.build(notes, reader);
}

// The instruction files Codex loads when it starts in a folder, found the way Codex finds them: up from the
// folder to the nearest one holding `.git` (the project root), then one file per folder from the root down,
// AGENTS.override.md before AGENTS.md. The last folder's file is where the managed block goes.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AGENTS_FILE, AGENTS_OVERRIDE_FILE, type ChainFile } from '../core/delivery/agents-md-fit';

export interface AgentsChain {
  /** The file Codex reads in the folder itself (it may not exist yet). */
  target: string;
  /** The files Codex loads before it, root first. */
  before: ChainFile[];
  /** The project root Codex would use, or null when no `.git` is above. */
  root: string | null;
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function chainFile(file: string): Promise<ChainFile> {
  const data = await fs.readFile(file);
  return { path: file, bytes: data.length, empty: data.toString('utf8').trim() === '' };
}

export async function agentsMdChain(folder: string): Promise<AgentsChain> {
  const dir = path.resolve(folder);
  let root: string | null = null;
  for (let d = dir; ; d = path.dirname(d)) {
    if (await exists(path.join(d, '.git'))) {
      root = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  const dirs: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    dirs.unshift(d);
    if (!root || d === root || path.dirname(d) === d) break;
  }
  const before: ChainFile[] = [];
  for (const d of dirs.slice(0, -1)) {
    for (const name of [AGENTS_OVERRIDE_FILE, AGENTS_FILE]) {
      const file = path.join(d, name);
      if (await isFile(file)) {
        before.push(await chainFile(file));
        break;
      }
    }
  }
  const override = path.join(dir, AGENTS_OVERRIDE_FILE);
  const target = (await isFile(override)) ? override : path.join(dir, AGENTS_FILE);
  return { target, before, root };
}

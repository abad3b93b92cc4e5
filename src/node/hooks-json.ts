// Reads and writes $CODEX_HOME/hooks.json for `hooks install|uninstall`. Writes go through a temp file and a
// rename in the same folder (writeFileAtomic), so Codex never reads half a file; the previous version is kept
// beside it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { installHooks, listOurHooks, uninstallHooks, type OurHook } from '../core/delivery/hooks-config';

export const HOOKS_FILE = 'hooks.json';
export const HOOKS_BACKUP_FILE = 'hooks.json.codex-memory.bak';

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export interface HooksFileChange {
  file: string;
  changed: boolean;
  /** Where the previous content was saved, when there was any and it changed. */
  backup?: string;
  removed?: number;
}

async function commit(file: string, before: string | null, after: string): Promise<string | undefined> {
  let backup: string | undefined;
  if (before !== null) {
    backup = path.join(path.dirname(file), HOOKS_BACKUP_FILE);
    await writeFileAtomic(backup, before);
  }
  await writeFileAtomic(file, after);
  return backup;
}

export async function installHooksFile(codexHome: string, ours: OurHook[]): Promise<HooksFileChange> {
  const file = path.join(codexHome, HOOKS_FILE);
  const before = await readIfPresent(file);
  const merged = installHooks(file, before, ours);
  if (!merged.changed) return { file, changed: false };
  await fs.mkdir(codexHome, { recursive: true });
  return { file, changed: true, backup: await commit(file, before, merged.text) };
}

export async function uninstallHooksFile(codexHome: string): Promise<HooksFileChange> {
  const file = path.join(codexHome, HOOKS_FILE);
  const before = await readIfPresent(file);
  const result = uninstallHooks(file, before);
  if (!result.changed) return { file, changed: false, removed: 0 };
  return { file, changed: true, removed: result.removed, backup: await commit(file, before, result.text) };
}

export async function readOurHooks(codexHome: string): Promise<ReturnType<typeof listOurHooks>> {
  const file = path.join(codexHome, HOOKS_FILE);
  return listOurHooks(file, await readIfPresent(file));
}

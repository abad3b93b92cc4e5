// A writer killed between writing a temp file and renaming it into place (kill -9, a power cut) leaves the temp
// file behind, hidden but forever (atomic-write.ts names them `.<name>.<pid>.<random>.tmp`). The journal lets the
// next writer finish the job; this clears the litter. Only dead writers' files are touched: the pid is in the
// name, and the caller says which pids are gone (a crashed run's successor may itself have been killed before
// it got to sweeping, so the files of every gone writer go, not only those of the last lock holder).
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The pid a temp file name carries, or null for any other name. */
export function tempFilePid(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Removes the temp files of processes that `gone` says no longer run, in the vault's note folders and its state
 * folder (vault-relative `stateDir`); hidden folders other than the state folder are not entered. Returns how
 * many went. Never throws.
 */
export async function sweepAbandonedTemps(root: string, stateDir: string, gone: (pid: number) => boolean): Promise<number> {
  let removed = 0;
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        const onStatePath = childRel === stateDir || stateDir.startsWith(`${childRel}/`) || childRel.startsWith(`${stateDir}/`);
        if (!e.name.startsWith('.') || onStatePath) await walk(path.join(abs, e.name), childRel);
      } else if (e.isFile() && isAbandoned(tempFilePid(e.name), gone)) {
        await fs.rm(path.join(abs, e.name), { force: true }).then(
          () => removed++,
          () => undefined,
        );
      }
    }
  };
  await walk(root, '');
  return removed;
}

function isAbandoned(pid: number | null, gone: (pid: number) => boolean): boolean {
  return pid !== null && pid !== process.pid && gone(pid);
}

// Whether a file exists on disk: the staleness checks' one question (src/core/recall/stale.ts). An error other
// than "not there" (permissions, a slow mount) counts as there: only a file known to be gone marks an item stale.
import { promises as fs } from 'node:fs';

export function fileExists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' && e.code !== 'ENOTDIR',
  );
}

// Reads a repository's git config from disk for project detection by remote. Handles worktrees and
// submodules, where `.git` is a file pointing at the real git directory.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Text of `<dir>/.git/config` (following a `.git` file's `gitdir:`), or null when `dir` is no repository root. */
export function readGitConfig(dir: string): string | null {
  const dotGit = path.join(dir, '.git');
  let gitDir: string;
  try {
    if (statSync(dotGit).isDirectory()) {
      gitDir = dotGit;
    } else {
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(read(dotGit) ?? '');
      if (!pointer) return null;
      gitDir = path.resolve(dir, pointer[1]);
    }
  } catch {
    return null;
  }
  // A linked worktree keeps its config in the common git directory.
  const common = read(path.join(gitDir, 'commondir'))?.trim();
  const configDir = common ? path.resolve(gitDir, common) : gitDir;
  return read(path.join(configDir, 'config'));
}

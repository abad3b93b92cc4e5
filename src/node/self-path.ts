// Where this codex-memory installation lives, so hooks.json and detached children can name it by absolute
// path (Codex runs hooks from any working directory, with whatever PATH it has).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

let cached: string | null | undefined;

/** The folder holding this package's package.json (found upward from this file, bundled or not). */
export function packageRoot(): string | null {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
        if (pkg.name === 'codex-memory') {
          return (cached = dir);
        }
      } catch {
        // Not ours; keep looking.
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return (cached = null);
    dir = up;
  }
}

/** bin/codex-memory.js: what hooks.json runs (its name is how `hooks uninstall` recognises our entries). */
export function launcherPath(): string | null {
  const root = packageRoot();
  const file = root && path.join(root, 'bin', 'codex-memory.js');
  return file && existsSync(file) ? file : null;
}

/** dist/cli.js, when built: what a detached child runs. */
export function builtCliPath(): string | null {
  const root = packageRoot();
  const file = root && path.join(root, 'dist', 'cli.js');
  return file && existsSync(file) ? file : null;
}

// The pinned Codex CLI, installed once into .cache/ rather than as a devDependency: the package carries a
// ~400 MB native binary that every `npm ci` would otherwise download, though only the e2e run needs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CODEX_VERSION = '0.171.0';

/** Path of the `codex` launcher inside an install folder (npm's bin shim runs the native binary). */
function launcher(dir) {
  return join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
}

/** The version the installed Codex reports, or null when it does not run. */
export function codexVersion(codexJs, env = process.env) {
  if (!existsSync(codexJs)) return null;
  const r = spawnSync(process.execPath, [codexJs, '--version'], { encoding: 'utf8', env, timeout: 30_000 });
  if (r.status !== 0) return null;
  const m = /(\d+\.\d+\.\d+\S*)/.exec(r.stdout);
  return m ? m[1] : null;
}

/**
 * Returns the path of the pinned Codex's launcher (run it with `node`), installing it first when absent.
 * The install goes to a scratch folder and is renamed into place only once `codex --version` answers with
 * the pinned version, so an interrupted install never passes for a good one. Throws with the reason when
 * the package cannot be installed: the caller fails the run, never skips it.
 */
export function ensureCodex(root, log = (s) => process.stderr.write(s + '\n')) {
  const dir = join(root, '.cache', `codex-${CODEX_VERSION}`);
  const have = codexVersion(launcher(dir));
  if (have === CODEX_VERSION) return launcher(dir);
  if (existsSync(dir)) {
    log(`e2e: ${dir} holds Codex ${have ?? '(not runnable)'}, not ${CODEX_VERSION}; reinstalling`);
    rmSync(dir, { recursive: true, force: true });
  }
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // Its own package.json keeps npm from walking up into the repository's manifest.
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'codex-e2e-cache', private: true }) + '\n');
  log(`e2e: installing @openai/codex@${CODEX_VERSION} into ${dir} (about 400 MB, once)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--save-exact', '--include=optional', `@openai/codex@${CODEX_VERSION}`],
    { cwd: scratch, encoding: 'utf8', timeout: 15 * 60_000 },
  );
  if (r.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    // npm puts the cause (code, failed request) first and log-file hints last.
    const why =
      r.error?.message ??
      (`${r.stderr}`
        .split('\n')
        .filter((l) => l.startsWith('npm error'))
        .slice(0, 4)
        .join('\n') ||
        `npm exited ${r.status}`);
    throw new Error(`cannot install @openai/codex@${CODEX_VERSION} (npm install failed):\n${why}`);
  }
  const got = codexVersion(launcher(scratch));
  if (got !== CODEX_VERSION) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`installed @openai/codex@${CODEX_VERSION}, but \`codex --version\` reports ${got ?? 'nothing (the binary does not run)'}`);
  }
  renameSync(scratch, dir);
  return launcher(dir);
}

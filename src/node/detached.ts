// Work a hook hands off so Codex does not wait for it: `codex-memory <args>` started detached from the hook
// (own process group, no stdio), so the hook can exit at once.
import { spawn } from 'node:child_process';
import { builtCliPath } from './self-path';

/**
 * Starts the built CLI with `args` in the background; false when there is no built CLI to run. `cwd`: where
 * it runs (default: here), for a child that outlives the session and should not hold its folder.
 */
export function spawnDetachedCli(args: string[], cwd?: string): boolean {
  const cli = builtCliPath();
  if (!cli) return false;
  const child = spawn(process.execPath, [cli, ...args], { detached: true, stdio: 'ignore', windowsHide: true, cwd });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

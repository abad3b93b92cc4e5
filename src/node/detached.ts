// Work a hook hands off so Codex does not wait for it: `codex-memory <args>` started detached from the hook
// (own process group, no stdio), so the hook can exit at once.
import { spawn } from 'node:child_process';
import { builtCliPath } from './self-path';

/** Starts the built CLI with `args` in the background; false when there is no built CLI to run. */
export function spawnDetachedCli(args: string[]): boolean {
  const cli = builtCliPath();
  if (!cli) return false;
  const child = spawn(process.execPath, [cli, ...args], { detached: true, stdio: 'ignore', windowsHide: true });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

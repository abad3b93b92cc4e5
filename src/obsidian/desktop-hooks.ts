// Installs Codex Memory's hooks in Codex's hooks.json from inside Obsidian. The hooks run the codex-memory
// command line under Node, so both must be found on this computer: the plugin cannot run them itself.
import { Platform } from 'obsidian';
import { hookCommand, ourHooks } from '../core/delivery/hooks-config';
import { desktopCodex, DesktopOnlyError } from './desktop-codex';

export interface FoundCli {
  node: string;
  /** bin/codex-memory.js of an installed checkout. */
  script: string;
}

export interface HooksInstalled {
  file: string;
  changed: boolean;
  backup?: string;
}

/** The `node` and codex-memory launcher on PATH (and the usual install folders), or null. */
export async function findCodexMemoryCli(pathVar: string, extraDirs: string[] = []): Promise<FoundCli | null> {
  if (!Platform.isDesktop) throw new DesktopOnlyError('Installing Codex hooks');
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  const dirs = [...pathVar.split(path.delimiter), ...extraDirs].filter(Boolean);
  const executable = async (file: string) =>
    fs.access(file, fs.constants.X_OK).then(
      () => true,
      () => false,
    );
  let node: string | null = null;
  let script: string | null = null;
  for (const dir of dirs) {
    if (!node && (await executable(path.join(dir, 'node')))) node = path.join(dir, 'node');
    if (!script) {
      const real = await fs.realpath(path.join(dir, 'codex-memory')).catch(() => null);
      if (real && path.basename(real) === 'codex-memory.js') script = real;
    }
  }
  return node && script ? { node, script } : null;
}

export async function installHooks(cli: FoundCli, codexHome: string, vaultRoot: string): Promise<HooksInstalled> {
  if (!Platform.isDesktop) throw new DesktopOnlyError('Installing Codex hooks');
  const [{ installHooksFile }, os] = await Promise.all([desktopCodex(), import('node:os')]);
  const platform = os.platform();
  return installHooksFile(
    codexHome,
    ourHooks((event) => hookCommand({ node: cli.node, script: cli.script, event, vault: vaultRoot, platform })),
  );
}

/**
 * Builds the vault's recall index in the background (`codex-memory hook warm`), so the first Codex session
 * after installing finds it ready instead of getting only the quick pack. Detached: Obsidian never waits.
 */
export async function warmIndex(cli: FoundCli, vaultRoot: string): Promise<void> {
  if (!Platform.isDesktop) throw new DesktopOnlyError('Building the recall index');
  const { spawn } = await import('node:child_process');
  const child = spawn(cli.node, [cli.script, 'hook', 'warm', '--vault', vaultRoot, '--cwd', vaultRoot], {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
  });
  child.on('error', () => undefined);
  child.unref();
}

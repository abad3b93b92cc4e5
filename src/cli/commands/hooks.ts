// `codex-memory hooks install|uninstall|status --vault DIR [--codex-home DIR]`: our entries in
// $CODEX_HOME/hooks.json, merged in beside everyone else's and taken out again.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hooksDisabled } from '../../core/delivery/codex-config';
import { hookCommand as hookLine, hookVault, ourHooks } from '../../core/delivery/hooks-config';
import { resolveCodexHome } from '../../node/codex-home';
import { installHooksFile, readOurHooks, uninstallHooksFile } from '../../node/hooks-json';
import { openNodeVault, type NodeVault } from '../../node/open-vault';
import { launcherPath } from '../../node/self-path';
import { CliError, UsageError, flag, stringOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';
import { plural } from '../../core/text';
import { indexAhead, indexAheadLine } from '../index-ahead';

const TRUST_STEP = `One step left: Codex runs a new or changed hook only after you trust it.
  Start Codex in a terminal (\`codex\`), type /hooks, review the Codex Memory hooks and trust them.
  Until then Codex skips them without a word (\`codex exec\` never asks). Reinstalling, or moving this
  checkout, changes the commands, and Codex asks again.`;

async function configWarning(codexHome: string): Promise<string | null> {
  const toml = await fs.readFile(path.join(codexHome, 'config.toml'), 'utf8').catch(() => null);
  if (toml === null || !hooksDisabled(toml)) return null;
  return (
    `Hooks are turned off in ${path.join(codexHome, 'config.toml')} ([features] hooks = false):\n` +
    '  Codex will not run any hook until you set hooks = true there (or remove the line).'
  );
}

async function install(io: CliIO, vault: NodeVault, codexHome: string, explicitHome: boolean, json: boolean): Promise<number> {
  const script = launcherPath();
  if (!script) throw new CliError('cannot find bin/codex-memory.js beside this program; run the installed codex-memory');
  const entries = ourHooks((event) => hookLine({ node: process.execPath, script, event, vault: vault.root, platform: process.platform }));
  const change = await installHooksFile(codexHome, entries);
  const warning = await configWarning(codexHome);
  const ahead = await indexAhead(vault);
  if (json) {
    writeJson(io, {
      file: change.file,
      changed: change.changed,
      backup: change.backup ?? null,
      vault: vault.root,
      hooks: entries,
      warning,
      index: ahead,
    });
    return 0;
  }
  const lines = [
    change.changed
      ? `Installed Codex Memory's hooks (SessionStart, UserPromptSubmit, Stop, SessionEnd) in ${change.file} for the vault ${vault.root}.`
      : `Codex Memory's hooks are already in ${change.file} for the vault ${vault.root}; nothing changed.`,
  ];
  if (change.backup) lines.push(`The previous file is saved as ${change.backup}.`);
  const indexLine = indexAheadLine(ahead);
  if (indexLine) lines.push(indexLine);
  lines.push('', TRUST_STEP);
  if (warning) lines.push('', warning);
  lines.push(
    '',
    vault.settings.autoCheckpoint === 'off'
      ? 'Finished sessions are queued in .codex-memory/queue.jsonl; auto-checkpoint is off for this vault, so run\n' +
          '  codex-memory checkpoint --latest (or set auto-checkpoint to inbox in the plugin) to turn them into notes.'
      : `Finished sessions are checkpointed in the background (auto-checkpoint: ${vault.settings.autoCheckpoint}).`,
  );
  lines.push(`Undo with: codex-memory hooks uninstall${explicitHome ? ` --codex-home ${JSON.stringify(codexHome)}` : ''}`);
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}

async function uninstall(io: CliIO, vault: NodeVault | null, codexHome: string, json: boolean): Promise<number> {
  // The vaults our hooks served, read before they go: their recall servers have nobody left to answer.
  const served = (await readOurHooks(codexHome)).map((h) => hookVault(h.command, process.platform)).filter((v): v is string => v !== null);
  const change = await uninstallHooksFile(codexHome);
  const { stopRecallServers } = await import('../../node/recall-server/client');
  const stopped = await stopRecallServers(vault ? [...served, vault.root] : served);
  if (json) {
    writeJson(io, {
      file: change.file,
      changed: change.changed,
      removed: change.removed ?? 0,
      backup: change.backup ?? null,
      stoppedServers: stopped,
    });
    return 0;
  }
  io.stdout.write(
    (change.changed
      ? `Removed ${plural(change.removed ?? 0, 'Codex Memory hook')} from ${change.file}; every other hook is as it was.\n` +
        (change.backup ? `The previous file is saved as ${change.backup}.\n` : '')
      : `No Codex Memory hooks in ${change.file}; nothing changed.\n`) +
      (stopped ? `Stopped ${plural(stopped, 'recall server')} that kept the index warm for those hooks.\n` : ''),
  );
  return 0;
}

async function status(io: CliIO, vault: NodeVault | null, codexHome: string, json: boolean): Promise<number> {
  const ours = await readOurHooks(codexHome);
  const warning = await configWarning(codexHome);
  // The hook stays installed when the setting is off; it then sends nothing, and status says why.
  const promptRecall = vault ? vault.settings.promptRecall : null;
  const server = vault ? await recallServerStatus(vault, io.env) : null;
  if (json) {
    writeJson(io, { file: path.join(codexHome, 'hooks.json'), hooks: ours, warning, promptRecall, recallServer: server });
    return 0;
  }
  io.stdout.write(
    ours.length
      ? ours.map((h) => `${h.codexEvent}: ${h.command}`).join('\n') + '\n'
      : `No Codex Memory hooks in ${path.join(codexHome, 'hooks.json')}.\n`,
  );
  if (promptRecall === false && ours.some((h) => h.event === 'user-prompt-submit')) {
    io.stdout.write('UserPromptSubmit sends nothing for this vault: its promptRecall setting is off.\n');
  }
  if (server && ours.length) {
    io.stdout.write(
      !server.enabled
        ? 'Recall server: off for this vault (recallServer setting); each hook loads the index itself.\n'
        : server.running
          ? 'Recall server: running for this vault; the recall hooks are answered by it.\n'
          : 'Recall server: not running; the next session start or prompt starts it.\n',
    );
  }
  if (warning) io.stdout.write(`${warning}\n`);
  return 0;
}

/** The vault's recall server: whether it may run (setting and environment) and whether it is listening now. */
async function recallServerStatus(vault: NodeVault, env: NodeJS.ProcessEnv): Promise<{ enabled: boolean; running: boolean }> {
  const { recallServerRunning } = await import('../../node/recall-server/client');
  const { serverAllowed } = await import('../../node/recall-server/address');
  const enabled = vault.settings.recallServer && vault.settings.promptRecall && serverAllowed(env);
  return { enabled, running: await recallServerRunning(vault.root, env) };
}

export const hooksCommand: Command = {
  name: 'hooks',
  summary: "Add or remove Codex Memory's hooks in Codex's hooks.json",
  usage:
    'hooks install --vault DIR [--codex-home DIR] [--json]\nhooks uninstall [--vault DIR] [--codex-home DIR] [--json]\nhooks status [--vault DIR] [--codex-home DIR] [--json]',
  help: `install    adds four entries to $CODEX_HOME/hooks.json (created when missing): SessionStart runs
           codex-memory hook session-start (memory into the new session), UserPromptSubmit runs
           codex-memory hook user-prompt-submit (the notes each prompt calls for that the session has not
           been given; off with the vault's promptRecall setting), Stop and SessionEnd run
           codex-memory hook stop|session-end (queue the session for checkpoint). Every other hook in the
           file keeps its place; installing again updates ours in place. Commands use absolute paths to
           node and to this program, so Codex can run them from any folder.
           The vault's recall index is built at once, so the first session does not wait for it.
uninstall  removes only our entries, and stops the recall servers (hook serve) of the vaults they served
           (and of --vault when given).
status     lists our entries.

Codex asks you to trust new hooks once: run \`codex\`, type /hooks and trust them.

Options:
  --vault DIR        the vault the hooks read and write (install); its Codex home setting is used
  --codex-home DIR   Codex's home folder (default: the vault's setting, else $CODEX_HOME, else ~/.codex)
  --json             machine-readable output`,
  options: {
    vault: { type: 'string' },
    'codex-home': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const [action, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
    const flagHome = stringOpt(args, 'codex-home');
    const vaultDir = stringOpt(args, 'vault');
    // The vault's own setting (chosen in the plugin) counts when no --codex-home is given, as for checkpoint.
    const vault = vaultDir ? await openNodeVault(vaultDir, undefined, { cwd: io.cwd }) : null;
    const setting = vault?.settings.codexHome || undefined;
    const codexHome = resolveCodexHome({ flag: flagHome && path.resolve(io.cwd, flagHome), setting, env: io.env });
    const json = flag(args, 'json');
    if (action === 'install') {
      if (!vault) throw new UsageError('--vault is required');
      return install(io, vault, codexHome, Boolean(flagHome || setting), json);
    }
    if (action === 'uninstall') return uninstall(io, vault, codexHome, json);
    if (action === 'status') return status(io, vault, codexHome, json);
    throw new UsageError('give install, uninstall or status');
  },
};

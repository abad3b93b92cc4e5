// `codex-memory undo --vault DIR`: reverts the last applied checkpoint exactly (notes it created are removed,
// to the vault's .trash/), or refuses — changing nothing — when a person has edited those notes since.
import { LedgerCorruptError, LedgerStore } from '../../core/memory/ledger';
import { undoLastCheckpoint, UndoError } from '../../core/memory/undo';
import { openNodeVault, VaultNotFoundError } from '../../node/open-vault';
import { CliError, flag, requireOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';
import { storageFailure } from '../storage-failure';

export const undoCommand: Command = {
  name: 'undo',
  summary: 'Revert the last applied checkpoint',
  usage: 'undo --vault DIR [--json]',
  help: `Puts back exactly what the last applied checkpoint changed: edited notes get their earlier text, notes it
created are moved to the vault's .trash/ folder, and the ledger forgets what it recorded. If you have
changed any of those notes since, nothing is undone and the notes are named. Run it again to step back
through earlier checkpoints.

Options:
  --vault DIR   the memory vault
  --json        {checkpoint, thread, restored:[…], removed:[…]}`,
  options: { vault: { type: 'string' }, json: { type: 'boolean' } },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const vaultArg = requireOpt(args, 'vault');
    let result;
    try {
      const vault = await openNodeVault(vaultArg, undefined, { cwd: io.cwd });
      result = await undoLastCheckpoint(vault.store, new LedgerStore(vault.state, vault.store.stateDir));
    } catch (err) {
      if (err instanceof UndoError || err instanceof LedgerCorruptError || err instanceof VaultNotFoundError) throw new CliError(err.message);
      throw storageFailure(err, 'undo');
    }
    if (flag(args, 'json')) {
      writeJson(io, result);
      return result.conflicts.length ? 1 : 0;
    }
    io.stdout.write(
      result.resumed
        ? `Finished an interrupted undo of checkpoint ${result.checkpoint} (session ${result.thread}); nothing more was undone.\n`
        : `Undid checkpoint ${result.checkpoint} (session ${result.thread}).\n`,
    );
    for (const p of result.restored) io.stdout.write(`  restored  ${p}\n`);
    for (const p of result.removed) io.stdout.write(`  removed   ${p} (moved to .trash/)\n`);
    for (const p of result.conflicts) io.stderr.write(`  changed while undoing, left as it is: ${p}\n`);
    return result.conflicts.length ? 1 : 0;
  },
};

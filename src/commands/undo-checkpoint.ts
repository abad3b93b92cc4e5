// "Undo last checkpoint": the same undo as `codex-memory undo`. It puts back exactly what the last applied
// checkpoint changed, or changes nothing and names the notes a person has edited since.
import { Notice } from 'obsidian';
import { undoLastCheckpoint, UndoError, type UndoResult } from '../core/memory/undo';
import { LedgerCorruptError } from '../core/memory/ledger';
import { ledgerStoreOf } from '../core/checkpoint/workflow';
import type { CodexMemoryHost } from '../plugin/host';
import { confirmDestructive } from '../ui/confirm';

export function undoMessage(result: UndoResult): string {
  const lines = [`Undid checkpoint ${result.checkpoint} (session ${result.thread.slice(0, 8)}).`];
  if (result.restored.length) lines.push(`Restored: ${result.restored.join(', ')}.`);
  if (result.removed.length) lines.push(`Moved to the trash: ${result.removed.join(', ')}.`);
  if (result.conflicts.length) lines.push(`Changed while undoing, left as they are: ${result.conflicts.join(', ')}.`);
  return lines.join('\n');
}

export const UNDO_QUESTION = {
  title: 'Undo last checkpoint?',
  text: 'The notes the last checkpoint changed are put back as they were, and the notes it created are moved to the trash. Notes you have edited since are left alone.',
  action: 'Undo checkpoint',
};

/** Asks first (Obsidian's confirmation dialog); cancelling changes nothing and resolves null. */
export async function undoLastCheckpointCommand(host: CodexMemoryHost): Promise<UndoResult | null> {
  if (!(await confirmDestructive(host.app, UNDO_QUESTION))) return null;
  const vault = host.openVault();
  try {
    const result = await undoLastCheckpoint(vault.store, ledgerStoreOf(vault));
    new Notice(undoMessage(result), result.conflicts.length ? 0 : 10_000);
    return result;
  } catch (err) {
    if (err instanceof UndoError || err instanceof LedgerCorruptError) {
      new Notice(err.message, 0);
      return null;
    }
    new Notice(`Could not undo: ${(err as Error).message}`, 0);
    return null;
  }
}

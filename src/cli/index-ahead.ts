// `init` and `hooks install` build the recall index before the first Codex session needs it: on a large
// vault the SessionStart hook would otherwise have only its quick pack (project note, TODOs, pinned notes).
import { loadNodeIndexReport } from '../node/recall-index';
import type { NodeVault } from '../node/open-vault';
import { plural } from '../core/text';

export interface IndexAhead {
  notes: number;
  /** Notes indexed anew this time (0: the saved index was already up to date). */
  changed: number;
  /** Why nothing could be indexed; the command still succeeds, the hook builds the index later. */
  problem?: string;
}

export async function indexAhead(vault: NodeVault): Promise<IndexAhead> {
  try {
    const report = await loadNodeIndexReport(vault);
    return { notes: report.notes, changed: report.rebuilt ? report.notes : report.changed };
  } catch (err) {
    return { notes: 0, changed: 0, problem: (err as Error).message };
  }
}

/** The line a person reads, or null when the index was already up to date. */
export function indexAheadLine(ahead: IndexAhead): string | null {
  if (ahead.problem) return `Recall index not built (${ahead.problem}); the first Codex session builds it instead.`;
  if (ahead.changed === 0) return null;
  return `Recall index ready: ${plural(ahead.notes, 'note')} (in .codex-memory/recall/), so the first session needs no wait.`;
}

// How much room Codex leaves for the managed block. Codex reads one instruction file per directory, from the
// project root (the nearest folder above with a `.git`) down to the folder it starts in: AGENTS.override.md
// when present, else AGENTS.md. It stops at `project_doc_max_bytes` (32 KiB by default) across those files and
// cuts the file that crosses it, so a block that pushes the total over the cap would cost the end of the
// person's own instructions. The block must therefore fit entirely inside what is left.
import { utf8Length } from '../security/safe-names';

export const CODEX_PROJECT_DOC_MAX_BYTES = 32 * 1024;
export const AGENTS_OVERRIDE_FILE = 'AGENTS.override.md';
export const AGENTS_FILE = 'AGENTS.md';

export interface ChainFile {
  /** Absolute path. */
  path: string;
  /** Size in bytes as Codex reads it. */
  bytes: number;
  /** Whitespace-only files are skipped by Codex and cost nothing. */
  empty: boolean;
}

/**
 * Bytes left for the block in the last file of the chain (the repository folder's own file), given the files
 * Codex loads before it and what that file holds outside the block. Negative when the chain is already over.
 */
export function roomForBlock(before: ChainFile[], targetOutsideBytes: number, cap = CODEX_PROJECT_DOC_MAX_BYTES): number {
  const used = before.reduce((sum, f) => sum + (f.empty ? 0 : f.bytes), 0);
  return cap - used - targetOutsideBytes;
}

export interface Fitted {
  budget: number;
  text: string;
}

/**
 * The largest token budget (at most `maxBudget`, at least `minBudget`) whose rendering fits in `maxBytes`,
 * found by bisection since a pack's size grows with its budget. Null when even the smallest does not fit
 * or renders nothing.
 */
export async function fitToBytes(
  maxBytes: number,
  maxBudget: number,
  render: (budget: number) => Promise<string | null>,
  minBudget = 100,
): Promise<Fitted | null> {
  if (maxBytes <= 0) return null;
  const fits = async (budget: number): Promise<Fitted | null> => {
    const text = await render(budget);
    return text && utf8Length(text) <= maxBytes ? { budget, text } : null;
  };
  const full = await fits(maxBudget);
  if (full) return full;
  let best = await fits(minBudget);
  if (!best) return null;
  let lo = minBudget;
  let hi = maxBudget;
  while (hi - lo > Math.max(10, Math.floor(maxBudget / 100))) {
    const mid = Math.floor((lo + hi) / 2);
    const got = await fits(mid);
    if (got) {
      best = got;
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return best;
}

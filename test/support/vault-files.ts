// Whole-vault snapshots for the hardening tests: every file (notes, program state, trash) with its bytes, and
// a normalised form that hides only what depends on the clock of the run (ISO times after `since`, checkpoint
// ids), so two runs of the same job at different moments compare equal and nothing else is forgiven.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Files = Record<string, string>;

/** Every regular file below `dir`, keyed by its '/'-separated relative path. */
export async function readTree(dir: string): Promise<Files> {
  const out: Files = {};
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const e of await fs.readdir(abs, { withFileTypes: true })) {
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(childAbs, childRel);
      else if (e.isFile()) out[childRel] = await fs.readFile(childAbs, 'utf8');
    }
  };
  await walk(dir, '');
  return out;
}

const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z\b/g;
const CHECKPOINT_ID = /\b\d{8}T\d{6}Z-[A-Za-z0-9]+(?:-\d+)?\b/g;

/** Replaces the run's own timestamps (at or after `since`) and checkpoint ids with placeholders. */
export function normalise(text: string, since: number): string {
  return text.replace(CHECKPOINT_ID, '<checkpoint>').replace(ISO, (m) => (Date.parse(m) >= since ? '<now>' : m));
}

/** The tree with normalised names and contents. */
export function normaliseTree(files: Files, since: number): Files {
  const out: Files = {};
  for (const [rel, text] of Object.entries(files)) out[normalise(rel, since)] = normalise(text, since);
  return out;
}

/** A fresh temp folder (symlinks resolved, so paths compare equal to what the program reports). */
export async function tempDir(prefix: string): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
}

/** Replaces `to` with a copy of `from`. */
export async function copyTree(from: string, to: string): Promise<void> {
  await fs.rm(to, { recursive: true, force: true });
  await fs.cp(from, to, { recursive: true });
}

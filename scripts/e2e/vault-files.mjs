// Looking into the vault the run made: which files mention a phrase (program state included or not).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function vaultFiles(vault, { withState = false } = {}) {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        if (n === '.codex-memory' && !withState) continue;
        walk(p);
      } else out.push(p);
    }
  };
  walk(vault);
  return out;
}

/** Vault-relative paths of the files whose text contains `phrase` (case-insensitive). */
export function filesMentioning(vault, phrase, opts) {
  const needle = phrase.toLowerCase();
  return vaultFiles(vault, opts)
    .filter((p) => {
      try {
        return readFileSync(p, 'utf8').toLowerCase().includes(needle);
      } catch {
        return false;
      }
    })
    .map((p) => relative(vault, p));
}

/** JSON printed by a `--json` command, or an Error saying what came out instead. */
export function parseJsonOutput(r) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`expected JSON on stdout, got: ${r.stdout.slice(0, 300) || '(nothing)'}\nstderr: ${r.stderr.slice(-500)}`);
  }
}

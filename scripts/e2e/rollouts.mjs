// Rollout files under a CODEX_HOME-shaped folder (sessions/YYYY/MM/DD and the flat archived_sessions/).
import { readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';

export function findRollouts(dir) {
  const out = [];
  const walk = (d) => {
    let names;
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^rollout-.*\.jsonl(\.zst)?$/.test(n)) out.push(p);
    }
  };
  walk(join(dir, 'sessions'));
  walk(join(dir, 'archived_sessions'));
  return out.sort();
}

/** The thread id at the end of a rollout file name. */
export function threadIdOf(file) {
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(\.zst)?$/.exec(basename(file));
  return m ? m[1] : null;
}

// The few settings of Codex's config.toml that matter to delivery: whether hooks are off, and the AGENTS.md
// byte cap. Read with a line scanner, not a TOML parser: we only look, never write config.toml.

function tables(toml: string): { table: string; line: string }[] {
  const out: { table: string; line: string }[] = [];
  let table = '';
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) table = header[1].replace(/\s+/g, '');
    else if (line) out.push({ table, line });
  }
  return out;
}

/** True when config.toml turns hooks off (`[features] hooks = false`, or its old name `codex_hooks`). */
export function hooksDisabled(toml: string): boolean {
  return tables(toml).some(
    ({ table, line }) =>
      (table === 'features' && /^(?:"?hooks"?|"?codex_hooks"?)\s*=\s*false$/.test(line)) ||
      (table === '' && /^features\.(?:hooks|codex_hooks)\s*=\s*false$/.test(line)),
  );
}

/** `project_doc_max_bytes` when config.toml sets it at top level (Codex's cap on AGENTS.md files), else null. */
export function projectDocMaxBytes(toml: string): number | null {
  const set = tables(toml).find(({ table, line }) => table === '' && /^project_doc_max_bytes\s*=/.test(line));
  const n = set ? Number(set.line.split('=')[1].trim().replace(/_/g, '')) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

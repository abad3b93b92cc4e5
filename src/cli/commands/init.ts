// `codex-memory init --vault DIR`: the memory vault layout with starter notes. Run it again any time:
// it only adds what is missing.
import { initVault } from '../../core/vault/init-vault';
import { openNodeVault } from '../../node/open-vault';
import { indexAhead, indexAheadLine } from '../index-ahead';
import { flag, requireOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: 'Set up a memory vault: folders and starter notes (never overwrites anything)',
  usage: 'init --vault DIR [--json]',
  help: `Creates the folders and starter notes Codex Memory uses (folder names from the plugin's settings in
DIR/.obsidian/plugins/codex-memory/data.json when present). Existing files are never touched; running it
again changes nothing. The recall index is built too (or brought up to date), so the first Codex session on
a large vault gets its full memory without waiting.

Options:
  --vault DIR   the vault folder (created if missing)
  --json        print {vault, created, kept, problems, index: {notes, changed, problem?}}
`,
  options: { vault: { type: 'string' }, json: { type: 'boolean' } },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { create: true, cwd: io.cwd });
    if (vault.settingsProblem) io.stderr.write(`warning: ${vault.settingsProblem}; using the default folders\n`);
    const report = await initVault(vault.store, vault.state, vault.settings);
    const ahead = await indexAhead(vault);
    if (flag(args, 'json')) {
      writeJson(io, { vault: vault.root, ...report, index: ahead });
      return report.problems.length ? 1 : 0;
    }
    const indexLine = indexAheadLine(ahead);
    if (report.created.length === 0 && report.problems.length === 0) {
      io.stdout.write(`Nothing to do: ${vault.root} is already a memory vault (${report.kept.length} entries kept as they are).\n`);
      if (indexLine) io.stdout.write(`${indexLine}\n`);
      return 0;
    }
    io.stdout.write(`Memory vault at ${vault.root}\n`);
    for (const p of report.created) io.stdout.write(`  created  ${p}\n`);
    for (const p of report.kept) io.stdout.write(`  kept     ${p}\n`);
    for (const p of report.problems) io.stderr.write(`  problem  ${p.path}: ${p.reason}\n`);
    if (indexLine) io.stdout.write(`${indexLine}\n`);
    return report.problems.length ? 1 : 0;
  },
};

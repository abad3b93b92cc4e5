// `codex-memory stats`: per note, how often it was given to Codex and how often Codex cited it.
import { usageStats } from '../../core/recall/usage';
import { openNodeVault } from '../../node/open-vault';
import { flag, requireOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show how often each note was given to Codex and cited back',
  usage: 'stats --vault DIR [--json]',
  help: `Per note: the sessions it was given to (SessionStart and per-prompt recall, from the given-ledger) and
the sessions whose final answer cited it (\`Memory used: [[note]]\`, read at checkpoint). Notes given to at least
5 sessions over 30 days and not cited in 30 days are suggested for review (in the inbox, at the next
checkpoint); nothing is ever deleted.

Options:
  --vault DIR   the memory vault
  --json        {notes:[{path, given, last_given?, cited, last_cited?, review}]}
`,
  options: { vault: { type: 'string' }, json: { type: 'boolean' } },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
    const stats = await usageStats(vault.state, new Date());
    if (flag(args, 'json')) {
      writeJson(io, {
        notes: stats.map((s) => ({
          path: s.path,
          given: s.given,
          ...(s.lastGiven ? { last_given: s.lastGiven } : {}),
          cited: s.cited,
          ...(s.lastCited ? { last_cited: s.lastCited } : {}),
          review: s.review,
        })),
      });
      return 0;
    }
    if (stats.length === 0) {
      io.stdout.write('No note has been given to Codex yet.\n');
      return 0;
    }
    for (const s of stats) io.stdout.write(`given ${s.given}\tcited ${s.cited}\t${s.path}${s.review ? '\t(review: given often, not cited)' : ''}\n`);
    return 0;
  },
};

// `codex-memory agents-md --vault DIR --repo DIR [--budget TOKENS] [--remove]`: the context pack as a managed
// block in the repository's AGENTS.md, for Codex sessions without hooks. Only the block is ever written; the
// person's text around it keeps every byte, and the block shrinks to keep Codex's 32 KiB cap.
import * as path from 'node:path';
import type { ContextPack } from '../../core/recall';
import {
  AgentsMdNotWritten,
  removeAgentsMdBlock,
  repoAgentsMd,
  updateAgentsMd,
  type AgentsMdUpdate,
  type RepoAgentsMd,
} from '../../node/agents-md-update';
import { resolveCodexHome } from '../../node/codex-home';
import { openNodeVault } from '../../node/open-vault';
import { CliError, flag, intOpt, requireOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';
import { plural } from '../../core/text';

async function remove(io: CliIO, target: string, json: boolean): Promise<number> {
  const r = await removeAgentsMdBlock(target);
  if (json) writeJson(io, r);
  else if (!r.changed) io.stdout.write(`No Codex Memory block in ${target}; nothing changed.\n`);
  else
    io.stdout.write(
      `Removed the Codex Memory block from ${target}${r.removed === 'file' ? ' (the file held nothing else, so it is gone)' : '; the rest of the file is unchanged'}.\n`,
    );
  return 0;
}

async function update(io: CliIO, args: ParsedArgs, at: RepoAgentsMd, json: boolean): Promise<number> {
  const { repo } = at;
  const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
  const budget = intOpt(args, 'budget', vault.settings.contextBudget);
  // Recall (and its tokenizer) loads only when this command runs, not with every codex-memory command.
  const [{ contextPack }, { nodeHost }] = await Promise.all([import('../../core/recall/context'), import('../../node/host')]);
  const host = nodeHost(vault, { env: io.env, warn: (m) => io.stderr.write(`${m}\n`) });
  const packFor = (b: number): Promise<ContextPack> => contextPack(host, { task: '', cwd: repo, budget: b });
  let u: AgentsMdUpdate;
  try {
    u = await updateAgentsMd(at, resolveCodexHome({ env: io.env }), budget, packFor);
  } catch (e) {
    if (!(e instanceof AgentsMdNotWritten && e.nothingToSay)) throw e;
    if (json) writeJson(io, { file: at.target, changed: false, items: 0 });
    else io.stdout.write(`The vault has nothing to say about ${repo} yet; ${at.target} was left as it is.\n`);
    return 0;
  }
  report(io, u, repo, budget, json);
  return 0;
}

function report(io: CliIO, u: AgentsMdUpdate, repo: string, asked: number, json: boolean): void {
  if (json) {
    writeJson(io, {
      file: u.file,
      changed: u.changed,
      tokens: u.tokens,
      budget: u.budget,
      items: u.items,
      project: u.project,
      bytes: u.bytes,
      chain_bytes: u.chainBytes,
      cap: u.cap,
    });
    return;
  }
  io.stdout.write(
    `${u.changed ? 'Wrote' : 'Unchanged:'} the Codex Memory block in ${u.file}: ${plural(u.items, 'item')}, ${u.tokens} tokens` +
      `${u.budget < asked ? ` (shrunk from a ${asked}-token budget to fit)` : ''}.\n` +
      `The instruction files Codex loads in ${repo} now use ${u.chainBytes} of ${u.cap} bytes.\n` +
      'Run this again to refresh it; remove it with --remove.\n',
  );
}

export const agentsMdCommand: Command = {
  name: 'agents-md',
  summary: "Keep the context pack in a repository's AGENTS.md (for Codex without hooks)",
  usage: 'agents-md --vault DIR --repo DIR [--budget TOKENS] [--remove] [--json]',
  help: `Writes the context pack for the repository's project between <!-- codex-memory:start --> and
<!-- codex-memory:end --> at the top of the AGENTS.md Codex reads in --repo (AGENTS.override.md when that
exists). Text outside the markers is never changed. Codex stops reading instruction files at 32 KiB in all
(project_doc_max_bytes), counting every AGENTS.md from the git root down to --repo, so the pack is shrunk
until everything fits; when there is no room, nothing is written. Run it again to refresh the block.

Options:
  --vault DIR       the vault
  --repo DIR        the repository (the folder Codex is started in)
  --budget TOKENS   upper bound for the pack (default: the vault's context budget, 2,000)
  --remove          take the block out again (the file is removed if nothing else was in it)
  --json            machine-readable output`,
  options: {
    vault: { type: 'string' },
    repo: { type: 'string' },
    budget: { type: 'string' },
    remove: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const json = flag(args, 'json');
    try {
      const at = await repoAgentsMd(path.resolve(io.cwd, requireOpt(args, 'repo')));
      return await (flag(args, 'remove') ? remove(io, at.target, json) : update(io, args, at, json));
    } catch (e) {
      if (e instanceof AgentsMdNotWritten) throw new CliError(e.message);
      throw e;
    }
  },
};

// `codex-memory agents-md --vault DIR --repo DIR [--budget TOKENS] [--remove]`: the context pack as a managed
// block in the repository's AGENTS.md, for Codex sessions without hooks. Only the block is ever written; the
// person's text around it keeps every byte, and the block shrinks to keep Codex's 32 KiB cap.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AgentsMdBlockError, outsideBlock, removeBlock, renderBlock, upsertBlock } from '../../core/delivery/agents-md-block';
import { CODEX_PROJECT_DOC_MAX_BYTES, fitToBytes, roomForBlock } from '../../core/delivery/agents-md-fit';
import { projectDocMaxBytes } from '../../core/delivery/codex-config';
import { detectEol } from '../../core/notes/parse';
import type { ContextPack } from '../../core/recall';
import { utf8Length } from '../../core/security/safe-names';
import { agentsMdChain } from '../../node/agents-md-chain';
import { writeFileAtomic } from '../../node/atomic-write';
import { resolveCodexHome } from '../../node/codex-home';
import { openNodeVault } from '../../node/open-vault';
import { CliError, flag, intOpt, requireOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

/** The file's text, or '' when it does not exist; refuses bytes that are not UTF-8 (a rewrite would alter them). */
async function readUtf8(file: string): Promise<string | null> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    throw new CliError(`${file} is not valid UTF-8; it was left as it is`);
  }
}

async function capFor(io: CliIO): Promise<number> {
  const toml = await fs.readFile(path.join(resolveCodexHome({ env: io.env }), 'config.toml'), 'utf8').catch(() => null);
  return (toml !== null ? projectDocMaxBytes(toml) : null) ?? CODEX_PROJECT_DOC_MAX_BYTES;
}

async function remove(io: CliIO, target: string, json: boolean): Promise<number> {
  const text = await readUtf8(target);
  const next = text === null ? null : removeBlock(target, text);
  if (next === null) {
    if (json) writeJson(io, { file: target, changed: false });
    else io.stdout.write(`No Codex Memory block in ${target}; nothing changed.\n`);
    return 0;
  }
  // A file that held nothing but the block was ours to begin with.
  if (next === '') await fs.rm(target);
  else await writeFileAtomic(target, next);
  if (json) writeJson(io, { file: target, changed: true, removed: next === '' ? 'file' : 'block' });
  else io.stdout.write(`Removed the Codex Memory block from ${target}${next === '' ? ' (the file held nothing else, so it is gone)' : '; the rest of the file is unchanged'}.\n`);
  return 0;
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
    const repo = path.resolve(io.cwd, requireOpt(args, 'repo'));
    const json = flag(args, 'json');
    if (!(await fs.stat(repo).then((s) => s.isDirectory(), () => false))) throw new CliError(`no such folder: ${repo}`);
    const chain = await agentsMdChain(repo);
    const { target } = chain;
    if (flag(args, 'remove')) return remove(io, target, json);

    const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
    const budget = intOpt(args, 'budget', vault.settings.contextBudget);
    const text = (await readUtf8(target)) ?? '';
    let outside: string;
    try {
      outside = outsideBlock(target, text);
    } catch (e) {
      if (e instanceof AgentsMdBlockError) throw new CliError(e.message);
      throw e;
    }
    const cap = await capFor(io);
    const room = roomForBlock(chain.before, utf8Length(outside), cap);
    // Recall (and its tokenizer) loads only when this command runs, not with every codex-memory command.
    const [{ buildContextPack }, { loadNodeIndex, readGitConfig }] = await Promise.all([import('../../core/recall'), import('../../node/recall-index')]);
    const index = await loadNodeIndex(vault);
    const eol = text ? detectEol(text) : '\n';
    const packs = new Map<number, ContextPack>();
    const fitted = await fitToBytes(room, budget, async (b) => {
      const pack = await buildContextPack({ index, task: '', cwd: repo, readGitConfig, budget: b, settings: vault.settings, now: Date.now() });
      packs.set(b, pack);
      return pack.items.length ? renderBlock(pack.text, eol) : null;
    });
    if (!fitted && packs.get(budget)?.items.length === 0) {
      if (json) writeJson(io, { file: target, changed: false, items: 0 });
      else io.stdout.write(`The vault has nothing to say about ${repo} yet; ${target} was left as it is.\n`);
      return 0;
    }
    if (!fitted) {
      const used = cap - room;
      throw new CliError(room <= 0
        ? `no room: the instruction files Codex loads in ${repo} already use ${used} of ${cap} bytes; nothing was written`
        : `the vault has nothing for ${repo} that fits in the ${room} bytes left under Codex's ${cap}-byte cap; nothing was written`);
    }
    const pack = packs.get(fitted.budget)!;
    const { tokens } = pack;
    const items = pack.items.length;
    const next = upsertBlock(target, text, pack.text);
    const changed = next !== text;
    if (changed) await writeFileAtomic(target, next);
    const total = cap - room + utf8Length(next) - utf8Length(outside);
    if (json) {
      writeJson(io, { file: target, changed, tokens, budget: fitted.budget, items, project: pack.project ?? null, bytes: utf8Length(next), chain_bytes: total, cap });
      return 0;
    }
    io.stdout.write(`${changed ? 'Wrote' : 'Unchanged:'} the Codex Memory block in ${target}: ${items} item${items === 1 ? '' : 's'}, ${tokens} tokens` +
      `${fitted.budget < budget ? ` (shrunk from a ${budget}-token budget to fit)` : ''}.\n` +
      `The instruction files Codex loads in ${repo} now use ${total} of ${cap} bytes.\n` +
      'Run this again to refresh it; remove it with --remove.\n');
    return 0;
  },
};

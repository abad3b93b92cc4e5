// The managed block in a repository's AGENTS.md, written or taken out again: the one implementation behind
// both `codex-memory agents-md` and the plugin's "Update AGENTS.md memory block" command. Callers bring their
// own pack (the CLI loads the index from disk, the plugin has it in memory). Only the block is ever written,
// the person's text around it keeps every byte, and the block shrinks until the instruction files Codex loads
// stay under its cap (`project_doc_max_bytes`, 32 KiB by default); when nothing fits, nothing is written.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AgentsMdBlockError, outsideBlock, removeBlock, renderBlock, upsertBlock } from '../core/delivery/agents-md-block';
import { CODEX_PROJECT_DOC_MAX_BYTES, fitToBytes, roomForBlock } from '../core/delivery/agents-md-fit';
import { projectDocMaxBytes } from '../core/delivery/codex-config';
import { detectEol } from '../core/notes/parse';
import type { ContextPack } from '../core/recall/types';
import { utf8Length } from '../core/security/safe-names';
import { agentsMdChain, type AgentsChain } from './agents-md-chain';
import { writeFileAtomic } from './atomic-write';

export interface AgentsMdUpdate {
  file: string;
  changed: boolean;
  items: number;
  tokens: number;
  /** The budget the written pack was built with (smaller than asked when it had to shrink). */
  budget: number;
  /** Vault path of the project note the pack was built for, when one was found. */
  project: string | null;
  /** Bytes of the file now. */
  bytes: number;
  /** Bytes the instruction files Codex loads in the repository use now, and its cap. */
  chainBytes: number;
  cap: number;
}

export interface AgentsMdRemoval {
  file: string;
  changed: boolean;
  /** 'file' when the file held nothing but the block and is gone. */
  removed?: 'file' | 'block';
}

/** A repository folder and the instruction files Codex loads there. */
export interface RepoAgentsMd extends AgentsChain {
  repo: string;
}

/**
 * Nothing was written, and why (no room, a file that is not UTF-8, a broken block, a missing folder).
 * `nothingToSay` marks the one case that is not a failure: the vault has no pack for the repository yet.
 */
export class AgentsMdNotWritten extends Error {
  constructor(
    message: string,
    readonly nothingToSay = false,
  ) {
    super(message);
    this.name = 'AgentsMdNotWritten';
  }
}

/** The repository's instruction files; refuses a folder that does not exist. */
export async function repoAgentsMd(repo: string): Promise<RepoAgentsMd> {
  if (
    !(await fs.stat(repo).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new AgentsMdNotWritten(`no such folder: ${repo}`);
  return { repo, ...(await agentsMdChain(repo)) };
}

/** The file's text, or null when it does not exist; refuses bytes that are not UTF-8 (a rewrite would alter them). */
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
    throw new AgentsMdNotWritten(`${file} is not valid UTF-8; it was left as it is`);
  }
}

function refusingBrokenBlock<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof AgentsMdBlockError) throw new AgentsMdNotWritten(e.message);
    throw e;
  }
}

async function capFor(codexHome: string): Promise<number> {
  const toml = await fs.readFile(path.join(codexHome, 'config.toml'), 'utf8').catch(() => null);
  return (toml !== null ? projectDocMaxBytes(toml) : null) ?? CODEX_PROJECT_DOC_MAX_BYTES;
}

export async function updateAgentsMd(
  at: RepoAgentsMd,
  codexHome: string,
  budget: number,
  packFor: (budget: number) => Promise<ContextPack>,
): Promise<AgentsMdUpdate> {
  const { repo, target } = at;
  const text = (await readUtf8(target)) ?? '';
  const outside = refusingBrokenBlock(() => outsideBlock(target, text));
  const cap = await capFor(codexHome);
  const room = roomForBlock(at.before, utf8Length(outside), cap);
  const eol = text ? detectEol(text) : '\n';
  const packs = new Map<number, ContextPack>();
  const fitted = await fitToBytes(room, budget, async (b) => {
    const pack = await packFor(b);
    packs.set(b, pack);
    return pack.items.length ? renderBlock(pack.text, eol) : null;
  });
  if (!fitted) {
    if (packs.get(budget)?.items.length === 0)
      throw new AgentsMdNotWritten(`the vault has nothing to say about ${repo} yet; ${target} was left as it is`, true);
    throw new AgentsMdNotWritten(
      room <= 0
        ? `no room: the instruction files Codex loads in ${repo} already use ${cap - room} of ${cap} bytes; nothing was written`
        : `the vault has nothing for ${repo} that fits in the ${room} bytes left under Codex's ${cap}-byte cap; nothing was written`,
    );
  }
  const pack = packs.get(fitted.budget)!;
  const next = upsertBlock(target, text, pack.text);
  const changed = next !== text;
  if (changed) await writeFileAtomic(target, next);
  const bytes = utf8Length(next);
  return {
    file: target,
    changed,
    items: pack.items.length,
    tokens: pack.tokens,
    budget: fitted.budget,
    project: pack.project ?? null,
    bytes,
    chainBytes: cap - room + bytes - utf8Length(outside),
    cap,
  };
}

export async function removeAgentsMdBlock(target: string): Promise<AgentsMdRemoval> {
  const text = await readUtf8(target);
  const next = text === null ? null : refusingBrokenBlock(() => removeBlock(target, text));
  if (next === null) return { file: target, changed: false };
  // A file that held nothing but the block was ours to begin with.
  if (next === '') await fs.rm(target);
  else await writeFileAtomic(target, next);
  return { file: target, changed: true, removed: next === '' ? 'file' : 'block' };
}

// Writes the context pack as the managed block of a repository's AGENTS.md, for callers that bring their
// own pack (the plugin builds it from its in-memory index). Only the block is ever written, the person's text
// around it keeps every byte, and the block shrinks until the instruction files Codex loads stay under its
// cap (`project_doc_max_bytes`, 32 KiB by default); when nothing fits, nothing is written.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { outsideBlock, renderBlock, upsertBlock } from '../core/delivery/agents-md-block';
import { CODEX_PROJECT_DOC_MAX_BYTES, fitToBytes, roomForBlock } from '../core/delivery/agents-md-fit';
import { projectDocMaxBytes } from '../core/delivery/codex-config';
import { detectEol } from '../core/notes/parse';
import type { ContextPack } from '../core/recall/types';
import { utf8Length } from '../core/security/safe-names';
import { agentsMdChain } from './agents-md-chain';
import { writeFileAtomic } from './atomic-write';

export interface AgentsMdUpdate {
  file: string;
  changed: boolean;
  items: number;
  tokens: number;
  /** The budget the written pack was built with (smaller than asked when it had to shrink). */
  budget: number;
  /** Bytes the instruction files Codex loads in the repository use now, and its cap. */
  chainBytes: number;
  cap: number;
}

/** Nothing was written, and why (no room, nothing to say, a file that is not UTF-8, a broken block). */
export class AgentsMdNotWritten extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentsMdNotWritten';
  }
}

async function readUtf8(file: string): Promise<string> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    throw new AgentsMdNotWritten(`${file} is not valid UTF-8; it was left as it is`);
  }
}

export async function updateAgentsMd(repo: string, codexHome: string, budget: number, packFor: (budget: number) => Promise<ContextPack>): Promise<AgentsMdUpdate> {
  if (!(await fs.stat(repo).then((s) => s.isDirectory(), () => false))) throw new AgentsMdNotWritten(`no such folder: ${repo}`);
  const chain = await agentsMdChain(repo);
  const { target } = chain;
  const text = await readUtf8(target);
  let outside: string;
  try {
    outside = outsideBlock(target, text);
  } catch (e) {
    throw new AgentsMdNotWritten((e as Error).message);
  }
  const toml = await fs.readFile(path.join(codexHome, 'config.toml'), 'utf8').catch(() => null);
  const cap = (toml !== null ? projectDocMaxBytes(toml) : null) ?? CODEX_PROJECT_DOC_MAX_BYTES;
  const room = roomForBlock(chain.before, utf8Length(outside), cap);
  const eol = text ? detectEol(text) : '\n';
  const packs = new Map<number, ContextPack>();
  const fitted = await fitToBytes(room, budget, async (b) => {
    const pack = await packFor(b);
    packs.set(b, pack);
    return pack.items.length ? renderBlock(pack.text, eol) : null;
  });
  if (!fitted) {
    if (packs.get(budget)?.items.length === 0) throw new AgentsMdNotWritten(`the vault has nothing to say about ${repo} yet; ${target} was left as it is`);
    throw new AgentsMdNotWritten(room <= 0
      ? `no room: the instruction files Codex loads in ${repo} already use ${cap - room} of ${cap} bytes; nothing was written`
      : `the vault has nothing for ${repo} that fits in the ${room} bytes left under Codex's ${cap}-byte cap; nothing was written`);
  }
  const pack = packs.get(fitted.budget)!;
  const next = upsertBlock(target, text, pack.text);
  const changed = next !== text;
  if (changed) await writeFileAtomic(target, next);
  return {
    file: target, changed, items: pack.items.length, tokens: pack.tokens, budget: fitted.budget,
    chainBytes: cap - room + utf8Length(next) - utf8Length(outside), cap,
  };
}

// `codex-memory search`: full-text search over the vault's notes, one query or a JSONL file of many.
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { SearchResult } from '../../core/recall';
import { openMemorySearch } from '../../core/recall/context';
import { nodeHost } from '../../node/host';
import { openNodeVault } from '../../node/open-vault';
import { CliError, flag, intOpt, requireOpt, stringOpt, UsageError, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

function printHuman(io: CliIO, result: SearchResult): void {
  if (result.items.length === 0) {
    io.stderr.write('No matches.\n');
    return;
  }
  for (const item of result.items) {
    const where = `${item.path}${item.heading ? ` > ${item.heading}` : ''}${item.block ? ` ^${item.block}` : ''}`;
    io.stdout.write(`${item.score.toFixed(2).padStart(7)}  ${where}\n         ${item.snippet}\n`);
  }
}

export const searchCommand: Command = {
  name: 'search',
  summary: "Search the vault's notes (BM25 with typo tolerance); many queries at once with --queries",
  usage: 'search "QUERY" --vault DIR [--limit N] [--json]\nsearch --queries FILE.jsonl --vault DIR [--limit N]',
  help: `Ranks bullets and sections of every note by relevance. Note titles, aliases and headings weigh more
than body text; words are stemmed and small typos are tolerated.

Options:
  --vault DIR         the memory vault
  --limit N           results per query (default 10)
  --json              {items:[{path, heading?, block?, score, snippet}]}
  --queries FILE      a JSONL file ('-' for standard input), one {"id", "query"} per line; prints one JSON line
                      {"id", "items":[…]} per input line, in order, from one loaded index
`,
  options: {
    vault: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    queries: { type: 'string' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const queries = stringOpt(args, 'queries');
    if (queries && args.positionals.length) throw new UsageError('give either a QUERY or --queries FILE, not both');
    if (!queries && args.positionals.length !== 1) throw new UsageError('give one quoted QUERY (or --queries FILE)');
    const limit = intOpt(args, 'limit', 10);
    const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
    const searcher = await openMemorySearch(nodeHost(vault, { env: io.env, warn: (m) => io.stderr.write(`${m}\n`) }));
    const find = (query: string) => searcher.find(query, limit);
    try {
      if (!queries) {
        const result = await find(args.positionals[0]);
        if (flag(args, 'json')) writeJson(io, result);
        else printHuman(io, result);
        return 0;
      }
      return await answerAll(io, queries, find);
    } finally {
      await searcher.close();
    }
  },
};

async function answerAll(io: CliIO, queries: string, find: (q: string) => Promise<SearchResult>): Promise<number> {
  const input = queries === '-' ? io.stdin : createReadStream(path.resolve(io.cwd, queries));
  let bad = 0;
  let lineNo = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (!line.trim()) continue;
      let id: unknown = null;
      try {
        const q = JSON.parse(line) as { id?: unknown; query?: unknown };
        id = q?.id ?? null;
        if (typeof q?.query !== 'string') throw new Error('no "query" string');
        io.stdout.write(`${JSON.stringify({ id, items: (await find(q.query)).items })}\n`);
      } catch (e) {
        bad++;
        io.stderr.write(`${queries}:${lineNo}: ${(e as Error).message}\n`);
        io.stdout.write(`${JSON.stringify({ id, items: [], error: (e as Error).message })}\n`);
      }
    }
  } catch (e) {
    throw new CliError(`cannot read ${queries}: ${(e as Error).message}`);
  }
  return bad ? 1 : 0;
}

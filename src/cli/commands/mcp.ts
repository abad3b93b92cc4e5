// `codex-memory mcp --vault DIR`: the MCP server over stdio, for `codex mcp add`. stdout carries the protocol
// and nothing else; every message for a person goes to stderr.
// The server and the MCP SDK are imported when the command runs: loading them costs hundreds of
// milliseconds that every other command (a hook above all) must not pay.
import type { Readable, Writable } from 'node:stream';
import type { MemoryIndex } from '../../core/recall';
import { requireOpt, type CliIO, type Command, type ParsedArgs } from '../command';

/** How long an index is trusted before the next tool call looks for changed notes again. */
const INDEX_FRESH_MS = 2000;

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serve the vault to Codex as an MCP server over stdio',
  usage: 'mcp --vault DIR',
  help: `Tools: search_memory {query, limit?}, get_context {task, cwd?, budget?}, read_note {path} (notes inside the
vault only), remember {text, kind?, subject?} (writes a proposal into the inbox folder for review, never into
your notes).

Add it to Codex with:
  codex mcp add codex-memory -- node /abs/path/to/codex-memory/dist/cli.js mcp --vault /abs/path/to/vault
Remove it with:
  codex mcp remove codex-memory`,
  options: {
    vault: { type: 'string' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const [{ StdioServerTransport }, { createMemoryServer }, { openNodeVault }, { loadNodeIndex }, { nodeHost }, { VERSION }, { keepStdoutClean }] =
      await Promise.all([
        import('@modelcontextprotocol/sdk/server/stdio.js'),
        import('../../mcp/server'),
        import('../../node/open-vault'),
        import('../../node/recall-index'),
        import('../../node/host'),
        import('../../core/version'),
        import('../../node/fail-open'),
      ]);
    keepStdoutClean(io);
    const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
    let cached: { index: Promise<MemoryIndex>; at: number } | null = null;
    const index = (): Promise<MemoryIndex> => {
      if (!cached || Date.now() - cached.at > INDEX_FRESH_MS) {
        const loading = loadNodeIndex(vault);
        cached = { index: loading, at: Date.now() };
        // A failed load is not kept: the next call tries again.
        loading.catch(() => {
          cached = null;
        });
      }
      return cached.index;
    };
    const log = (line: string) => io.stderr.write(`${line}\n`);
    const server = createMemoryServer({
      host: nodeHost(vault, { env: io.env, index, warn: log }),
      defaultCwd: io.cwd,
      version: VERSION,
      log,
    });
    const transport = new StdioServerTransport(io.stdin as Readable, io.stdout as Writable);
    const closed = new Promise<void>((resolve) => {
      server.server.onclose = () => resolve();
      io.stdin.once('end', () => void server.close());
    });
    await server.connect(transport);
    io.stderr.write(`codex-memory mcp: serving ${vault.root} on stdio\n`);
    await closed;
    return 0;
  },
};

// The MCP path: the real `codex mcp add` registers our server, Codex starts it, lists its tools through
// tool_search, calls search_memory for the model, and hands the vault note back in the next request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { digest, threadOf, toolOutputs } from '../requests.mjs';
import { parseJsonOutput } from '../vault-files.mjs';

const PROMPT = 'How do we store money amounts? Look it up in the memory.';
const NOTE = 'projects/invoice-ledger';
const QUERY = 'money amounts integer cents';
/** How Codex names the namespace of the server added as "codex-memory". */
const NAMESPACE = 'mcp__codex_memory';
/** Model turns spent waiting for the server before the run counts as failed (each waits a second). */
const MAX_TRIES = 8;

/** search_memory as tool_search returned it to the model, or undefined. */
function listedSearchTool(request) {
  for (const out of toolOutputs(request).filter((o) => o.type === 'tool_search_output')) {
    for (const ns of JSON.parse(out.text) ?? []) {
      const tool = (ns.tools ?? [ns]).find((t) => t.name === 'search_memory');
      if (tool) return { namespace: ns.name, tool };
    }
  }
  return undefined;
}

/** The argument object for the query, named as the tool's own schema names it. */
function queryArgs(tool) {
  const props = tool.parameters?.properties ?? {};
  const key = 'query' in props ? 'query' : ((tool.parameters?.required ?? []).find((k) => props[k]?.type === 'string') ?? 'query');
  return { [key]: QUERY };
}

export async function mcp({ ws, server, report, state }) {
  await report.check('codex mcp add registers codex-memory in the config.toml Codex reads', async () => {
    // As the README tells a person to type it: `node` from PATH, the built CLI by absolute path.
    const r = await ws.codex(['mcp', 'add', 'codex-memory', '--', 'node', ws.cli, 'mcp', '--vault', ws.vault]);
    assert.equal(r.code, 0, describeRun(r, 'codex mcp add'));
    const toml = readFileSync(join(ws.codexHome, 'config.toml'), 'utf8');
    assert.match(toml, /^\[mcp_servers\.codex-memory\]$/m, `config.toml has no [mcp_servers.codex-memory]:\n${toml}`);
    const got = parseJsonOutput(await ws.codex(['mcp', 'get', 'codex-memory', '--json']));
    assert.deepEqual([got.transport?.command, ...(got.transport?.args ?? [])], ['node', ws.cli, 'mcp', '--vault', ws.vault]);
  });

  // `codex exec` sends its first request while MCP servers may still be starting; Codex then announces the
  // namespace in a later developer message. The scripted model does what a real one would: it runs a
  // harmless command while the memory tools are not there yet, searches for them once announced, calls
  // search_memory, and answers with what came back.
  let listed;
  let tries = 0;
  let searched = false;
  server.play([
    (req) => {
      listed = listedSearchTool(req);
      if (listed) return { mcp: 'codex-memory', tool: 'search_memory', args: queryArgs(listed.tool) };
      if (++tries > MAX_TRIES) return { say: 'search_memory was never offered.' };
      // Search once the namespace is announced; after a search that found nothing, wait before the next.
      const announced = JSON.stringify(req.body?.input ?? []).includes(NAMESPACE);
      searched = announced && !searched;
      return searched ? { toolSearch: 'memory vault search notes', again: true } : { exec: 'sleep 1', again: true };
    },
    (req) => ({ say: `From the memory: ${toolOutputs(req).at(-1)?.text.slice(0, 200) ?? 'nothing'}` }),
  ]);
  const mark = server.requests.length;
  const r = await ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', PROMPT]);
  const turns = server.turns(mark);
  state.mcp = { prompt: PROMPT, thread: threadOf(turns[0]), turns };

  await report.check('MCP: codex exec finishes the scripted turn', () => {
    assert.equal(r.code, 0, describeRun(r, 'codex exec'));
    assert.ok(listed && tries <= MAX_TRIES, `search_memory was not offered after ${MAX_TRIES} tries`);
  });
  await report.check('MCP: Codex started our server and offered search_memory to the model', () => {
    assert.ok(listed, `no tool_search_output lists search_memory:\n${digest(turns.at(-1))}`);
    assert.equal(listed.namespace, NAMESPACE);
  });
  await report.check("MCP: Codex's next request carries search_memory's output with the vault note", () => {
    const last = turns.at(-1);
    assert.ok(last && listed, 'no request after a search_memory call');
    const out = toolOutputs(last).find((o) => o.call?.name === 'search_memory');
    assert.ok(out, `no output for the search_memory call:\n${digest(last)}`);
    assert.ok(out.text.includes(NOTE), `search_memory's output does not cite ${NOTE}:\n${out.text.slice(0, 800)}`);
    assert.ok(/integer cents/i.test(out.text), `search_memory's output lacks the note's text "integer cents":\n${out.text.slice(0, 800)}`);
  });
}

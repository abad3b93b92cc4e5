// The MCP path: the real `codex mcp add` registers our server, Codex starts it, lists its tools through
// tool_search, calls search_memory for the model, and hands the vault note back in the next request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun } from '../processes.mjs';
import { digest, toolOutputs } from '../requests.mjs';
import { parseJsonOutput } from '../vault-files.mjs';

const PROMPT = 'How do we store money amounts? Look it up in the memory.';
const NOTE = 'projects/invoice-ledger';
const QUERY = 'money amounts integer cents';

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
  const key = 'query' in props ? 'query' : (tool.parameters?.required ?? []).find((k) => props[k]?.type === 'string') ?? 'query';
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

  let listed;
  server.play([
    { toolSearch: 'memory vault search notes' },
    (req) => {
      listed = listedSearchTool(req);
      return listed ? { mcp: 'codex-memory', tool: 'search_memory', args: queryArgs(listed.tool) } : { say: 'search_memory was not offered.' };
    },
    (req) => ({ say: `From the memory: ${toolOutputs(req).at(-1)?.text.slice(0, 200) ?? 'nothing'}` }),
  ]);
  const mark = server.requests.length;
  const r = await ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', PROMPT]);
  const turns = server.turns(mark);
  state.mcp = { prompt: PROMPT, thread: turns[0]?.body?.client_metadata?.thread_id, requests: turns.length };

  await report.check('MCP: codex exec finishes the scripted turn', () => {
    assert.equal(r.code, 0, describeRun(r, 'codex exec'));
    assert.equal(turns.length, 3, `expected 3 requests (tool_search, search_memory, answer), got ${turns.length}`);
  });
  await report.check('MCP: Codex started our server and offered search_memory to the model', () => {
    assert.ok(listed, `no tool_search_output lists search_memory:\n${turns[1] ? digest(turns[1]) : '(no second request)'}`);
    assert.equal(listed.namespace, 'mcp__codex_memory');
  });
  await report.check("MCP: Codex's next request carries search_memory's output with the vault note", () => {
    const last = turns[2];
    assert.ok(last, 'no request after the search_memory call');
    const out = toolOutputs(last).find((o) => o.call?.name === 'search_memory');
    assert.ok(out, `no output for the search_memory call:\n${digest(last)}`);
    assert.ok(out.text.includes(NOTE), `search_memory's output does not cite ${NOTE}:\n${out.text.slice(0, 800)}`);
    assert.ok(/integer cents/i.test(out.text), `search_memory's output lacks the note's text "integer cents":\n${out.text.slice(0, 800)}`);
  });
}

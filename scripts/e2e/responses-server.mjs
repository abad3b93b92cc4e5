// A scripted stand-in for the OpenAI Responses API that the real Codex CLI talks to during the e2e run.
// It answers each `POST …/responses` with the next scripted turn as the SSE stream Codex parses, and keeps
// every request body Codex sent, so assertions read what really reached "the model" rather than our own logs.
import http from 'node:http';
import { appendFileSync } from 'node:fs';

const USAGE = {
  input_tokens: 1000,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 50,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 1050,
};

/**
 * Output items for one scripted step. A step is one of:
 *   { say: 'text' }                                   a final answer (ends the turn)
 *   { exec: 'shell command' }                         an exec_command call; Codex runs it and asks again
 *   { toolSearch: 'query' }                           a client-side tool_search (loads deferred MCP tools)
 *   { mcp: 'server', tool: 'name', args: {…} }        a call to an MCP tool (Codex's mcp__<server> namespace)
 *   { call: 'name', args: {…} }                      a call to one of Codex's own function tools (e.g. create_goal)
 *   (request) => step                                 decided from what Codex sent (e.g. echo a tool output);
 *                                                     a returned step with `again: true` keeps the function
 *                                                     for the next request too (a model that waits or retries)
 */
function outputItems(step, n) {
  if (step.say !== undefined) {
    return [{ type: 'message', role: 'assistant', id: `msg_${n}`, phase: 'final_answer', content: [{ type: 'output_text', text: step.say }] }];
  }
  if (step.exec !== undefined) {
    return [{ type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: 'exec_command', arguments: JSON.stringify({ cmd: step.exec }) }];
  }
  if (step.toolSearch !== undefined) {
    return [
      {
        type: 'tool_search_call',
        id: `ts_${n}`,
        call_id: `call_${n}`,
        execution: 'client',
        status: 'completed',
        arguments: { query: step.toolSearch, limit: 8 },
      },
    ];
  }
  if (step.mcp !== undefined) {
    // Codex turns a server name such as "codex-memory" into the namespace "mcp__codex_memory".
    const ns = `mcp__${step.mcp.replace(/[^A-Za-z0-9_]/g, '_')}`;
    return [
      { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, namespace: ns, name: step.tool, arguments: JSON.stringify(step.args ?? {}) },
    ];
  }
  if (step.call !== undefined) {
    return [{ type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: step.call, arguments: JSON.stringify(step.args ?? {}) }];
  }
  throw new Error(`scripted step not understood: ${JSON.stringify(step)}`);
}

function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  res.end();
}

const isResponses = (r) => r.method === 'POST' && /\/responses$/.test(r.url.split('?')[0]);

/**
 * Starts the server on 127.0.0.1 with an OS-chosen port. `play(steps)` queues the turns the next Codex run
 * gets; when the queue is empty the model says "OK." and the request is counted in `unscripted`. A step
 * that cannot be played is answered with a final message naming the problem (a 5xx would only make Codex
 * retry with back-off) and recorded in `errors`.
 * `requests` holds every request as {method, url, body (parsed JSON or null), raw, at (performance.now()),
 * served (the output items it was answered with)}.
 */
export async function startResponsesServer() {
  const requests = [];
  const queue = [];
  const errors = [];
  const waiters = [];
  let served = 0;
  let unscripted = 0;
  let logFile = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        /* kept raw; an assertion will notice */
      }
      const entry = { method: req.method, url: req.url, body, raw, at: performance.now() };
      requests.push(entry);
      for (const w of waiters.splice(0)) w(entry);
      if (logFile) appendFileSync(logFile, JSON.stringify({ method: req.method, url: req.url, body: raw }) + '\n');
      if (!isResponses(entry)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not scripted"}}');
        return;
      }
      const n = ++served;
      let step = queue.shift();
      if (step === undefined) {
        unscripted++;
        step = { say: 'OK.' };
      }
      let items;
      try {
        const played = typeof step === 'function' ? step(entry) : step;
        if (played.again) queue.unshift(step);
        items = outputItems(played, n);
      } catch (err) {
        errors.push(err.message);
        items = outputItems({ say: `scripted step failed: ${err.message}` }, n);
      }
      entry.served = items;
      const id = `resp_${n}`;
      sse(res, [
        { type: 'response.created', response: { id } },
        ...items.map((item) => ({ type: 'response.output_item.done', item })),
        { type: 'response.completed', response: { id, usage: USAGE } },
      ]);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Requests to the Responses endpoint only, from index `from` on. */
    turns(from = 0) {
      return requests.slice(from).filter(isResponses);
    },
    play(steps) {
      queue.length = 0;
      queue.push(...steps);
    },
    /** Resolves with the first request that arrives after this call (for timing a session's start). */
    nextRequest() {
      return new Promise((resolve) => waiters.push(resolve));
    },
    get pending() {
      return queue.length;
    },
    get unscripted() {
      return unscripted;
    },
    errors,
    /** Also append every request to this file (kept with the workspace for a look afterwards). */
    logTo(file) {
      logFile = file;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

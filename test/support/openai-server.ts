// A small OpenAI-compatible server for tests: real HTTP on 127.0.0.1 (port 0), every request recorded,
// every answer scripted. It speaks just enough of POST /v1/chat/completions, /v1/responses and
// /v1/embeddings for the real `openai` SDK, and can misbehave on purpose: any status with any headers
// (401, 429 + Retry-After, 500…), a body that is not JSON, a delay or a hang (timeouts), a connection reset
// before the headers or halfway through the body.
//
//   const server = await startOpenAIServer([reply.chat('{"items":[]}'), reply.error(429, 'slow down', { 'retry-after': '1' })]);
//   … point the SDK at server.url …
//   server.requests[0].body.messages; await server.close();
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The fields of the three endpoints' request bodies that tests look at; anything else is there too. */
export interface RequestBody {
  model?: string;
  messages?: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  input?: unknown;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. /v1/chat/completions. */
  path: string;
  headers: IncomingMessage['headers'];
  /** The body as text, exactly as received. */
  raw: string;
  /** The body parsed as JSON ({} when it is not a JSON object). */
  body: RequestBody;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as is (text/plain unless headers say otherwise). */
  text?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /**
   * reset-before-headers: destroy the socket without answering; reset-mid-body: send headers and half the body,
   * then destroy it; stall-mid-body: send headers and half the body, then nothing more; hang: never answer
   * (until close()).
   */
  fault?: 'reset-before-headers' | 'reset-mid-body' | 'stall-mid-body' | 'hang';
}

export type Step = Reply | ((req: RecordedRequest, index: number) => Reply | Promise<Reply>);
/** Steps are used in order, one per request; a function decides every answer itself. */
export type Script = Step[] | ((req: RecordedRequest, index: number) => Reply | Promise<Reply>);

/** The messages of a chat completions request; throws when there are none, so a test fails clearly. */
export function messagesOf(req: RecordedRequest): { role: string; content: string }[] {
  if (!Array.isArray(req.body.messages)) throw new Error(`request to ${req.path} has no messages`);
  return req.body.messages;
}

export interface OpenAIServer {
  /** Base URL for the SDK, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

let ids = 0;

/** Ready-made replies. */
export const reply = {
  /** A chat completion whose message content is `content`. */
  chat(content: string, opts: { model?: string; finish?: string; usage?: { prompt_tokens: number; completion_tokens: number } } = {}): Reply {
    return {
      json: {
        id: `chatcmpl-test-${++ids}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: opts.model ?? 'test-model',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: opts.finish ?? 'stop', logprobs: null }],
        usage: opts.usage
          ? { ...opts.usage, total_tokens: opts.usage.prompt_tokens + opts.usage.completion_tokens }
          : { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      },
    };
  },
  /** A Responses API answer whose output text is `text`. */
  responses(text: string, model = 'test-model'): Reply {
    return {
      json: {
        id: `resp_test_${++ids}`,
        object: 'response',
        created_at: 1_700_000_000,
        status: 'completed',
        model,
        output: [
          { type: 'message', id: `msg_${ids}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] },
        ],
        usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
      },
    };
  },
  /**
   * Embeddings for the request's input: deterministic vectors derived from each text, as float arrays or,
   * when asked for (the SDK asks by default), base64 float32 as the real API sends them.
   */
  embeddings(req: RecordedRequest, dims = 8): Reply {
    const input = req.body.input;
    const texts = (Array.isArray(input) ? input : [input]).map((t) => (typeof t === 'string' ? t : JSON.stringify(t ?? '')));
    const encode = (v: number[]) => (req.body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v);
    return {
      json: {
        object: 'list',
        model: req.body.model ?? 'test-embedding',
        data: texts.map((t, index) => ({ object: 'embedding', index, embedding: encode(vectorFor(t, dims)) })),
        usage: { prompt_tokens: 0, total_tokens: 0 },
      },
    };
  },
  /** An OpenAI-style error body with the given status. */
  error(status: number, message: string, headers: Record<string, string> = {}): Reply {
    return { status, headers, json: { error: { message, type: 'test_error', param: null, code: null } } };
  },
};

/** A unit vector that depends only on the text (so equal texts embed equally), exact in float32. */
export function vectorFor(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (let i = 0; i < text.length; i++) v[(text.charCodeAt(i) * 31 + i) % dims] += 1;
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return Array.from(new Float32Array(v.map((x) => x / norm)));
}

/** What the server answers when no script says otherwise: something valid for each endpoint. */
export function defaultReply(req: RecordedRequest): Reply {
  if (req.path.endsWith('/embeddings')) return reply.embeddings(req);
  if (req.path.endsWith('/responses')) return reply.responses('ok');
  if (req.path.endsWith('/chat/completions')) return reply.chat('ok');
  return reply.error(404, `no route for ${req.method} ${req.path}`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startOpenAIServer(script?: Script): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let next = 0;

  const pick = async (rec: RecordedRequest, index: number): Promise<Reply> => {
    if (!script) return defaultReply(rec);
    if (typeof script === 'function') return script(rec, index);
    const step = script[next++];
    if (step === undefined) return reply.error(599, `unscripted request #${index + 1} to ${rec.path}`);
    return typeof step === 'function' ? step(rec, index) : step;
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = await readBody(req);
      let body: RequestBody = {};
      try {
        const parsed: unknown = raw ? JSON.parse(raw) : {};
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as RequestBody;
      } catch {
        body = {};
      }
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], headers: req.headers, raw, body };
      const index = requests.push(rec) - 1;
      const r = await pick(rec, index);
      if (r.delayMs) await wait(r.delayMs);
      if (r.fault === 'hang') return;
      if (r.fault === 'reset-before-headers') {
        req.socket.destroy();
        return;
      }
      const isJson = r.json !== undefined;
      const payload = isJson ? JSON.stringify(r.json) : (r.text ?? '');
      const headers: Record<string, string> = {
        'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8',
        ...(r.headers ?? {}),
      };
      if (r.fault === 'reset-mid-body' || r.fault === 'stall-mid-body') {
        res.writeHead(r.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
        res.write(payload.slice(0, Math.floor(payload.length / 2)));
        if (r.fault === 'reset-mid-body') {
          await wait(20);
          req.socket.destroy();
        }
        return;
      }
      res.writeHead(r.status ?? 200, headers);
      res.end(payload);
    })().catch(() => req.socket.destroy());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

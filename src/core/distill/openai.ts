// The OpenAI-compatible distiller: the official SDK against any server that speaks chat completions with
// JSON-schema structured output (OpenAI, Ollama, LM Studio, vLLM). The SDK's own retries are off because
// they wait as long as Retry-After says, however long, and do not retry a connection that drops while the
// body is read; this loop caps the wait, backs off, and turns each failure into a message a person can act on.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { DistillContext, Distiller } from './distiller';
import { DistillError, describeEndpoint } from './errors';
import { needsRealKey } from '../openai-endpoint';
import type { Learnings } from './learnings';
import { distillWithModel, type Completion, type CompletionRequest } from './model/pipeline';
import type { Thread } from '../codex/thread';

/** The one SDK call this distiller makes; a real `OpenAI` instance satisfies it. */
export interface ChatClient {
  chat: {
    completions: {
      create(body: ChatCompletionCreateParamsNonStreaming, options?: { signal?: AbortSignal; timeout?: number }): PromiseLike<ChatCompletion>;
    };
  };
}

export interface ClientSettings {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
}

export type OpenAIClientFactory = (s: ClientSettings) => ChatClient;

/**
 * The SDK client as the CLI and the plugin use it. In Obsidian the SDK believes it runs in a browser; the key
 * is the user's own, in their own app, hence dangerouslyAllowBrowser.
 */
export const sdkClientFactory =
  (fetchImpl?: typeof fetch): OpenAIClientFactory =>
  (s) =>
    new OpenAI({
      baseURL: s.baseURL,
      apiKey: s.apiKey,
      timeout: s.timeoutMs,
      maxRetries: 0,
      dangerouslyAllowBrowser: true,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Waits `ms`, or rejects as soon as `signal` aborts. A plain timer on purpose: AbortSignal.timeout() does not
 * keep Node's event loop alive, so the CLI, with nothing else pending while it waits out a Retry-After or a
 * back-off, would simply exit (code 0, nothing printed, nothing written).
 */
// Core code runs in the CLI too, where there is no `window`: the timers both environments have.
const startTimer: typeof setTimeout = setTimeout;
const stopTimer: typeof clearTimeout = clearTimeout;

const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const cancelled = () => new DistillError('aborted', 'Distilling was cancelled.');
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      stopTimer(timer);
      reject(cancelled());
    };
    const timer = startTimer(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, Math.round(ms)),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface OpenAIDistillerOptions {
  baseURL: string;
  model: string;
  /** Local servers accept any key; api.openai.com needs a real one. */
  apiKey?: string;
  clientFactory?: OpenAIClientFactory;
  /** Per request, including reading the answer. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and dropped connections. */
  maxRetries?: number;
  /** The longest Retry-After this distiller is willing to wait; a longer one fails at once. */
  retryAfterCapMs?: number;
  /** Input tokens per request (the model's context less room for the answer). */
  maxInputTokens?: number;
  /** Tokens one checkpoint may spend. */
  tokenCap: number;
  sleep?: Sleep;
}

export const OPENAI_DEFAULTS = {
  timeoutMs: 120_000,
  maxRetries: 2,
  retryAfterCapMs: 30_000,
  maxInputTokens: 24_000,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
};

/** Milliseconds a 429/503 asks us to wait, from retry-after-ms or Retry-After (seconds or an HTTP date). */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

interface HttpFailure {
  status: number;
  headers?: Headers;
  /** The server's own words, from an OpenAI-style error body. */
  said: string;
}

/** Status, headers and message of an SDK error that carries an HTTP response. */
function httpFailure(err: unknown): HttpFailure | undefined {
  if (!(err instanceof APIError) || err instanceof APIConnectionError || err instanceof APIUserAbortError) return undefined;
  const e = err as unknown as { status?: unknown; headers?: unknown; error?: unknown };
  const body = e.error as { message?: unknown } | undefined;
  const m = typeof body?.message === 'string' ? body.message : '';
  return {
    status: typeof e.status === 'number' ? e.status : 0,
    headers: e.headers instanceof Headers ? e.headers : undefined,
    said: m ? `: ${m.slice(0, 300)}` : '',
  };
}

/** Maps whatever one attempt threw to our error, with a message that names the server and the remedy. */
function toDistillError(err: unknown, where: string, model: string, timeoutMs: number, timedOut: boolean, aborted: boolean): DistillError {
  if (err instanceof DistillError) return err;
  if (aborted) return new DistillError('aborted', 'Distilling was cancelled.');
  if (timedOut || err instanceof APIConnectionTimeoutError) {
    const limit = timeoutMs < 10_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    return new DistillError('timeout', `The model server at ${where} did not answer within ${limit}.`, { cause: err });
  }
  if (err instanceof APIUserAbortError) return new DistillError('aborted', 'Distilling was cancelled.');
  if (err instanceof APIConnectionError) {
    const why = err.cause instanceof Error ? err.cause.message : 'connection failed';
    return new DistillError('connection', `Could not reach the model server at ${where} (${why}).`, { cause: err });
  }
  const http = httpFailure(err);
  if (http) {
    const { status, said } = http;
    if (status === 401 || status === 403) {
      return new DistillError(
        'auth',
        `The model server at ${where} refused the API key (HTTP ${status}). Check OPENAI_API_KEY or the key in the plugin settings.`,
        { status },
      );
    }
    if (status === 404) {
      return new DistillError(
        'not-found',
        `The model server at ${where} has no model "${model}" or no chat completions endpoint (HTTP 404)${said}.`,
        { status },
      );
    }
    if (status === 429) {
      return new DistillError('rate-limit', `The model server at ${where} is rate limiting requests (HTTP 429)${said}.`, {
        status,
        retryAfterMs: retryAfterMs(http.headers),
      });
    }
    if (status === 408) return new DistillError('timeout', `The model server at ${where} timed out the request (HTTP 408).`, { status });
    if (status >= 500) {
      return new DistillError('server', `The model server at ${where} failed (HTTP ${status})${said}.`, {
        status,
        retryAfterMs: retryAfterMs(http.headers),
      });
    }
    return new DistillError(
      'bad-request',
      `The model server at ${where} rejected the request (HTTP ${status})${said}. It may not support JSON-schema structured output for "${model}".`,
      { status },
    );
  }
  if (err instanceof SyntaxError) {
    return new DistillError(
      'bad-response',
      `The model server at ${where} answered with something that is not JSON; is the base URL an OpenAI-compatible /v1 endpoint?`,
      { cause: err },
    );
  }
  // Undici reports a connection dropped while the body is read as a TypeError ("terminated", ECONNRESET).
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
  const message = err instanceof Error ? `${err.message} ${cause}` : String(err);
  if (/terminated|ECONNRESET|socket|other side closed|fetch failed|network/i.test(message)) {
    return new DistillError('connection', `The connection to the model server at ${where} was dropped mid-answer.`, { cause: err });
  }
  return new DistillError('bad-response', `The model server at ${where} failed in an unexpected way: ${message.slice(0, 200)}`, { cause: err });
}

function contentOf(res: unknown, where: string): { text: string; usage?: Completion['usage'] } {
  const r = res as Partial<ChatCompletion> | string | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.choices)) {
    throw new DistillError(
      'bad-response',
      `The model server at ${where} did not answer with a chat completion; is the base URL an OpenAI-compatible /v1 endpoint?`,
    );
  }
  const msg = r.choices[0]?.message;
  if (msg?.refusal) throw new DistillError('bad-response', `The model refused to distil this session: ${msg.refusal.slice(0, 200)}`);
  return {
    // A missing or cut-off answer is returned as is: the pipeline treats it as invalid and retries once.
    text: typeof msg?.content === 'string' ? msg.content : '',
    usage: r.usage ? { input: r.usage.prompt_tokens, output: r.usage.completion_tokens } : undefined,
  };
}

export function createOpenAIDistiller(opts: OpenAIDistillerOptions): Distiller {
  const o = {
    ...OPENAI_DEFAULTS,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  } as Required<OpenAIDistillerOptions> & typeof OPENAI_DEFAULTS;
  const where = describeEndpoint(o.baseURL);
  const sleep = opts.sleep ?? realSleep;

  async function attempt(client: ChatClient, req: CompletionRequest): Promise<Completion> {
    // The SDK's timeout ends when the headers arrive; this one also covers reading the answer.
    const deadline = AbortSignal.timeout(o.timeoutMs);
    const controller = new AbortController();
    const stop = () => controller.abort();
    deadline.addEventListener('abort', stop, { once: true });
    req.signal?.addEventListener('abort', stop, { once: true });
    try {
      const res = await client.chat.completions.create(
        {
          model: o.model,
          messages: [
            { role: 'system', content: req.system },
            { role: 'user', content: req.user },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'learnings', strict: true, schema: req.schema } },
        },
        { signal: controller.signal, timeout: o.timeoutMs },
      );
      return contentOf(res, where);
    } catch (err) {
      throw toDistillError(err, where, o.model, o.timeoutMs, deadline.aborted, !!req.signal?.aborted);
    } finally {
      deadline.removeEventListener('abort', stop);
      req.signal?.removeEventListener('abort', stop);
    }
  }

  async function complete(client: ChatClient, req: CompletionRequest): Promise<Completion> {
    const attempts = o.maxRetries + 1;
    for (let n = 1; ; n++) {
      try {
        return await attempt(client, req);
      } catch (e) {
        const err = e as DistillError;
        if (!err.retryable || n >= attempts) throw finalError(err, n);
        const asked = err.detail.retryAfterMs;
        if (asked !== undefined && asked > o.retryAfterCapMs) {
          throw new DistillError(
            err.code,
            `${err.message} It asks to wait ${Math.ceil(asked / 1000)} s, longer than the ${Math.round(o.retryAfterCapMs / 1000)} s this program waits; try again later.`,
            { ...err.detail, attempts: n },
          );
        }
        const backoff = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** (n - 1)) * (0.75 + Math.random() * 0.25);
        await sleep(asked ?? backoff, req.signal);
      }
    }
  }

  function finalError(err: DistillError, attempts: number): DistillError {
    if (!err.retryable || attempts <= 1) return err;
    return new DistillError(err.code, `${err.message} Gave up after ${attempts} attempts.`, { ...err.detail, attempts });
  }

  return {
    name: 'openai',
    async distill(thread: Thread, ctx: DistillContext = {}): Promise<Learnings> {
      if (!o.model) throw new DistillError('config', 'No model is set for the OpenAI-compatible distiller (setting or CODEX_MEMORY_MODEL).');
      if (!o.apiKey && needsRealKey(o.baseURL)) {
        throw new DistillError(
          'config',
          `No API key for ${where}: set OPENAI_API_KEY or store a key in the plugin settings, or use the offline distiller.`,
        );
      }
      const client = (opts.clientFactory ?? sdkClientFactory())({ baseURL: o.baseURL, apiKey: o.apiKey || 'not-needed', timeoutMs: o.timeoutMs });
      return distillWithModel(thread, ctx, {
        name: 'openai',
        complete: (req) => complete(client, req),
        maxInputTokens: o.maxInputTokens,
        tokenCap: o.tokenCap,
      });
    },
  };
}

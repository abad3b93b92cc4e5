// `fetch` for the openai SDK over Obsidian's requestUrl. Inside Obsidian a plain fetch is a browser request
// from the app's own origin, which a local model server (Ollama, LM Studio, vLLM) refuses unless it sends
// CORS headers; requestUrl is not subject to CORS. The SDK only needs what it uses: a URL, a method, headers,
// a string or binary body, an abort signal, and a Response back.
import { requestUrl, type RequestUrlParam, type RequestUrlResponse } from 'obsidian';

export type Requester = (request: RequestUrlParam) => Promise<RequestUrlResponse>;

/** Statuses whose Response may not carry a body. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

function bodyOf(body: BodyInit | null | undefined): string | ArrayBuffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return body;
  if (ArrayBuffer.isView(body)) return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('This request body cannot be sent through Obsidian (only text and binary bodies can).');
}

function aborted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The request was aborted.', 'AbortError');
}

export function requestUrlFetch(request: Requester = requestUrl): typeof fetch {
  return async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw aborted(signal);
    const pending = request({ url, method, headers, body: bodyOf(init.body), throw: false });
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      onAbort = () => reject(aborted(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    let res: RequestUrlResponse;
    try {
      res = await (signal ? Promise.race([pending, stop]) : pending);
    } catch (err) {
      if (signal?.aborted) throw aborted(signal);
      // What fetch throws for a refused or dropped connection, so the SDK reports it as one.
      throw new TypeError(`fetch failed: ${(err as Error).message}`);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
    return new Response(NO_BODY.has(res.status) ? null : res.arrayBuffer, { status: res.status, headers: res.headers });
  };
}

// Obsidian's requestUrl, done with Node's http: the real request, so the plugin's openai client can be tested
// against a real server on 127.0.0.1 (obsidian-test-mocks' requestUrl answers every request with an empty 200).
import { request as httpRequest } from 'node:http';
import type { RequestUrlParam, RequestUrlResponse } from 'obsidian';

export const seen: RequestUrlParam[] = [];

export function nodeRequestUrl(p: RequestUrlParam): Promise<RequestUrlResponse> {
  seen.push(p);
  return new Promise((resolve, reject) => {
    const body = p.body === undefined ? undefined : typeof p.body === 'string' ? Buffer.from(p.body) : Buffer.from(p.body);
    const req = httpRequest(
      p.url,
      { method: p.method ?? 'GET', headers: { ...(p.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          const text = all.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers,
            arrayBuffer: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
            text,
            get json() {
              return JSON.parse(text) as unknown;
            },
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

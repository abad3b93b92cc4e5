// What a recall hook and the recall server say to each other: one JSON line each way per connection.
import type { Socket } from 'node:net';

export interface RecallRequest {
  event: string;
  /** The hook's stdin as Codex sent it. */
  input: string;
  /** The hook process's working folder (a relative `cwd` in the input resolves against it). */
  cwd: string;
  /** With event `stop`: the vaults whose servers are to stop (a server of another vault stays). */
  vaults?: string[];
}

/** `out`: what the hook prints (null: nothing). `error`: why there is no answer (the hook then works alone). */
export type RecallReply = { out: string | null } | { error: string };

/** A hook's stdin is at most 4 MB; with JSON escaping a request stays well under this. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The first line the peer sends (without its newline); rejects if the peer closes first or sends too much. */
export function readLine(sock: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: Error | null, line?: string) => {
      sock.removeListener('data', onData);
      sock.removeListener('end', onEnd);
      sock.removeListener('error', onError);
      if (err) reject(err);
      else resolve(line ?? '');
    };
    const onData = (c: Buffer) => {
      const nl = c.indexOf(10);
      if (nl !== -1) {
        chunks.push(c.subarray(0, nl));
        done(null, Buffer.concat(chunks).toString('utf8'));
        return;
      }
      chunks.push(c);
      size += c.length;
      if (size > MAX_LINE_BYTES) {
        sock.destroy();
        done(new Error('recall server: request too large'));
      }
    };
    const onEnd = () => done(new Error('recall server: connection closed before a whole line'));
    const onError = (e: Error) => done(e);
    sock.on('data', onData);
    sock.on('end', onEnd);
    sock.on('error', onError);
  });
}

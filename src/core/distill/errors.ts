// One error type for every way a distiller can fail, so the CLI and the plugin can print a message a person
// can act on (and decide whether trying again could help) without knowing which distiller ran.

export type DistillErrorCode =
  /** Settings are missing or contradictory (no model, no key for api.openai.com…). */
  | 'config'
  /** 401/403: the key was refused. */
  | 'auth'
  /** 429 after every retry, or a Retry-After longer than we are willing to wait. */
  | 'rate-limit'
  /** 5xx after every retry. */
  | 'server'
  /** No answer within the time limit, after every retry. */
  | 'timeout'
  /** Refused, reset or dropped connections, after every retry. */
  | 'connection'
  /** 404: no such model or endpoint. */
  | 'not-found'
  /** 400/422: the server did not accept the request (often: no JSON-schema support). */
  | 'bad-request'
  /** The server answered, but not with an OpenAI-compatible response. */
  | 'bad-response'
  /** The model's answer did not match the learnings schema, twice. */
  | 'invalid-output'
  /** The session needs more tokens than the per-checkpoint cap allows. */
  | 'token-cap'
  | 'aborted'
  /** `codex` is not installed or not on PATH. */
  | 'codex-missing'
  /** `codex exec` exited non-zero or was killed. */
  | 'codex-failed';

const RETRYABLE: ReadonlySet<DistillErrorCode> = new Set(['rate-limit', 'server', 'timeout', 'connection']);

export class DistillError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: DistillErrorCode,
    message: string,
    readonly detail: { status?: number; retryAfterMs?: number; attempts?: number; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'DistillError';
    this.retryable = RETRYABLE.has(code);
  }
}

export function isDistillError(err: unknown): err is DistillError {
  return err instanceof DistillError;
}

/** A URL fit for a message: no credentials, no query string (either may hold a key). */
export function describeEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'the configured model server';
  }
}

// The `codex exec` distiller: the user's own Codex CLI reads the session, so a Codex login is enough and no
// API key is needed. The process itself is run by an injected runner (src/node/codex-exec.ts); this side
// builds the prompt, insists on the JSON schema and turns every way the run can go wrong into a clear error.
import type { Thread } from '../codex/thread';
import { redact } from '../security/redact';
import type { DistillContext, Distiller } from './distiller';
import { DistillError } from './errors';
import type { Learnings } from './learnings';
import { distillWithModel, type Completion, type CompletionRequest } from './model/pipeline';
import type { LEARNINGS_SCHEMA } from './model/schema';

export interface CodexExecRequest {
  /** Everything Codex is told, sent on stdin. */
  prompt: string;
  /** Written to a file for `--output-schema`. */
  schema: typeof LEARNINGS_SCHEMA;
  signal?: AbortSignal;
}

export interface CodexExecResult {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
  /** What `--output-last-message` wrote, if the file was written. */
  lastMessage?: string;
}

/**
 * Runs `codex exec --ephemeral --output-schema FILE -` with the prompt on stdin. Throws DistillError
 * 'codex-missing' when there is no `codex`, 'timeout' or 'aborted' when it had to be stopped.
 */
export type CodexRunner = (req: CodexExecRequest) => Promise<CodexExecResult>;

export interface CodexDistillerOptions {
  run: CodexRunner;
  tokenCap: number;
  /** Codex models have large contexts; parts stay well inside them. */
  maxInputTokens?: number;
}

function lastLines(text: string, n = 3): string {
  return redact(text)
    .text.split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' | ')
    .slice(0, 400);
}

function failure(res: CodexExecResult): DistillError {
  const said = lastLines(res.stderr) || lastLines(res.stdout);
  if (res.exitCode === null) {
    return new DistillError(
      'codex-failed',
      `\`codex exec\` was stopped${res.signal ? ` (${res.signal})` : ''} before it answered${said ? `: ${said}` : ''}.`,
    );
  }
  const login = /log ?in|logged in|401|unauthori[sz]ed|auth/i.test(res.stderr) ? ' Is Codex signed in? Run `codex login`.' : '';
  return new DistillError('codex-failed', `\`codex exec\` exited with code ${res.exitCode}${said ? `: ${said}` : ''}.${login}`);
}

export function createCodexDistiller(opts: CodexDistillerOptions): Distiller {
  async function complete(req: CompletionRequest): Promise<Completion> {
    const res = await opts.run({ prompt: `${req.system}\n\n${req.user}`, schema: req.schema, signal: req.signal });
    if (res.exitCode !== 0) throw failure(res);
    // The last message is the answer; stdout carries the same when the file was not written.
    return { text: res.lastMessage?.trim() ? res.lastMessage : res.stdout };
  }
  return {
    name: 'codex',
    distill(thread: Thread, ctx: DistillContext = {}): Promise<Learnings> {
      return distillWithModel(thread, ctx, {
        name: 'codex',
        complete,
        maxInputTokens: opts.maxInputTokens ?? 100_000,
        tokenCap: opts.tokenCap,
      });
    },
  };
}

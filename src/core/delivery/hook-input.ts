// What Codex sends a command hook on stdin, checked field by field. Codex adds fields between releases, so
// unknown ones are ignored; the few we rely on must have the right type or the hook does nothing at all.

export type HookEvent = 'session-start' | 'user-prompt-submit' | 'stop' | 'session-end';

export const HOOK_EVENTS: readonly HookEvent[] = ['session-start', 'user-prompt-submit', 'stop', 'session-end'];

/** The event name Codex uses in hooks.json and in `hook_event_name`. */
export const CODEX_EVENT_NAME: Record<HookEvent, string> = {
  'session-start': 'SessionStart',
  'user-prompt-submit': 'UserPromptSubmit',
  stop: 'Stop',
  'session-end': 'SessionEnd',
};

export interface HookInput {
  event: HookEvent;
  sessionId?: string;
  /** Null when Codex keeps no transcript for the session (ephemeral threads). */
  transcriptPath?: string;
  cwd?: string;
  model?: string;
  /** SessionStart: startup | resume | clear | compact. */
  source?: string;
  /** UserPromptSubmit: what the person typed. SessionStart has none (a launcher may pass the task it is about to give). */
  prompt?: string;
  turnId?: string;
}

export class HookInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookInputError';
  }
}

function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new HookInputError(`hook input field "${key}" is not a string`);
  return v.length > 0 ? v : undefined;
}

export function isHookEvent(value: string): value is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(value);
}

/** Parses the JSON body of a hook invocation; throws HookInputError with a one-line reason. */
export function parseHookInput(event: HookEvent, text: string): HookInput {
  const trimmed = text.trim();
  if (!trimmed) throw new HookInputError('no hook input on stdin');
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new HookInputError('hook input on stdin is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HookInputError('hook input on stdin is not a JSON object');
  }
  const obj = parsed as Record<string, unknown>;
  const sentEvent = optionalString(obj, 'hook_event_name');
  if (sentEvent && sentEvent !== CODEX_EVENT_NAME[event]) {
    throw new HookInputError(`hook input is for ${sentEvent}, not ${CODEX_EVENT_NAME[event]}`);
  }
  return {
    event,
    sessionId: optionalString(obj, 'session_id'),
    transcriptPath: optionalString(obj, 'transcript_path'),
    cwd: optionalString(obj, 'cwd'),
    model: optionalString(obj, 'model'),
    source: optionalString(obj, 'source'),
    prompt: optionalString(obj, 'prompt'),
    turnId: optionalString(obj, 'turn_id'),
  };
}

/** Set in the environment of the `codex exec` our codex distiller runs, so our own hooks leave that session alone. */
export const DISTILLING_ENV = 'CODEX_MEMORY_DISTILLING';

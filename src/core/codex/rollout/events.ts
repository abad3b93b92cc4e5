// The one vocabulary every rollout generation is translated into. Normalisers (normalize-*.ts) turn raw lines
// into these; the thread builder consumes them and never looks at raw JSON. Texts here are still raw: the
// builder redacts and bounds them, because how much of a text is kept depends on what was kept before.
import type { LongText } from '../bounded-text';
import type { InjectedContext, RolloutFormat, TokenUsage } from '../thread';
import type { PatchFile, RawToolCall } from '../tool-calls';

export type RolloutEvent =
  /**
   * What a line tells about the file: the generation that wrote it, and whether the line proves the file is a
   * Codex rollout at all (`session`). An ordinal alone names the generation without proving anything.
   */
  | { kind: 'generation'; generation: RolloutFormat; session: boolean }
  /** The envelope's own timestamp: the first and last one date the thread when its meta does not. */
  | { kind: 'timestamp'; timestamp: string }
  /** session_meta, or the pre-envelope header line. */
  | {
      kind: 'meta';
      id?: string;
      startedAt?: string;
      cwd?: string;
      originator?: string;
      cliVersion?: string;
      historyMode?: string;
      /** Present only when the line had a git object (it then replaces what an earlier meta said). */
      git?: { branch?: string; commit?: string; remote?: string };
    }
  | { kind: 'turn_context'; model?: string; cwd?: string }
  | { kind: 'turn_started'; turnId?: string; timestamp?: string }
  /** task_complete / turn_complete, or turn_aborted. */
  | { kind: 'turn_ended'; turnId?: string; aborted: boolean; timestamp?: string }
  /**
   * Something the user typed. From a response item it is the record; from an event (user_message,
   * item_completed) it only stands in for a turn that has no response item.
   */
  | { kind: 'prompt'; text: string; from: 'item' | 'event'; timestamp?: string }
  /** Same split as prompts: response items are the record, events the stand-in. */
  | { kind: 'answer'; text: string; phase?: string; from: 'item' | 'event'; timestamp?: string }
  | { kind: 'reasoning'; text: string; timestamp?: string }
  /** Text the model saw that the user did not type; `cwd` is read from an environment_context block. */
  | { kind: 'injected'; context: InjectedContext['kind']; role: InjectedContext['role']; text: string; cwd?: string }
  /** `files` only for apply_patch calls. */
  | { kind: 'tool_call'; call: RawToolCall; files?: PatchFile[]; timestamp?: string }
  /** `output` may be a long text not yet decoded (see long-string.ts): the builder keeps only its ends. */
  | { kind: 'tool_output'; callId: string; output: LongText; exitCode?: number }
  /** Running total for the thread: the last one seen wins. */
  | { kind: 'usage'; usage: TokenUsage }
  | { kind: 'name'; name: string }
  | { kind: 'compaction'; message: string };

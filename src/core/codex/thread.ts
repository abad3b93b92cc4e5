// One Codex session (a "thread"), whatever rollout generation it was read from.
// Everything here has already passed the redaction filter (src/core/security/).

export type RolloutFormat = 'pre-envelope' | 'envelope' | 'paginated';

export interface GitInfo {
  branch?: string;
  commit?: string;
  remote?: string;
}

export interface ToolCall {
  callId?: string;
  /** exec_command, shell, local_shell, apply_patch, mcp__linear__get_issue, web_search, … */
  name: string;
  kind: 'exec' | 'patch' | 'mcp' | 'web_search' | 'other';
  /** The command line for exec calls, the patch text for apply_patch, the JSON arguments otherwise. */
  input: string;
  output?: string;
  exitCode?: number;
  /** For apply_patch: files it added, updated, deleted or moved. */
  files?: { path: string; op: 'add' | 'update' | 'delete' | 'move'; from?: string }[];
  timestamp?: string;
}

/** Text that reached the model but that the user did not type (AGENTS.md, environment, hooks, permissions). */
export interface InjectedContext {
  kind: 'agents_md' | 'environment_context' | 'user_instructions' | 'permissions' | 'hook' | 'skills' | 'developer' | 'other';
  role: 'user' | 'developer' | 'system';
  text: string;
}

export interface AssistantMessage {
  text: string;
  /** 'final_answer' | 'commentary' in newer rollouts; undefined in pre-envelope ones. */
  phase?: string;
  timestamp?: string;
}

export interface Turn {
  /** 1-based position in the thread. */
  index: number;
  turnId?: string;
  /** What the user really typed in this turn (injected context never appears here). */
  prompts: string[];
  assistant: AssistantMessage[];
  reasoningSummaries: string[];
  toolCalls: ToolCall[];
  injected: InjectedContext[];
  /** True when a task_complete (or equivalent) closed the turn. */
  completed: boolean;
  aborted: boolean;
  startedAt?: string;
  endedAt?: string;
  model?: string;
}

export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoningOutput: number;
  total: number;
}

export interface Thread {
  id: string;
  path: string;
  format: RolloutFormat;
  container: 'jsonl' | 'jsonl.zst';
  cwd?: string;
  originator?: string;
  cliVersion?: string;
  model?: string;
  historyMode?: string;
  startedAt?: string;
  updatedAt?: string;
  git: GitInfo;
  name?: string;
  turns: Turn[];
  /** Summaries Codex wrote when it compacted the history. */
  compactions: string[];
  tokenUsage?: TokenUsage;
  /** Every file apply_patch touched, in first-touched order. */
  filesChanged: string[];
  /** The last turn completed (task_complete) and the file did not end mid-line. */
  finished: boolean;
  parse: {
    nonemptyLines: number;
    validJsonLines: number;
    invalidLines: number;
    lastLineTruncated: boolean;
  };
  /** How many secrets the redaction filter replaced, by kind. */
  redactions: Record<string, number>;
  /** Characters of long tool output (and other long texts) left out to keep memory bounded. */
  omittedChars?: number;
}

/** The cheap per-session summary the session list shows (heads and tails only, never whole files). */
export interface SessionSummary {
  thread: string;
  name?: string;
  path: string;
  cwd?: string;
  branch?: string;
  commit?: string;
  remote?: string;
  started?: string;
  updated?: string;
  firstPrompt?: string;
  finished: boolean;
  checkpointed: boolean;
  size: number;
}

// Streaming reader for Codex rollout files, every generation:
//   pre-envelope (mid-2025): a bare {id, timestamp, git} header, then bare response items and {record_type} lines;
//   envelope: {timestamp, type, payload} lines (session_meta, response_item, event_msg, turn_context, compacted);
//   paginated: the same envelope with an `ordinal`, item_completed events, world_state and token_usage_record.
// Feed it one line at a time; it keeps only what the Thread needs (texts are redacted and bounded on the way in).
import { BoundedText, DEFAULT_LIMITS, type TextLimits } from './bounded-text';
import {
  classifyDeveloperContent,
  classifyUserContent,
  contentProvenance,
  injectedKindOfUserText,
} from './injected';
import type { InjectedContext, RolloutFormat, Thread, TokenUsage, ToolCall, Turn } from './thread';
import { isToolOutputItem, parseToolOutput, patchFiles, toolCallFromItem } from './tool-calls';

type Json = Record<string, unknown>;

export class NotARolloutError extends Error {
  readonly code = 'NOT_A_ROLLOUT';
  constructor(readonly path: string | undefined, detail: string) {
    super(`${path ? `${path} is` : 'This is'} not a Codex session file (${detail})`);
    this.name = 'NotARolloutError';
  }
}

export interface ParseOptions {
  path?: string;
  container?: Thread['container'];
  /** Used when the file carries no id of its own (the id in a rollout's file name). */
  fallbackId?: string;
  limits?: Partial<TextLimits>;
}

interface TurnState {
  turn: Turn;
  /** Opened by a prompt rather than by a task_started event. */
  implicit: boolean;
  /**
   * Prompts and answers seen as events (raw, not yet redacted). Response items are the record; these stand
   * in only for a turn that has none, and are dropped as soon as the turn gets one.
   */
  eventPrompts: string[];
  eventAnswers: { text: string; phase?: string; timestamp?: string }[];
  lastWasAnswer: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

function textOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.map((c) => {
    const o = obj(c);
    return typeof o?.text === 'string' ? o.text : '';
  });
}

function usageOf(u: unknown): TokenUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  const n = (k: string): number => {
    const v = o[k];
    return typeof v === 'number' ? v : 0;
  };
  return {
    input: n('input_tokens'),
    cachedInput: n('cached_input_tokens'),
    output: n('output_tokens'),
    reasoningOutput: n('reasoning_output_tokens'),
    total: n('total_tokens'),
  };
}

export class RolloutParser {
  private readonly text: BoundedText;
  private readonly turns: TurnState[] = [];
  private current: TurnState | null = null;
  private pendingInjected: InjectedContext[] = [];
  private readonly openCalls = new Map<string, ToolCall>();
  private sawTaskEvents = false;
  private recognized = false;
  private sawAnyObject = false;
  private envelope = false;
  private paginated = false;
  private preEnvelopeHeader = false;

  private id?: string;
  private metaCwd?: string;
  private contextCwd?: string;
  private envCwd?: string;
  private originator?: string;
  private cliVersion?: string;
  private model?: string;
  private historyMode?: string;
  private startedAt?: string;
  private firstTimestamp?: string;
  private lastTimestamp?: string;
  private git: Thread['git'] = {};
  private name?: string;
  private readonly compactions: string[] = [];
  private tokenUsage?: TokenUsage;
  private readonly filesChanged = new Set<string>();

  private nonempty = 0;
  private valid = 0;
  private lastLineTruncated = false;

  constructor(private readonly opts: ParseOptions = {}) {
    this.text = new BoundedText({ ...DEFAULT_LIMITS, ...opts.limits });
  }

  /** One complete line (without its newline). */
  push(line: string): void {
    if (!line.trim()) return;
    this.nonempty++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    this.valid++;
    const o = obj(value);
    if (o) this.handle(o);
  }

  /** True once a real user prompt has been seen (the session list stops reading a head there). */
  hasPrompt(): boolean {
    return this.turns.some((s) => s.turn.prompts.length > 0 || s.eventPrompts.length > 0);
  }

  /**
   * Ends the stream. `trailing` is whatever followed the last newline: a final line without one, which is
   * normal for a file still being written and counts as truncated when it does not parse.
   */
  finish(trailing = ''): Thread {
    if (trailing.trim()) {
      const before = this.valid;
      this.push(trailing);
      this.lastLineTruncated = this.valid === before;
    }
    if (!this.recognized) {
      const detail = this.nonempty === 0 ? 'it is empty' : this.sawAnyObject ? 'no session lines in it' : 'no JSON lines in it';
      throw new NotARolloutError(this.opts.path, detail);
    }
    const turns = this.turns.map((s) => this.closeTurn(s));
    const last = turns[turns.length - 1];
    const id = this.id ?? this.opts.fallbackId;
    if (!id) throw new NotARolloutError(this.opts.path, 'it has no session id');
    return {
      id,
      path: this.opts.path ?? '',
      format: this.format(),
      container: this.opts.container ?? 'jsonl',
      cwd: this.metaCwd ?? this.contextCwd ?? this.envCwd,
      originator: this.originator,
      cliVersion: this.cliVersion,
      model: this.model,
      historyMode: this.historyMode,
      startedAt: this.startedAt ?? this.firstTimestamp,
      updatedAt: this.lastTimestamp ?? this.startedAt,
      git: this.git,
      name: this.name,
      turns,
      compactions: this.compactions,
      tokenUsage: this.tokenUsage,
      filesChanged: [...this.filesChanged],
      finished: Boolean(last?.completed) && !this.lastLineTruncated,
      parse: {
        nonemptyLines: this.nonempty,
        validJsonLines: this.valid,
        invalidLines: this.nonempty - this.valid,
        lastLineTruncated: this.lastLineTruncated,
      },
      redactions: { ...this.text.counts },
      omittedChars: this.text.omitted,
    };
  }

  private format(): RolloutFormat {
    if (this.paginated) return 'paginated';
    if (this.envelope) return 'envelope';
    return 'pre-envelope';
  }

  private handle(o: Json): void {
    this.sawAnyObject = true;
    const type = o.type;
    if (typeof type === 'string' && 'payload' in o) {
      const payload = obj(o.payload);
      if (!payload) return;
      const ts = str(o.timestamp);
      if (ts) {
        this.firstTimestamp ??= ts;
        this.lastTimestamp = ts;
      }
      if (typeof o.ordinal === 'number') this.paginated = true;
      switch (type) {
        case 'session_meta':
          this.recognized = this.envelope = true;
          this.sessionMeta(payload);
          return;
        case 'response_item':
          this.recognized = this.envelope = true;
          this.item(payload, ts);
          return;
        case 'event_msg':
          this.recognized = this.envelope = true;
          this.event(payload, ts);
          return;
        case 'turn_context':
          this.recognized = this.envelope = true;
          this.turnContext(payload);
          return;
        case 'compacted':
          this.recognized = this.envelope = true;
          if (typeof payload.message === 'string' && payload.message.trim()) {
            this.compactions.push(this.text.message(payload.message));
          }
          return;
        case 'token_usage_record':
          this.tokenUsage = usageOf(payload.thread_token_usage) ?? this.tokenUsage;
          return;
        default:
          return; // world_state and whatever later versions add
      }
    }
    if (o.record_type !== undefined) {
      this.recognized = true; // pre-envelope state snapshot: nothing to keep
      return;
    }
    if (!this.recognized && typeof o.id === 'string' && typeof o.timestamp === 'string' && type === undefined) {
      this.recognized = this.preEnvelopeHeader = true;
      this.sessionMeta(o);
      return;
    }
    if (typeof type === 'string' && (this.preEnvelopeHeader || this.recognized || KNOWN_ITEM_TYPES.has(type))) {
      if (!KNOWN_ITEM_TYPES.has(type)) return;
      this.recognized = true;
      this.item(o, undefined);
    }
  }

  private sessionMeta(p: Json): void {
    if (this.id) return; // a fork repeats its parent's meta further down; the first one is this thread
    this.id = str(p.id) ?? str(p.session_id);
    const meta = (v: unknown): string | undefined => {
      const t = str(v);
      return t && this.text.meta(t);
    };
    this.startedAt = str(p.timestamp);
    this.metaCwd = meta(p.cwd);
    this.originator = meta(p.originator);
    this.cliVersion = meta(p.cli_version);
    this.historyMode = meta(p.history_mode);
    if (this.historyMode === 'paginated') this.paginated = true;
    const git = obj(p.git);
    if (git) {
      this.git = {
        branch: meta(git.branch),
        commit: meta(git.commit_hash ?? git.sha),
        remote: meta(git.repository_url ?? git.origin_url),
      };
    }
  }

  private turnContext(p: Json): void {
    const model = str(p.model);
    if (model) {
      this.model = this.text.meta(model);
      if (this.current) this.current.turn.model = this.model;
    }
    const cwd = str(p.cwd);
    if (cwd && !this.contextCwd) this.contextCwd = this.text.meta(cwd);
  }

  // ---- turns ----

  private startTurn(turnId: string | undefined, ts: string | undefined, implicit: boolean): TurnState {
    const turn: Turn = {
      index: this.turns.length + 1,
      turnId,
      prompts: [],
      assistant: [],
      reasoningSummaries: [],
      toolCalls: [],
      injected: this.pendingInjected,
      completed: false,
      aborted: false,
      startedAt: ts,
      model: this.model,
    };
    this.pendingInjected = [];
    const state: TurnState = { turn, implicit, eventPrompts: [], eventAnswers: [], lastWasAnswer: false };
    this.turns.push(state);
    this.current = state;
    return state;
  }

  /** The turn that work belongs to: the open one, else the last one (late items after task_complete). */
  private activeTurn(ts: string | undefined): TurnState {
    return this.current ?? this.turns[this.turns.length - 1] ?? this.startTurn(undefined, ts, true);
  }

  private turnById(turnId: unknown): TurnState | null {
    if (typeof turnId === 'string') {
      for (let i = this.turns.length - 1; i >= 0; i--) if (this.turns[i].turn.turnId === turnId) return this.turns[i];
    }
    return this.current;
  }

  private closeTurn(s: TurnState): Turn {
    const t = s.turn;
    if (t.prompts.length === 0) for (const p of s.eventPrompts) t.prompts.push(this.text.message(p));
    if (t.assistant.length === 0) {
      for (const a of s.eventAnswers) t.assistant.push({ ...a, text: this.text.message(a.text) });
    }
    s.eventPrompts = [];
    s.eventAnswers = [];
    // Without task events (pre-envelope) a turn is over when the assistant spoke last.
    if (!this.sawTaskEvents) t.completed = s.lastWasAnswer;
    return t;
  }

  private addPrompt(text: string, ts: string | undefined): void {
    let s = this.current;
    if (!s || (!this.sawTaskEvents && s.turn.prompts.length > 0)) s = this.startTurn(undefined, ts, true);
    s.turn.prompts.push(this.text.message(text));
    s.eventPrompts = [];
    s.lastWasAnswer = false;
  }

  private addInjected(kind: InjectedContext['kind'], role: InjectedContext['role'], text: string): void {
    if (!text.trim()) return;
    const inj: InjectedContext = { kind, role, text: this.text.tool(text) };
    if (this.current) this.current.turn.injected.push(inj);
    else this.pendingInjected.push(inj);
  }

  // ---- response items ----

  private item(p: Json, ts: string | undefined): void {
    const type = p.type;
    if (type === 'message') return this.message(p, ts);
    if (type === 'reasoning') {
      const summaries = Array.isArray(p.summary) ? textOf(p.summary).filter((t) => t.trim()) : [];
      if (summaries.length) {
        const s = this.activeTurn(ts);
        for (const t of summaries) s.turn.reasoningSummaries.push(this.text.message(t));
      }
      return;
    }
    if (isToolOutputItem(type)) return this.toolOutput(p);
    const raw = toolCallFromItem(p);
    if (raw) {
      const call: ToolCall = {
        callId: raw.callId,
        name: this.text.meta(raw.name),
        kind: raw.kind,
        input: raw.kind === 'mcp' || raw.kind === 'other' ? this.text.toolJson(raw.input) : this.text.tool(raw.input),
        timestamp: ts,
      };
      if (raw.kind === 'patch') {
        const files = patchFiles(raw.input).map((f) => ({ ...f, path: this.text.meta(f.path) }));
        if (files.length) call.files = files;
        for (const f of files) this.filesChanged.add(f.path);
      }
      const s = this.activeTurn(ts);
      s.turn.toolCalls.push(call);
      s.lastWasAnswer = false;
      if (raw.callId) this.openCalls.set(raw.callId, call);
    }
    // compaction / ghost_snapshot / unknown item types carry nothing readable
  }

  private message(p: Json, ts: string | undefined): void {
    const role = p.role;
    const content = Array.isArray(p.content) ? p.content : [];
    if (role === 'user') {
      const prov = contentProvenance(p);
      const real: string[] = [];
      content.forEach((c, i) => {
        const text = typeof obj(c)?.text === 'string' ? (obj(c)!.text as string) : '';
        if (!text.trim()) return;
        const kind = classifyUserContent(text, prov[i]);
        if (kind === null) {
          real.push(text);
          return;
        }
        if (kind === 'environment_context' && !this.envCwd) {
          const m = /<cwd>([^<]+)<\/cwd>/.exec(text);
          if (m) this.envCwd = this.text.meta(m[1].trim());
        }
        this.addInjected(kind, 'user', text);
      });
      if (real.length) this.addPrompt(real.join('\n\n'), ts);
      return;
    }
    if (role === 'assistant') {
      const text = textOf(content).join('');
      if (!text.trim()) return;
      const s = this.activeTurn(ts);
      s.turn.assistant.push({ text: this.text.message(text), phase: str(p.phase), timestamp: ts });
      s.eventAnswers = [];
      s.lastWasAnswer = true;
      return;
    }
    // developer and system messages: permissions, skills, hook output, collaboration modes… all injected
    const prov = contentProvenance(p);
    const r: InjectedContext['role'] = role === 'system' ? 'system' : 'developer';
    content.forEach((c, i) => {
      const text = typeof obj(c)?.text === 'string' ? (obj(c)!.text as string) : '';
      this.addInjected(classifyDeveloperContent(text, prov[i]), r, text);
    });
  }

  private toolOutput(p: Json): void {
    const callId = str(p.call_id);
    const call = callId ? this.openCalls.get(callId) : undefined;
    if (!call) return;
    this.openCalls.delete(callId!);
    const { output, exitCode } = parseToolOutput(p.output);
    call.output = this.text.tool(output);
    if (exitCode !== undefined) call.exitCode = exitCode;
  }

  // ---- events ----

  private event(p: Json, ts: string | undefined): void {
    switch (p.type) {
      case 'task_started':
      case 'turn_started': {
        this.sawTaskEvents = true;
        const turnId = str(p.turn_id);
        const cur = this.current;
        // A prompt that arrived before its task_started already opened this turn.
        if (cur && cur.implicit && cur.turn.toolCalls.length === 0 && cur.turn.assistant.length === 0) {
          cur.implicit = false;
          cur.turn.turnId = turnId;
          return;
        }
        this.startTurn(turnId, ts, false);
        return;
      }
      case 'task_complete':
      case 'turn_complete': {
        const s = this.turnById(p.turn_id);
        if (s) {
          s.turn.completed = true;
          s.turn.endedAt = ts;
        }
        if (s === this.current) this.current = null;
        return;
      }
      case 'turn_aborted': {
        const s = this.turnById(p.turn_id);
        if (s) {
          s.turn.aborted = true;
          s.turn.endedAt = ts;
        }
        if (s === this.current) this.current = null;
        return;
      }
      case 'user_message': {
        // Older builds tagged injected context on the event itself (kind: user_instructions / environment_context).
        if (typeof p.kind === 'string' && p.kind !== 'plain') return;
        const text = str(p.message);
        if (text && injectedKindOfUserText(text) === null) this.eventPrompt(text, ts);
        return;
      }
      case 'agent_message': {
        const text = str(p.message);
        if (text) this.eventAnswer(text, str(p.phase), ts);
        return;
      }
      case 'item_completed': {
        const item = obj(p.item);
        if (item?.type === 'UserMessage') {
          const text = textOf(item.content).join('');
          if (text.trim() && injectedKindOfUserText(text) === null) this.eventPrompt(text, ts);
        } else if (item?.type === 'AgentMessage') {
          const text = textOf(item.content).join('');
          if (text.trim()) this.eventAnswer(text, str(item.phase), ts);
        }
        return;
      }
      case 'token_count': {
        const info = obj(p.info);
        this.tokenUsage = usageOf(info?.total_token_usage) ?? this.tokenUsage;
        return;
      }
      case 'thread_name_updated': {
        const name = str(p.thread_name);
        if (name) this.name = this.text.meta(name);
        return;
      }
      default:
        return;
    }
  }

  private eventPrompt(text: string, ts: string | undefined): void {
    const s = this.activeTurn(ts);
    if (s.turn.prompts.length === 0) s.eventPrompts.push(text);
  }

  private eventAnswer(text: string, phase: string | undefined, ts: string | undefined): void {
    const s = this.activeTurn(ts);
    if (s.turn.assistant.length === 0) s.eventAnswers.push({ text, phase, timestamp: ts });
  }
}

// Bare response items a pre-envelope file may contain.
const KNOWN_ITEM_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
  'compaction',
  'compaction_summary',
  'ghost_snapshot',
]);

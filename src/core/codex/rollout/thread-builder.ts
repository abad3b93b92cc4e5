// The one consumer of normalised rollout events: owns turn state, injected context, open tool calls and usage,
// redacts and bounds every text on the way in, and builds the Thread. Knows nothing of raw JSON or generations
// beyond the `generation` events it is given.
import { BoundedText, type TextLimits } from '../bounded-text';
import type { InjectedContext, RolloutFormat, Thread, TokenUsage, ToolCall, Turn } from '../thread';
import type { RolloutEvent } from './events';

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

/** Later generations win: one paginated line makes a paginated file. */
const GENERATION_RANK: Record<RolloutFormat, number> = { 'pre-envelope': 0, envelope: 1, paginated: 2 };

export interface BuildInfo {
  id: string;
  path: string;
  container: Thread['container'];
  parse: Thread['parse'];
}

export class ThreadBuilder {
  private readonly text: BoundedText;
  private readonly turns: TurnState[] = [];
  private current: TurnState | null = null;
  private pendingInjected: InjectedContext[] = [];
  private readonly openCalls = new Map<string, ToolCall>();
  private sawTaskEvents = false;
  private generation: RolloutFormat = 'pre-envelope';
  private sessionSeen = false;
  private threadId?: string;
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

  constructor(limits: TextLimits) {
    this.text = new BoundedText(limits);
  }

  /** Some line proved this is a Codex rollout. */
  get recognized(): boolean {
    return this.sessionSeen;
  }

  /** The thread's own id, from its first session meta that has one. */
  get id(): string | undefined {
    return this.threadId;
  }

  apply(ev: RolloutEvent): void {
    switch (ev.kind) {
      case 'generation':
        if (ev.session) this.sessionSeen = true;
        this.raiseGeneration(ev.generation);
        return;
      case 'timestamp':
        this.firstTimestamp ??= ev.timestamp;
        this.lastTimestamp = ev.timestamp;
        return;
      case 'meta':
        return this.meta(ev);
      case 'turn_context':
        if (ev.model) {
          this.model = this.text.meta(ev.model);
          if (this.current) this.current.turn.model = this.model;
        }
        if (ev.cwd && !this.contextCwd) this.contextCwd = this.text.meta(ev.cwd);
        return;
      case 'turn_started':
        return this.turnStarted(ev.turnId, ev.timestamp);
      case 'turn_ended': {
        const s = this.turnById(ev.turnId);
        if (s) {
          if (ev.aborted) s.turn.aborted = true;
          else s.turn.completed = true;
          s.turn.endedAt = ev.timestamp;
        }
        if (s === this.current) this.current = null;
        return;
      }
      case 'prompt':
        return ev.from === 'item' ? this.addPrompt(ev.text, ev.timestamp) : this.eventPrompt(ev.text, ev.timestamp);
      case 'answer':
        return ev.from === 'item' ? this.addAnswer(ev.text, ev.phase, ev.timestamp) : this.eventAnswer(ev.text, ev.phase, ev.timestamp);
      case 'reasoning':
        this.activeTurn(ev.timestamp).turn.reasoningSummaries.push(this.text.message(ev.text));
        return;
      case 'injected':
        if (ev.cwd !== undefined && !this.envCwd) this.envCwd = this.text.meta(ev.cwd);
        return this.addInjected(ev.context, ev.role, ev.text);
      case 'tool_call':
        return this.toolCall(ev);
      case 'tool_output': {
        const call = this.openCalls.get(ev.callId);
        if (!call) return;
        this.openCalls.delete(ev.callId);
        call.output = this.text.tool(ev.output);
        if (ev.exitCode !== undefined) call.exitCode = ev.exitCode;
        return;
      }
      case 'usage':
        this.tokenUsage = ev.usage;
        return;
      case 'name':
        this.name = this.text.meta(ev.name);
        return;
      case 'compaction':
        this.compactions.push(this.text.message(ev.message));
        return;
    }
  }

  /** True once a real user prompt has been seen. */
  hasPrompt(): boolean {
    return this.turns.some((s) => s.turn.prompts.length > 0 || s.eventPrompts.length > 0);
  }

  build(info: BuildInfo): Thread {
    const turns = this.turns.map((s) => this.closeTurn(s));
    // An aborted turn in which nothing happened does not leave the session running: Codex starts a goal
    // continuation turn after each turn while a goal is active, and `codex exec` aborts it as it exits.
    const last = turns.filter((t) => !(t.aborted && emptyTurn(t))).at(-1);
    return {
      id: info.id,
      path: info.path,
      format: this.generation,
      container: info.container,
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
      finished: Boolean(last?.completed) && !info.parse.lastLineTruncated,
      parse: info.parse,
      redactions: { ...this.text.counts },
      omittedChars: this.text.omitted,
    };
  }

  private raiseGeneration(g: RolloutFormat): void {
    if (GENERATION_RANK[g] > GENERATION_RANK[this.generation]) this.generation = g;
  }

  private meta(ev: Extract<RolloutEvent, { kind: 'meta' }>): void {
    if (this.threadId) return; // a fork repeats its parent's meta further down; the first one is this thread
    this.threadId = ev.id;
    const meta = (t: string | undefined): string | undefined => t && this.text.meta(t);
    this.startedAt = ev.startedAt;
    this.metaCwd = meta(ev.cwd);
    this.originator = meta(ev.originator);
    this.cliVersion = meta(ev.cliVersion);
    this.historyMode = meta(ev.historyMode);
    if (this.historyMode === 'paginated') this.raiseGeneration('paginated');
    if (ev.git) this.git = { branch: meta(ev.git.branch), commit: meta(ev.git.commit), remote: meta(ev.git.remote) };
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

  private turnStarted(turnId: string | undefined, ts: string | undefined): void {
    this.sawTaskEvents = true;
    const cur = this.current;
    // A prompt that arrived before its task_started already opened this turn.
    if (cur && cur.implicit && cur.turn.toolCalls.length === 0 && cur.turn.assistant.length === 0) {
      cur.implicit = false;
      cur.turn.turnId = turnId;
      return;
    }
    this.startTurn(turnId, ts, false);
  }

  /** The turn that work belongs to: the open one, else the last one (late items after task_complete). */
  private activeTurn(ts: string | undefined): TurnState {
    return this.current ?? this.turns[this.turns.length - 1] ?? this.startTurn(undefined, ts, true);
  }

  private turnById(turnId: string | undefined): TurnState | null {
    if (turnId !== undefined) {
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
    // Without task events a new prompt is the only sign of a new turn.
    if (!s || (!this.sawTaskEvents && s.turn.prompts.length > 0)) s = this.startTurn(undefined, ts, true);
    s.turn.prompts.push(this.text.message(text));
    s.eventPrompts = [];
    s.lastWasAnswer = false;
  }

  private addAnswer(text: string, phase: string | undefined, ts: string | undefined): void {
    const s = this.activeTurn(ts);
    s.turn.assistant.push({ text: this.text.message(text), phase, timestamp: ts });
    s.eventAnswers = [];
    s.lastWasAnswer = true;
  }

  private eventPrompt(text: string, ts: string | undefined): void {
    const s = this.activeTurn(ts);
    if (s.turn.prompts.length === 0) s.eventPrompts.push(text);
  }

  private eventAnswer(text: string, phase: string | undefined, ts: string | undefined): void {
    const s = this.activeTurn(ts);
    if (s.turn.assistant.length === 0) s.eventAnswers.push({ text, phase, timestamp: ts });
  }

  private addInjected(kind: InjectedContext['kind'], role: InjectedContext['role'], text: string): void {
    const inj: InjectedContext = { kind, role, text: this.text.tool(text) };
    if (this.current) this.current.turn.injected.push(inj);
    else this.pendingInjected.push(inj);
  }

  private toolCall(ev: Extract<RolloutEvent, { kind: 'tool_call' }>): void {
    const raw = ev.call;
    const call: ToolCall = {
      callId: raw.callId,
      name: this.text.meta(raw.name),
      kind: raw.kind,
      // JSON arguments get their string values redacted one by one (escaped newlines would hide a secret).
      input: raw.kind === 'mcp' || raw.kind === 'other' ? this.text.toolJson(raw.input) : this.text.tool(raw.input),
      timestamp: ev.timestamp,
    };
    if (ev.files) {
      const files = ev.files.map((f) => ({ ...f, path: this.text.meta(f.path) }));
      if (files.length) call.files = files;
      for (const f of files) this.filesChanged.add(f.path);
    }
    const s = this.activeTurn(ev.timestamp);
    s.turn.toolCalls.push(call);
    s.lastWasAnswer = false;
    if (raw.callId) this.openCalls.set(raw.callId, call);
  }
}

function emptyTurn(t: Turn): boolean {
  return t.prompts.length === 0 && t.assistant.length === 0 && t.toolCalls.length === 0;
}

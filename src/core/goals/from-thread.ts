// What a session says about its goal: Codex's own goal tools (create_goal {objective, token_budget},
// update_goal {status}, get_goal; "goals" is on by default since Codex 0.169), a goal the person stated
// with an acceptance check ("…it must pass all of tests/"), and the oracle's runs, read from the session's
// own tool output. Nothing here runs a command.
import type { Thread, ToolCall } from '../codex/thread';

export interface SessionGoal {
  objective: string;
  /** From Codex's goal tools, or the person's words. */
  source: 'create_goal' | 'prompt';
  tokenBudget?: number;
  /** The last status update_goal set (complete, blocked, paused). */
  codexStatus?: string;
  /** "must pass all of tests/": the acceptance check in the person's words. */
  acceptance?: string;
}

export interface OracleRun {
  command: string;
  summary: string;
  passed: boolean;
  exitCode?: number;
  timestamp?: string;
}

function args(call: ToolCall): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(call.input);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toolName(call: ToolCall): string {
  return call.name.slice(call.name.lastIndexOf('.') + 1);
}

// To the end of the sentence: a dot inside a word ("check-goal.sh", "v1.2") does not end it.
const ACCEPTANCE = /\b(?:it\s+|they\s+|this\s+)?(?:must|should|has to|needs? to)\s+pass\b(?:[^.\n]|\.(?=[^\s.]))*/i;

/** The session's goal: the last create_goal wins; else the first prompt with an acceptance check. */
export function sessionGoal(thread: Thread): SessionGoal | null {
  let goal: SessionGoal | null = null;
  let codexStatus: string | undefined;
  for (const turn of thread.turns) {
    for (const call of turn.toolCalls) {
      const name = toolName(call);
      if (name === 'create_goal') {
        const a = args(call);
        const objective = typeof a.objective === 'string' ? a.objective.trim() : '';
        // Codex refuses a second goal while one is unfinished; only a created one counts.
        if (!objective || /cannot create a new goal/i.test(call.output ?? '')) continue;
        const budget = Number(a.token_budget ?? a.tokenBudget);
        goal = { objective, source: 'create_goal', ...(budget > 0 ? { tokenBudget: budget } : {}) };
        codexStatus = undefined;
      } else if (name === 'update_goal') {
        const status = args(call).status;
        if (typeof status === 'string' && !/cannot update goal/i.test(call.output ?? '')) codexStatus = status;
      }
    }
  }
  if (goal) {
    const acceptance = thread.turns
      .flatMap((t) => t.prompts)
      .map((p) => ACCEPTANCE.exec(p)?.[0])
      .find(Boolean);
    return { ...goal, ...(codexStatus ? { codexStatus } : {}), ...(acceptance ? { acceptance: acceptance.trim() } : {}) };
  }
  for (const prompt of thread.turns.flatMap((t) => t.prompts)) {
    const m = ACCEPTANCE.exec(prompt);
    if (!m) continue;
    const sentence =
      prompt
        .slice(0, m.index + m[0].length)
        .split(/(?<=[.!?])\s+/)
        .at(-1) ?? prompt;
    return { objective: sentence.trim().replace(/\s+/g, ' ').slice(0, 300), source: 'prompt', acceptance: m[0].trim() };
  }
  return null;
}

/**
 * A test run's outcome in a few words, from its output: jest/vitest ("Tests: 8 failed, 142 passed"),
 * pytest ("8 failed, 142 passed in 1.2s"), node --test ("# pass 142", "# fail 8"), mocha ("142 passing").
 * Null when the output reads like no test run.
 */
export function testSummary(output: string, exitCode?: number): { summary: string; passed: boolean } | null {
  const count = (re: RegExp): number | null => {
    let last: number | null = null;
    for (const m of output.matchAll(re)) last = Number(m[1]);
    return last;
  };
  const passed = count(/\b(\d+)\s+(?:passed|passing)\b/gi) ?? count(/^#\s*pass\s+(\d+)/gim);
  const failed = count(/\b(\d+)\s+(?:failed|failing)\b/gi) ?? count(/^#\s*fail\s+(\d+)/gim);
  const errors = count(/\b(\d+)\s+errors?\b/gi);
  if (passed === null && failed === null) return null;
  const parts = [`${passed ?? 0} passed`];
  if (failed) parts.push(`${failed} failed`);
  if (errors) parts.push(`${errors} ${errors === 1 ? 'error' : 'errors'}`);
  const ok = !failed && !errors && (passed ?? 0) > 0 && (exitCode === undefined || exitCode === 0);
  if (!ok && !failed && !errors && exitCode) parts.push(`exit ${exitCode}`);
  return { summary: parts.join(', '), passed: ok };
}

function normalizeCommand(c: string): string {
  return c.trim().replace(/\s+/g, ' ');
}

/**
 * The oracle's runs in the session, in order. With a known oracle command, the exec calls that ran it
 * (its summary, else its exit code); without one, every exec call whose output reads as a test run.
 */
export function oracleRuns(thread: Thread, oracle?: string): OracleRun[] {
  const want = oracle ? normalizeCommand(oracle) : null;
  const runs: OracleRun[] = [];
  for (const turn of thread.turns) {
    for (const call of turn.toolCalls) {
      if (call.kind !== 'exec' || call.output === undefined) continue;
      const command = normalizeCommand(call.input);
      if (want && !command.includes(want)) continue;
      const read = testSummary(call.output, call.exitCode);
      if (!read && !want) continue;
      const result = read ?? (call.exitCode !== undefined ? { summary: `exit ${call.exitCode}`, passed: call.exitCode === 0 } : null);
      if (!result) continue;
      runs.push({
        command: call.input.trim(),
        ...result,
        ...(call.exitCode !== undefined ? { exitCode: call.exitCode } : {}),
        ...(call.timestamp ? { timestamp: call.timestamp } : {}),
      });
    }
  }
  return runs;
}

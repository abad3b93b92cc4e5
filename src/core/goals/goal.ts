// A project's goal as the vault holds it: the bullets under the project note's `## Goal` heading.
//   - Objective: port the csv reader; it must pass all of tests/
//   - Oracle: `npm test`
//   - Status: active
//   - 2026-12-03: 142 passed, 8 failed ([[agent/sessions/…]])
// Plain bullets, so a person edits them like any other line; the program only appends and, on review,
// replaces the status bullet it wrote itself (by block id).

export type GoalStatus = 'active' | 'done' | 'dropped';

export const GOAL_HEADING = 'Goal';

export interface GoalResult {
  /** YYYY-MM-DD */
  date: string;
  /** "142 passed, 8 failed" or "exit 1" */
  summary: string;
  passed: boolean;
  /** The session the result came from, as a wiki link, when the line has one. */
  link?: string;
  blockId?: string;
}

export interface Goal {
  objective: string;
  oracle?: string;
  acceptance?: string;
  status: GoalStatus;
  tokenBudget?: number;
  results: GoalResult[];
  /** Block id of the status bullet (only a bullet with one can be proposed as done). */
  statusBlock?: string;
}

export interface GoalLine {
  text: string;
  blockId?: string;
}

const FIELD = /^(objective|oracle|acceptance|status|token budget)\s*:\s*(.*)$/i;
const RESULT = /^(\d{4}-\d{2}-\d{2})\s*:\s*(.+)$/;

/** The oracle's command without the code quotes a note shows it in. */
export function unquote(text: string): string {
  const t = text.trim();
  return /^`[^`]+`$/.test(t) ? t.slice(1, -1).trim() : t;
}

/** True when a result's words say every check passed: something passed, nothing failed, no non-zero exit. */
export function summaryPassed(summary: string): boolean {
  if (/\b[1-9]\d*\s+(?:failed|failing|failures?|errors?)\b/i.test(summary)) return false;
  if (/\bexit(?: code)?\s+[1-9]/i.test(summary)) return false;
  return /\b\d+\s+pass(?:ed|ing)?\b|\bexit(?: code)? 0\b/i.test(summary);
}

function statusOf(text: string): GoalStatus {
  const s = text.trim().toLowerCase();
  if (s.startsWith('done')) return 'done';
  if (s.startsWith('dropped')) return 'dropped';
  return 'active';
}

/** The goal in a `## Goal` section's bullets; null when there is no objective. */
export function goalFromLines(lines: readonly GoalLine[]): Goal | null {
  const goal: Goal = { objective: '', status: 'active', results: [] };
  for (const { text, blockId } of lines) {
    const line = text.trim();
    const field = FIELD.exec(line);
    if (field) {
      const [, name, value] = field;
      const key = name.toLowerCase();
      if (key === 'objective') goal.objective = value.trim();
      else if (key === 'oracle') goal.oracle = unquote(value) || undefined;
      else if (key === 'acceptance') goal.acceptance = value.trim();
      else if (key === 'token budget') goal.tokenBudget = Number.parseInt(value, 10) || undefined;
      else {
        goal.status = statusOf(value);
        goal.statusBlock = blockId;
      }
      continue;
    }
    const result = RESULT.exec(line);
    if (!result) continue;
    const link = /\[\[[^\]]+\]\]/.exec(result[2])?.[0];
    const summary = result[2]
      .replace(/\s*\(?\[\[[^\]]+\]\]\)?\s*/g, ' ')
      .replace(/[\s,;]+$/, '')
      .trim();
    goal.results.push({ date: result[1], summary, passed: summaryPassed(summary), ...(link ? { link } : {}), ...(blockId ? { blockId } : {}) });
  }
  return goal.objective ? goal : null;
}

/** A new result's bullet text. */
export function resultLine(date: string, summary: string, sessionLink: string): string {
  return `${date}: ${summary} (${sessionLink})`;
}

/** The bullets a new goal starts with (objective, oracle, acceptance, status), in that order. */
export function goalLines(goal: Pick<Goal, 'objective' | 'oracle' | 'acceptance' | 'tokenBudget'> & { status?: GoalStatus }): string[] {
  return [
    `Objective: ${goal.objective}`,
    ...(goal.oracle ? [`Oracle: \`${goal.oracle.replace(/`/g, "'")}\``] : []),
    ...(goal.acceptance ? [`Acceptance: ${goal.acceptance}`] : []),
    ...(goal.tokenBudget ? [`Token budget: ${goal.tokenBudget}`] : []),
    `Status: ${goal.status ?? 'active'}`,
  ];
}

/** What to do next, in one line, from the goal's status and last result. */
export function nextStep(goal: Goal): string {
  const oracle = goal.oracle ? `\`${goal.oracle}\`` : 'the oracle';
  if (goal.status !== 'active') return `the goal is ${goal.status}; nothing to do unless the person reopens it`;
  const last = goal.results.at(-1);
  if (!last) return `run ${oracle} to get a first result`;
  if (last.passed) return `${oracle} passed; the person confirms the goal done (codex-memory goal done)`;
  return `make the failing checks pass, then run ${oracle} again`;
}

/** The `goal show --json` / MCP `get_goal_status` shape. */
export function goalJson(goal: Goal, project: string): Record<string, unknown> {
  return {
    project,
    objective: goal.objective,
    oracle: goal.oracle ?? null,
    status: goal.status,
    ...(goal.acceptance ? { acceptance: goal.acceptance } : {}),
    ...(goal.tokenBudget ? { token_budget: goal.tokenBudget } : {}),
    results: goal.results.map((r) => ({ date: r.date, summary: r.summary, passed: r.passed, ...(r.link ? { session: r.link } : {}) })),
    next_step: nextStep(goal),
  };
}

// `codex-memory goal set|show|done|drop`: a project's goal with its oracle, kept in the project note's
// `## Goal` section. The oracle command is recorded and shown; it is never run by codex-memory.
import * as path from 'node:path';
import { goalJson, nextStep } from '../../core/goals/goal';
import { closeGoal, GoalError, projectGoal, setGoal, type GoalTarget, type ProjectGoal } from '../../core/goals/workflow';
import { nodeHost } from '../../node/host';
import { openNodeVault, VaultNotFoundError } from '../../node/open-vault';
import { CliError, flag, requireOpt, stringOpt, UsageError, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';
import { storageFailure } from '../storage-failure';

function targetOf(args: ParsedArgs, io: CliIO): GoalTarget {
  const project = stringOpt(args, 'project');
  const cwd = stringOpt(args, 'cwd');
  if (project && cwd) throw new UsageError('give --project NAME or --cwd DIR, not both');
  if (project) return { project };
  if (cwd) return { cwd: path.resolve(io.cwd, cwd) };
  throw new UsageError('give --project NAME or --cwd DIR');
}

function show(io: CliIO, p: ProjectGoal, json: boolean): void {
  if (json) {
    writeJson(io, p.goal ? goalJson(p.goal, p.path) : { project: p.path, objective: null, oracle: null, status: null, results: [] });
    return;
  }
  if (!p.goal) {
    io.stdout.write(`${p.path} has no goal. Set one: codex-memory goal set "OBJECTIVE" --oracle "COMMAND" …\n`);
    return;
  }
  const g = p.goal;
  io.stdout.write(`Goal (${g.status}) in ${p.path}\n  Objective: ${g.objective}\n  Oracle: ${g.oracle ?? '(none)'}\n`);
  if (g.acceptance) io.stdout.write(`  Acceptance: ${g.acceptance}\n`);
  io.stdout.write(g.results.length ? '  Results:\n' : '  Results: none yet\n');
  for (const r of g.results) io.stdout.write(`    ${r.date}: ${r.summary}${r.link ? ` ${r.link}` : ''}\n`);
  io.stdout.write(`  Next step: ${nextStep(g)}\n`);
}

export const goalCommand: Command = {
  name: 'goal',
  summary: "Set, show or close a project's goal and the command that verifies it",
  usage: 'goal set "OBJECTIVE" --oracle "COMMAND" | show [--json] | done | drop  --vault DIR (--project NAME | --cwd DIR)',
  help: `A goal is an objective with an oracle: the command whose result says whether it is met ("npm test",
"cargo test"). It lives in the project note's "## Goal" section; each checkpoint logs the oracle's latest
run in that session as a dated line linked to the session, and proposes "Status: done" for your review
when a run passed. New Codex sessions of the project start with the goal, its oracle and the last result.
codex-memory never runs the oracle itself.

  goal set "OBJECTIVE" --oracle "COMMAND" [--acceptance TEXT]   start the goal (creates the project note if needed)
  goal show [--json]     {project, objective, oracle, status, results:[{date, summary, passed, session?}], next_step}
  goal done | goal drop  mark it done or dropped (only the status line changes)

Options:
  --vault DIR      the memory vault
  --project NAME   the project note (projects/NAME.md)
  --cwd DIR        or the project whose repo holds DIR`,
  options: {
    vault: { type: 'string' },
    project: { type: 'string' },
    cwd: { type: 'string' },
    oracle: { type: 'string' },
    acceptance: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const [action, ...rest] = args.positionals;
    if (!action || !['set', 'show', 'done', 'drop'].includes(action)) throw new UsageError('goal needs one of: set, show, done, drop');
    if (action === 'set' ? rest.length !== 1 : rest.length !== 0) {
      throw new UsageError(action === 'set' ? 'give the objective as one quoted argument' : `goal ${action} takes no other argument`);
    }
    const target = targetOf(args, io);
    const json = flag(args, 'json');
    try {
      const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
      const host = nodeHost(vault, { env: io.env, warn: (m) => io.stderr.write(`${m}\n`) });
      if (action === 'show') {
        show(io, await projectGoal(host, target), json);
        return 0;
      }
      if (action === 'set') {
        const oracle = stringOpt(args, 'oracle');
        if (!oracle) io.stderr.write('No --oracle given: results cannot be logged until the Goal section names one.\n');
        const p = await setGoal(host, target, { objective: rest[0], oracle, acceptance: stringOpt(args, 'acceptance') });
        if (json) show(io, p, true);
        else io.stdout.write(`Goal set in ${p.path}.\n`);
        return 0;
      }
      const p = await closeGoal(host, target, action === 'done' ? 'done' : 'dropped');
      if (json) show(io, p, true);
      else io.stdout.write(`Goal marked ${p.goal?.status} in ${p.path}.\n`);
      return 0;
    } catch (err) {
      if (err instanceof GoalError || err instanceof VaultNotFoundError) throw new CliError(err.message);
      if (err instanceof CliError) throw err;
      throw storageFailure(err, `goal ${action}`);
    }
  },
};

// A plan as a person reads it in a terminal: each change with its diff, what is already known, what was
// left alone and why, and a one-line count.
import { effectiveChanges, type Plan, type PlannedChange } from './plan';
import { plural } from '../text';

const OP_WIDTH = 9;

function headerLine(c: PlannedChange): string {
  const review = c.needsReview ? '  [needs review]' : '';
  const text = c.op === 'create' ? '' : c.text ? `  "${c.text.length > 100 ? `${c.text.slice(0, 99)}…` : c.text}"` : '';
  return `${c.id.padEnd(4)} ${c.op.padEnd(OP_WIDTH)} ${c.path}${text}${review}`;
}

/** The diff without the `=====` banner, indented under its change. */
function diffBody(diff: string): string {
  return diff
    .split('\n')
    .filter((l) => !/^={10,}$/.test(l) && l !== '')
    .map((l) => `     ${l}`)
    .join('\n');
}

export function countsLine(plan: Plan): string {
  const writes = effectiveChanges(plan);
  const byOp = new Map<string, number>();
  for (const c of writes) byOp.set(c.op, (byOp.get(c.op) ?? 0) + 1);
  const ops = [...byOp].map(([op, n]) => `${n} ${op}`).join(', ');
  const notes = new Set(writes.map((c) => c.path)).size;
  const noops = plan.changes.length - writes.length;
  return (
    `${plural(writes.length, 'change')}${ops ? ` (${ops})` : ''} to ${plural(notes, 'note')}, ` +
    `${noops} already known, ${plan.skipped.length} left alone`
  );
}

export function renderPlanText(plan: Plan, opts: { diffs?: boolean } = {}): string {
  const out: string[] = [];
  const writes = effectiveChanges(plan);
  if (writes.length) {
    out.push('Changes:');
    for (const c of writes) {
      out.push(headerLine(c));
      if (opts.diffs !== false && c.diff) out.push(diffBody(c.diff));
    }
  } else {
    out.push('No changes: everything this session taught is already in the vault.');
  }
  const noops = plan.changes.filter((c) => c.op === 'noop');
  if (noops.length) {
    out.push('', 'Already known:');
    for (const c of noops) out.push(`  = ${c.path}: ${c.text ?? ''}${c.reason ? `  (${c.reason})` : ''}`);
  }
  if (plan.skipped.length) {
    out.push('', 'Left alone:');
    for (const s of plan.skipped) out.push(`  ! ${s.path}: ${s.reason}${s.text ? `  ("${s.text}")` : ''}`);
  }
  out.push('', countsLine(plan));
  return out.join('\n') + '\n';
}

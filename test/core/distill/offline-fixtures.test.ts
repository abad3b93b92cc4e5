// Scores the offline distiller on every shared fixture (hand-written and real Codex rollouts) with the
// fixture README's rules, prints the capture figure per fixture and overall, and holds it to ≥ 90% of
// must_capture on each fixture with no must_not_capture phrase anywhere.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { distillOffline } from '../../../src/core/distill/offline';
import { parseRolloutFile } from '../../../src/node/rollout-source';
import { describeShared, sharedDir } from '../../support/shared';
import { renderLearnings, score, type Expected } from './helpers/score';

interface Case {
  name: string;
  rollout: string;
  expected: Expected;
}

function cases(): Case[] {
  if (!sharedDir) return [];
  const out: Case[] = [];
  for (const set of ['codex-sessions', 'codex-real']) {
    const root = path.join(sharedDir, 'fixtures', set);
    for (const file of readdirSync(path.join(root, 'expected')).filter((f) => f.endsWith('.expected.json')).sort()) {
      const expected = JSON.parse(readFileSync(path.join(root, 'expected', file), 'utf8')) as Expected;
      out.push({ name: `${set}/${file.replace('.expected.json', '')}`, rollout: path.join(root, expected.fixture), expected });
    }
  }
  return out;
}

describeShared('offline distiller on the shared fixtures', () => {
  const all = cases();
  const figures: string[] = [];
  let captured = 0;
  let total = 0;

  afterAll(() => {
    figures.push(`overall: ${captured}/${total} must_capture (${((100 * captured) / Math.max(1, total)).toFixed(1)}%)`);
    process.stdout.write(`\nOffline distiller capture\n${figures.join('\n')}\n`);
  });

  it('finds fixtures to score', () => {
    expect(all.length).toBeGreaterThanOrEqual(7);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const thread = await parseRolloutFile(c.rollout);
    const learnings = distillOffline(thread);
    const text = renderLearnings(learnings);
    const s = score(text, c.expected);
    captured += s.captured.length;
    total += c.expected.must_capture.length;
    figures.push(
      `${c.name}: ${s.captured.length}/${c.expected.must_capture.length} (${(100 * s.ratio).toFixed(0)}%)` +
        (s.missed.length ? ` missed: ${s.missed.join(', ')}` : '') +
        (s.forbidden.length ? ` FORBIDDEN: ${s.forbidden.join(', ')}` : ''),
    );
    expect(s.forbidden).toEqual([]);
    expect(s.ratio).toBeGreaterThanOrEqual(0.9);
  });
});

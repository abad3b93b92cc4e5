// A checkpoint's diff of a big note (a pasted log of thousands of lines) leaves out the common head and tail
// before diffing (src/core/memory/plan.ts). What a person reviews must still be the diff of the whole note:
// the same hunks, at the same line numbers, as diffing the full texts gives.
import { createTwoFilesPatch } from 'diff';
import { unifiedDiff } from '../../../src/core/memory/plan';

const log = Array.from({ length: 30_000 }, (_, i) => `harbour gauge ${i}: 1.42 m at 12:00, tide rising, ok`);
const note = (lines: string[], end = '\n') =>
  [
    '---',
    'type: project',
    'updated: 2026-03-01',
    '---',
    '# tidepool',
    '',
    '## Status',
    '',
    ...lines,
    '',
    '## Decisions',
    '',
    '- Keep retries at three ^cm-a1',
    '- Poll every 5 min ^cm-a2',
  ].join('\n') + end;
const full = (before: string, after: string) =>
  createTwoFilesPatch('a/projects/tidepool.md', 'b/projects/tidepool.md', before, after, undefined, undefined, { context: 2 });

const before = note(log);
const cases: [string, string, string][] = [
  ['a bullet added at the end', before, before + '- Log gauges hourly ^cm-a3\n'],
  ['a bullet replaced', before, before.replace('three ^cm-a1', 'four ^cm-a1')],
  ['frontmatter stamped', before, before.replace('updated: 2026-03-01', 'updated: 2026-03-09\nsources:\n  - "[[s]]"')],
  ['a line in the middle of the log changed', before, before.replace('gauge 15000:', 'gauge 15000 (late):')],
  ['a line removed from the log', before, before.replace('harbour gauge 20000: 1.42 m at 12:00, tide rising, ok\n', '')],
  ['two distant changes', before, before.replace('updated: 2026-03-01', 'updated: 2026-03-09').replace('three ^cm-a1', 'four ^cm-a1')],
  [
    'a repeated line inserted beside its twin',
    note(log.map(() => 'harbour gauge: 1.42 m, the same as before')),
    note([...log.map(() => 'harbour gauge: 1.42 m, the same as before'), 'harbour gauge: 1.42 m, the same as before']),
  ],
  ['no final line break', note(log, ''), note(log, '') + '\n- Log gauges hourly ^cm-a3'],
];

test.each(cases)('the diff of a big note is the whole-text diff: %s', (_, b, a) => {
  expect(b.length + a.length).toBeGreaterThan(1024 * 1024);
  expect(unifiedDiff('projects/tidepool.md', b, a)).toBe(full(b, a));
});

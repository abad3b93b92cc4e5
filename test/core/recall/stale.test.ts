// The staleness check's rules: what counts as a named file, the bound on file checks, and the marks.
import { goneFiles, MAX_STATS, staleMark } from '../../../src/core/recall/stale';

const DAY = 86_400_000;

test('at most MAX_STATS checks however many files the items name, and only the missing ones are gone', async () => {
  const present = new Set(['/repo', '/repo/etl/load_0.py']);
  const asked: string[] = [];
  const exists = async (p: string) => {
    asked.push(p);
    return present.has(p);
  };
  const items = Array.from({ length: 40 }, (_, i) => ({ text: `Loads partitions in \`etl/load_${i}.py\`` }));
  const gone = await goneFiles(items, '/repo/', exists);
  expect(asked.length).toBeLessThanOrEqual(MAX_STATS);
  expect(gone.has('etl/load_0.py')).toBe(false);
  expect(gone.has('etl/load_1.py')).toBe(true);
  // No folder, no host capability, or a folder that is itself gone: nothing is called gone.
  expect((await goneFiles(items, undefined, exists)).size).toBe(0);
  expect((await goneFiles(items, '/repo', undefined)).size).toBe(0);
  expect((await goneFiles(items, '/moved', exists)).size).toBe(0);
});

test.each([
  ['a gone file', 'Dedupe in `etl/dedupe.py`', ['etl/dedupe.py'], 0, ' (may be stale: etl/dedupe.py is gone)', true],
  ['an old note', 'Dedupe in `etl/dedupe.py`', [], 200, ' (from 2026-05-21)', false],
  [
    'both',
    'Dedupe in `etl/dedupe.py` and etl/merge.py',
    ['etl/dedupe.py', 'etl/merge.py'],
    200,
    ' (may be stale: etl/dedupe.py, etl/merge.py are gone; from 2026-05-21)',
    true,
  ],
  ['nothing to say', 'Dedupe in `etl/dedupe.py`', ['etl/other.py'], 10, '', false],
])('%s', (_why, text, gone, ageDays, suffix, stale) => {
  const now = Date.parse('2026-12-07T00:00:00.000Z');
  const mark = staleMark(text, now - ageDays * DAY, now, { gone: new Set(gone), afterDays: 90 });
  expect(mark.suffix).toBe(suffix);
  expect(mark.stale).toBe(stale);
  expect(mark.penalty > 0).toBe(stale);
});

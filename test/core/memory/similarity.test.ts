import { addsTo, alreadySaid, related } from '../../../src/core/memory/similarity';

describe('alreadySaid: the same item worded differently', () => {
  test.each([
    ['Parse CSV with the in-house streaming tokenizer', 'CSV parsing uses the in-house streaming tokenizer.'],
    ['We decided to use SQLite for the cache', 'Use SQLite for the cache'],
    ['Always run `npm run lint` before committing', 'always run npm run lint before you commit'],
    ['Strip the UTF-8 BOM from Revolut exports ([[agent/sessions/2026-04-23 CSV]])', 'Strip the UTF-8 BOM from Revolut exports'],
    ['Priya reviews importer changes', '[[people/Priya|Priya]] reviews importer changes ^cm-abc12345'],
  ])('%j ≈ %j', (a, b) => {
    expect(alreadySaid(a, b)).toBe(true);
  });

  test.each([
    // A negation on one side is a reversal, not a repeat.
    ['Use papaparse for CSV parsing', 'Do not use papaparse for CSV parsing'],
    ['Use ROUND_HALF_EVEN for rounding', 'Use ROUND_HALF_UP for rounding'],
    ['Kofi reviews cache changes', 'Priya reviews cache changes'],
    ['Retry 503 responses three times', 'Cache predictions for a week'],
    // Two short items must match almost exactly.
    ['SQLite', 'Use SQLite for the cache and JSON for the config'],
  ])('%j ≠ %j', (a, b) => {
    expect(alreadySaid(a, b)).toBe(false);
  });
});

describe('addsTo: the same item with newer facts', () => {
  test('a longer statement that contains the older one', () => {
    expect(addsTo('Priya reviews importer changes on Fridays before release', 'Priya reviews importer changes')).toBe(true);
  });
  test('not the other way round, and not when it contradicts', () => {
    expect(addsTo('Priya reviews importer changes', 'Priya reviews importer changes on Fridays before release')).toBe(false);
    expect(addsTo('Priya no longer reviews importer changes on Fridays', 'Priya reviews importer changes')).toBe(false);
  });
});

test('related: a reversal finds the decision it drops', () => {
  expect(related('papaparse', 'Use papaparse for CSV parsing')).toBe(true);
  expect(related('SQLite cache via better-sqlite3', "Let's use SQLite via better-sqlite3 for the cache, keyed by station and date.")).toBe(true);
  expect(related('papaparse', 'Cache predictions for a week')).toBe(false);
});

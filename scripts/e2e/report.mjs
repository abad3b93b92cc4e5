// Prints each assertion as it runs and the closing `N passed, N failed` line that CI reads.
import { AssertionError } from 'node:assert';

export function createReport(write = (s) => process.stdout.write(s)) {
  let passed = 0;
  let failed = 0;
  const failures = [];
  const fail = (name, err) => {
    failed++;
    failures.push(name);
    const detail = err instanceof AssertionError || err instanceof Error ? err.message : String(err);
    write(
      `not ok ${passed + failed} - ${name}\n${detail
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`,
    );
  };
  return {
    /** Runs one assertion; `fn` throws (node:assert) to fail it. Returns whether it passed. */
    async check(name, fn) {
      try {
        await fn();
        passed++;
        write(`ok ${passed + failed} - ${name}\n`);
        return true;
      } catch (err) {
        fail(name, err);
        return false;
      }
    },
    /** A whole group that cannot run (e.g. ../shared absent): said aloud, counted as neither. */
    skip(name, why) {
      write(`# skip - ${name}: ${why}\n`);
    },
    note(text) {
      write(`# ${text}\n`);
    },
    get failed() {
      return failed;
    },
    get failures() {
      return failures;
    },
    summary() {
      write(`${passed} passed, ${failed} failed\n`);
      return failed;
    },
  };
}

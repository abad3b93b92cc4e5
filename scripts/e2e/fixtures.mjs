// The rollouts the real Codex 0.169.0 wrote for ../shared/fixtures/codex-real, with their expected values.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared beside the repository, or null when this checkout has none. */
export function sharedDir(root) {
  const dir = resolve(root, '..', 'shared');
  return existsSync(dir) ? dir : null;
}

export function codexRealFixtures(shared) {
  const base = join(shared, 'fixtures', 'codex-real');
  const expectedDir = join(base, 'expected');
  return readdirSync(expectedDir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const expected = JSON.parse(readFileSync(join(expectedDir, f), 'utf8'));
      return { file: join(base, expected.fixture), expected };
    });
}

// The shared fixtures live beside the repository (<repo>/../shared). Tests that read them skip, with a
// printed notice, when that folder is absent (e.g. a plain clone of the repository).
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const candidate = path.resolve(__dirname, '../../..', 'shared');

/** Absolute path of the shared folder, or null when it is not there. */
export const sharedDir: string | null = existsSync(candidate) ? candidate : null;

/** `describe` when the shared folder exists, otherwise `describe.skip` after saying why. */
export function describeShared(name: string, fn: () => void): void {
  if (sharedDir) {
    describe(name, fn);
    return;
  }
  console.warn(`Skipping "${name}": shared fixtures not found at ${candidate}`);
  describe.skip(name, fn);
}

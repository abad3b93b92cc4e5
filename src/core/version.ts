// The version, in one place: package.json's. manifest.json and versions.json are copies Obsidian needs;
// `npm version` rewrites them (scripts/version-bump.mjs) and a test checks they agree.
import pkg from '../../package.json';

export const VERSION: string = pkg.version;

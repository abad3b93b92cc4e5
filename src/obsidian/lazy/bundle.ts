// The heavy half of the plugin lives in lazy.js beside main.js: the o200k rank table (2.7 MB) that counts
// the context pack's tokens, and the openai SDK with zod that the model distillers need. Obsidian parses
// every enabled plugin's main.js before the person can type, so main.js carries only light shims (this
// folder) and lazy.js is required the first time something counts tokens or asks a model. The build swaps
// the shims in for the real modules (esbuild.config.mjs, lazyShims); under jest and in the CLI the real
// modules run directly, and test/integration/lazy-bundle.test.ts checks the built file gives the same counts.
import type { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type OpenAI from 'openai';
import type { createDistiller } from '../../core/distill/create-distiller';
import type { sdkClientFactory } from '../../core/distill/openai';

/** What lazy.js exports (src/obsidian/lazy/entry.ts). */
export interface LazyBundle {
  countTokens: typeof countTokens;
  createDistiller: typeof createDistiller;
  sdkClientFactory: typeof sdkClientFactory;
  OpenAI: typeof OpenAI;
}

export const LAZY_BUNDLE_FILE = 'lazy.js';

let folder: (() => string | null) | null = null;
let loaded: LazyBundle | null = null;

/** Where the plugin's files are (absolute); called from onload with a getter, so nothing is read yet. */
export function setPluginFolder(get: () => string | null): void {
  folder = get;
  loaded = null;
}

declare const require: (id: string) => unknown;

export function lazyBundle(): LazyBundle {
  if (loaded) return loaded;
  const dir = folder?.();
  if (!dir) throw new Error(`Codex Memory could not find its ${LAZY_BUNDLE_FILE}: it needs the desktop app with the plugin folder on disk.`);
  try {
    loaded = require(`${dir.replace(/[\\/]+$/, '')}/${LAZY_BUNDLE_FILE}`) as LazyBundle;
  } catch (err) {
    throw new Error(
      `Codex Memory could not load ${LAZY_BUNDLE_FILE} from ${dir} (reinstall the plugin: a release ships main.js, ${LAZY_BUNDLE_FILE}, recall-worker.js, manifest.json and styles.css): ${(err as Error).message}`,
    );
  }
  return loaded;
}

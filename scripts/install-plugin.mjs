#!/usr/bin/env node
// `npm run install-plugin -- --vault DIR`: copies the built plugin (main.js, lazy.js, recall-worker.js, manifest.json, styles.css) into
// DIR/<config folder>/plugins/codex-memory/. The vault must exist; nothing else in it is touched.
//   --vault DIR         the Obsidian vault (required)
//   --config-dir NAME   Obsidian's config folder if you renamed it (default .obsidian)
//   --source DIR        where the built files are (default: this repository)
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const FILES = ['main.js', 'lazy.js', 'recall-worker.js', 'manifest.json', 'styles.css'];

function fail(message) {
  process.stderr.write(`install-plugin: ${message}\n`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      vault: { type: 'string' },
      'config-dir': { type: 'string', default: '.obsidian' },
      source: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (err) {
  fail(`${err.message}\nUsage: npm run install-plugin -- --vault DIR [--config-dir .obsidian]`);
}
if (values.help) {
  process.stdout.write('Usage: npm run install-plugin -- --vault DIR [--config-dir .obsidian]\n');
  process.exit(0);
}
if (!values.vault) fail('--vault DIR is required (the folder of your Obsidian vault)');

const source = resolve(values.source ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const vault = resolve(values.vault);
if (!existsSync(vault) || !statSync(vault).isDirectory()) fail(`no vault folder at ${vault}`);
const missing = FILES.filter((f) => !existsSync(join(source, f)));
if (missing.length) fail(`${missing.join(', ')} not found in ${source}; run \`npm run build\` first`);

const target = join(vault, values['config-dir'], 'plugins', 'codex-memory');
mkdirSync(target, { recursive: true });
for (const f of FILES) copyFileSync(join(source, f), join(target, f));
process.stdout.write(
  `Installed Codex Memory into ${target}\n` +
    `  ${FILES.join(', ')}\n` +
    'In Obsidian: Settings → Community plugins → turn on Codex Memory (reload the vault if it was open).\n',
);

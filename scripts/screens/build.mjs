// Builds the screens' pages into tmp/screens/: the material (test/screens/fixture-vault.ts, run in Node by
// the real core), the page script (test/screens/page.ts: the plugin's own modal and settings classes over
// obsidian-test-mocks, bundled for the browser so their click and key handlers run) and one HTML page that
// links styles.css and Obsidian's default theme variables (test/screens/theme.css).
import esbuild from 'esbuild';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const outDir = join(root, 'tmp', 'screens');

/** The screens a page can show (`?screen=NAME&theme=light|dark`). */
export const SCREENS = ['review', 'inbox', 'preview', 'stale', 'settings'];

const quiet = { bundle: true, logLevel: 'warning', legalComments: 'none', sourcemap: false };

async function buildData() {
  const file = join(outDir, 'fixture-vault.mjs');
  await esbuild.build({
    ...quiet,
    entryPoints: [join(root, 'test/screens/fixture-vault.ts')],
    outfile: file,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  });
  const { buildScreensData } = await import(pathToFileURL(file).href);
  return buildScreensData();
}

async function buildPage() {
  await esbuild.build({
    ...quiet,
    entryPoints: [join(root, 'test/screens/page.ts')],
    outfile: join(outDir, 'page.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    alias: { obsidian: 'obsidian-test-mocks/obsidian' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}

/** Writes tmp/screens/index.html and what it links; returns the page's file URL. */
export async function buildScreens() {
  await mkdir(outDir, { recursive: true });
  const [data] = await Promise.all([buildData(), buildPage()]);
  await copyFile(join(root, 'styles.css'), join(outDir, 'styles.css'));
  await copyFile(join(root, 'test/screens/theme.css'), join(outDir, 'theme.css'));
  // The material goes in as JSON text that the page parses; `<` is escaped so no note text can end the tag.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  await writeFile(
    join(outDir, 'index.html'),
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Codex Memory screens</title>
<link rel="stylesheet" href="theme.css">
<link rel="stylesheet" href="styles.css">
</head>
<body>
<script id="screens-data" type="application/json">${json}</script>
<script src="page.js"></script>
</body>
</html>
`,
  );
  return pathToFileURL(join(outDir, 'index.html')).href;
}

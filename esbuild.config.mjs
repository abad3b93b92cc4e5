// One core, two outputs: the Obsidian plugin (main.js, CommonJS, Obsidian's externals) and the
// codex-memory CLI (dist/cli.js, Node 20). Production builds are minified and deterministic.
import esbuild from 'esbuild';
import { builtinModules } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const pluginExternals = [
  'obsidian', 'electron',
  '@codemirror/autocomplete', '@codemirror/collab', '@codemirror/commands', '@codemirror/language',
  '@codemirror/lint', '@codemirror/search', '@codemirror/state', '@codemirror/view',
  '@lezer/common', '@lezer/highlight', '@lezer/lr',
  ...builtinModules, ...builtinModules.map((m) => `node:${m}`),
];

const common = {
  bundle: true,
  logLevel: 'info',
  sourcemap: production ? false : 'inline',
  minify: production,
  treeShaking: true,
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: 'main.js',
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    external: pluginExternals,
    // The openai SDK and others probe `process`; Obsidian (Electron) provides it on desktop.
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: false,
    sourcemap: production ? false : 'inline',
  },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

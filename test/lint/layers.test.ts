// The layer rules of docs/architecture.md are lint errors: a file that breaks one fails `npm run lint`.
// Each case writes a real file into src/ (typed lint needs it on disk), lints it with the project's own
// eslint.config.mjs and removes it again.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../..');

const CASES: { where: string; source: string; breaks: boolean }[] = [
  { where: 'src/core', source: "import { Notice } from 'obsidian';\nexport const x = Notice;", breaks: true },
  { where: 'src/core', source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", breaks: true },
  { where: 'src/core', source: "import * as fs from 'fs';\nexport const x = fs;", breaks: true },
  { where: 'src/core', source: "export const x = (): Promise<unknown> => import('node:path');", breaks: true },
  { where: 'src/core', source: "import { nodeHost } from '../node/host';\nexport const x = nodeHost;", breaks: true },
  { where: 'src/core', source: "export const x = (): Promise<unknown> => import('../plugin/host');", breaks: true },
  { where: 'src/core', source: "import type { CliIO } from '../cli/command';\nexport type X = CliIO;", breaks: true },
  { where: 'src/core', source: "import { oneLine } from './text';\nexport const x = oneLine;", breaks: false },
  { where: 'src/node', source: "import { servicesOf } from '../plugin/services';\nexport const x = servicesOf;", breaks: true },
  { where: 'src/node', source: "import { desktopCodex } from '../obsidian/desktop-codex';\nexport const x = desktopCodex;", breaks: true },
  { where: 'src/node', source: "import { nodeHost } from './host';\nexport const x = nodeHost;", breaks: false },
  { where: 'src/ui', source: "import { nodeHost } from '../node/host';\nexport const x = nodeHost;", breaks: true },
  { where: 'src/commands', source: "export const x = (): Promise<unknown> => import('../node/codex-home');", breaks: true },
  { where: 'src/commands', source: "import { desktopCodex } from '../obsidian/desktop-codex';\nexport const x = desktopCodex;", breaks: false },
  { where: 'src/obsidian', source: "export const x = (): Promise<unknown> => import('../node/hooks-json');", breaks: true },
];

const results = new Map<number, string[]>();

// One eslint run (a child process, as `npm run lint` runs it: eslint's config loader needs real ES modules)
// over every probe file at once.
beforeAll(async () => {
  const files = CASES.map((c, i) => path.join(ROOT, c.where, `layer-probe-${process.pid}-${i}.ts`));
  await Promise.all(files.map((f, i) => fs.writeFile(f, `${CASES[i].source}\n`)));
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--no-warn-ignored', ...files],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(run.stdout) as { filePath: string; messages: { message: string }[] }[];
    for (const r of report)
      results.set(
        files.indexOf(r.filePath),
        r.messages.map((m) => m.message),
      );
  } finally {
    await Promise.all(files.map((f) => fs.rm(f, { force: true })));
  }
}, 120_000);

test.each(CASES.map((c, i) => [i, c.where, c.source.split('\n')[0], c.breaks ? 'breaks' : 'keeps'] as const))(
  'case %i: a file in %s with `%s` %s the layer rules',
  (i) => {
    const messages = results.get(i);
    expect(messages).toBeDefined();
    expect(messages!.some((m) => m.includes('Layer rule'))).toBe(CASES[i].breaks);
  },
);

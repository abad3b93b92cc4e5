#!/usr/bin/env node
// `npm start`: the product's main job on bundled examples, offline and without a key. A memory vault is set
// up, the three example Codex sessions in examples/codex-home (a small made-up project, over a week) are
// checkpointed with the offline distiller, and the notes they produced are shown with a summary.
//   node scripts/demo.mjs [--vault DIR]     (default: a fresh temporary folder, kept so you can look)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const codexHome = join(root, 'examples', 'codex-home');
if (!existsSync(cli)) {
  process.stderr.write('demo: dist/cli.js is missing; run `npm run build` first (npm start does).\n');
  process.exit(1);
}
const { values } = parseArgs({ options: { vault: { type: 'string' } }, strict: true });
const vault = values.vault ? resolve(values.vault) : mkdtempSync(join(tmpdir(), 'codex-memory-demo-'));

/** Runs the built codex-memory CLI with no model configured and no Codex home of the user's own. */
export function codexMemory(args) {
  const env = { ...process.env, CODEX_HOME: codexHome };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  return execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env });
}

function heading(text) {
  process.stdout.write(`\n== ${text} ==\n`);
}

/** The vault as a tree, hidden folders included (they are part of the layout). */
export function tree(dir, prefix = '') {
  const entries = readdirSync(dir).sort();
  return entries
    .map((name, i) => {
      const last = i === entries.length - 1;
      const abs = join(dir, name);
      const line = `${prefix}${last ? '└── ' : '├── '}${name}${statSync(abs).isDirectory() ? '/' : ''}\n`;
      return statSync(abs).isDirectory() ? line + tree(abs, prefix + (last ? '    ' : '│   ')) : line;
    })
    .join('');
}

/** The example rollouts, oldest first (their folders are dated). */
function exampleSessions(dir = join(codexHome, 'sessions')) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) return exampleSessions(abs);
      return name.startsWith('rollout-') ? [abs] : [];
    });
}

function markdownFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) return markdownFiles(abs);
    return name.endsWith('.md') ? [abs] : [];
  });
}

function showNote(rel) {
  const abs = join(vault, ...rel.split('/'));
  if (!existsSync(abs)) return;
  heading(rel);
  process.stdout.write(readFileSync(abs, 'utf8'));
}

const STEPS = [
  function initialise() {
    heading(`codex-memory init --vault ${vault}`);
    process.stdout.write(codexMemory(['init', '--vault', vault]));
  },
  function listSessions() {
    heading(`The example Codex sessions (codex-memory sessions --codex-home ${relative(process.cwd(), codexHome) || '.'})`);
    process.stdout.write(codexMemory(['sessions', '--codex-home', codexHome]));
  },
  function checkpointEach() {
    for (const file of exampleSessions()) {
      heading(`codex-memory checkpoint ${relative(root, file)} --vault … --yes`);
      process.stdout.write(codexMemory(['checkpoint', file, '--vault', vault, '--yes']));
    }
  },
  function rerunChangesNothing() {
    const first = exampleSessions()[0];
    heading('Checkpointing the first session again changes nothing');
    const again = JSON.parse(codexMemory(['checkpoint', first, '--vault', vault, '--yes', '--json']));
    const writes = again.changes.filter((c) => c.op !== 'noop').length;
    process.stdout.write(`${writes} changes, ${again.changes.length - writes} already known, ${again.applied.length} applied.\n`);
  },
  function showNotes() {
    for (const rel of ['projects/tidepool.md', 'people/Kofi.md', 'agent/preferences.md', 'TODO.md']) showNote(rel);
    const sessions = join(vault, 'agent', 'sessions');
    const last = existsSync(sessions) ? readdirSync(sessions).sort().pop() : undefined;
    if (last) showNote(`agent/sessions/${last}`);
    heading('The memory vault');
    process.stdout.write(`${vault}/\n${tree(vault)}`);
  },
  function summary() {
    const ledger = JSON.parse(readFileSync(join(vault, '.codex-memory', 'ledger.json'), 'utf8'));
    const notes = new Set(Object.values(ledger.items).map((i) => i.path));
    const secrets = exampleSessions().reduce((n, f) => {
      const s = JSON.parse(codexMemory(['session', f, '--json']));
      return n + Object.values(s.redactions ?? {}).reduce((a, b) => a + b, 0);
    }, 0);
    // The third example session pastes a (made-up) API token; it must not be in any note.
    const leaked = markdownFiles(vault).some((f) => readFileSync(f, 'utf8').includes('tp_live_'));
    heading('Summary');
    process.stdout.write(
      [
        `Sessions checkpointed: ${Object.keys(ledger.sessions).length} (offline distiller, no key, no network)`,
        `Memory items written:  ${Object.keys(ledger.items).length}, in ${notes.size} notes`,
        `Checkpoints undoable:  ${ledger.checkpoints.length} (codex-memory undo --vault ${vault})`,
        `Secrets redacted:      ${secrets} in the sessions; ${leaked ? 'one REACHED a note (bug!)' : 'none reached a note'}`,
        `Re-running a session:  zero changes (the ledger remembers every item; your edits and deletions win)`,
      ].join('\n') + '\n',
    );
  },
];

for (const step of STEPS) step();
process.stdout.write(`\nOpen ${vault} as a vault in Obsidian to look around. Nothing left this machine.\n`);

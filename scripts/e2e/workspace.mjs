// The throwaway world one e2e run lives in: HOME, CODEX_HOME, a git repository and a vault, all under one
// temp folder, so the real ~/.codex and the person's files are never read or written.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from './processes.mjs';

/** What the person wrote by hand before any session: the decision recall must bring into session 1. */
export const PROJECT_DECISION = 'Money amounts are stored as integer cents, never as floats.';

/** The person's own note for the repository (matched by its `repo` path), as they would write it. */
export function writeProjectNote(ws) {
  const dir = join(ws.vault, 'projects');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'invoice-ledger.md'),
    [
      '---',
      'type: project',
      `repo: ${ws.repo}`,
      'remote: git@example.invalid:acme/invoice-ledger.git',
      'status: active',
      '---',
      '# invoice-ledger',
      '',
      'Turns invoice lines into totals and exports.',
      '',
      '## Decisions',
      '',
      `- ${PROJECT_DECISION}`,
      '',
    ].join('\n'),
  );
}

/** The provider block that points Codex at the scripted server; no login, no key. */
export function codexConfig(baseUrl) {
  return [
    'model = "gpt-5.5"',
    'model_provider = "scripted"',
    '',
    '[model_providers.scripted]',
    'name = "scripted"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    'wire_api = "responses"',
    '',
  ].join('\n');
}

/**
 * Creates the folders, a one-commit git repository with a remote, and a CODEX_HOME/config.toml for
 * `baseUrl`. PATH has node and the system tools but no `codex-memory`: the commands `hooks install` writes
 * must work without a global install, as they must for a person who only ran `npm run build`.
 */
export function createWorkspace({ root, codexJs, baseUrl, parent = tmpdir() }) {
  const tmp = mkdtempSync(join(parent, 'cm-e2e-'));
  const ws = {
    tmp,
    home: join(tmp, 'home'),
    codexHome: join(tmp, 'codex-home'),
    repo: join(tmp, 'src', 'invoice-ledger'),
    vault: join(tmp, 'vault'),
    cli: join(root, 'dist', 'cli.js'),
    codexJs,
  };
  for (const d of [ws.home, ws.codexHome, ws.repo]) mkdirSync(d, { recursive: true });
  writeFileSync(join(ws.codexHome, 'config.toml'), codexConfig(baseUrl));

  // Only what Codex and git need: no OPENAI_* from the caller can reach a real service.
  ws.env = {
    HOME: ws.home,
    CODEX_HOME: ws.codexHome,
    PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    LANG: 'C.UTF-8',
    TMPDIR: tmpdir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'E2E',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'E2E',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
    ...(process.env.CODEX_MEMORY_DEBUG ? { CODEX_MEMORY_DEBUG: process.env.CODEX_MEMORY_DEBUG } : {}),
  };

  writeFileSync(join(ws.repo, 'README.md'), '# invoice-ledger\n\nTurns invoice lines into totals and exports.\n');
  writeFileSync(join(ws.repo, 'ledger.py'), 'def total(lines):\n    return sum(cents for _, cents in lines)\n');
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '.'],
    ['commit', '-q', '-m', 'Start the ledger'],
    ['remote', 'add', 'origin', 'git@example.invalid:acme/invoice-ledger.git'],
  ]) {
    const r = spawnSync('git', args, { cwd: ws.repo, encoding: 'utf8', env: ws.env });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  }

  /** `codex …` as the person would type it, in the repository unless told otherwise. */
  ws.codex = (args, opts = {}) =>
    run(process.execPath, [codexJs, ...args], { cwd: opts.cwd ?? ws.repo, env: { ...ws.env, ...opts.env }, timeoutMs: opts.timeoutMs ?? 90_000 });
  /** `codex-memory …` from the build under test. */
  ws.memory = (args, opts = {}) =>
    run(process.execPath, [ws.cli, ...args], { cwd: opts.cwd ?? ws.repo, env: ws.env, timeoutMs: opts.timeoutMs ?? 60_000, input: opts.input });
  return ws;
}

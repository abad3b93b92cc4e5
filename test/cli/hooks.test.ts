// `codex-memory hooks install|uninstall` against a real CODEX_HOME folder holding someone else's hooks.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { requireBuiltCli } from '../support/child-cli';
import { DECISION, makeDeliveryFixture, sessionStartBody } from '../support/delivery-vault';

let dir: string;
let home: string;
let vault: string;
beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cm-hooks-')));
  home = path.join(dir, 'codex-home');
  vault = path.join(dir, 'vault');
  await fs.mkdir(home);
  await fs.mkdir(vault);
});
afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

// Formatted by hand, with a foreign key and foreign hooks on two of our events.
const FOREIGN = `{
  "description": "mine",
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "/usr/local/bin/guard --strict", "timeout": 30 } ] }
    ],
    "Stop": [
      { "hooks": [ { "type": "command", "command": "notify-send 'Codex is done'" } ] }
    ]
  }
}
`;

const hooksFile = () => path.join(home, 'hooks.json');
type HooksDoc = { description?: string; hooks: Record<string, { matcher?: string; hooks: { type: string; command: string }[] }[]> };
const read = async (): Promise<HooksDoc> => JSON.parse(await fs.readFile(hooksFile(), 'utf8')) as HooksDoc;

test('install merges our four hooks beside foreign ones, prints the trust step; uninstall restores the same JSON', async () => {
  await fs.writeFile(hooksFile(), FOREIGN);
  const res = await runCliCaptured(['hooks', 'install', '--vault', vault, '--codex-home', home]);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(res.stdout).toContain(`Installed Codex Memory's hooks (SessionStart, UserPromptSubmit, Stop, SessionEnd) in ${hooksFile()}`);
  expect(res.stdout).toContain('type /hooks');
  expect(res.stdout).toContain('trust');
  expect(res.stdout).toContain(`Undo with: codex-memory hooks uninstall --codex-home "${home}"`);

  const after = await read();
  const before = JSON.parse(FOREIGN);
  expect(after.description).toBe('mine');
  expect(after.hooks.PreToolUse).toEqual(before.hooks.PreToolUse);
  expect(after.hooks.Stop[0]).toEqual(before.hooks.Stop[0]);
  const cmd: string = after.hooks.SessionStart[0].hooks[0].command;
  // Absolute node and launcher, so Codex can run it from any folder with any PATH.
  const [node, launcher, ...rest] = cmd.split(' ');
  expect(path.isAbsolute(node.replace(/'/g, ''))).toBe(true);
  expect(launcher.replace(/'/g, '')).toBe(path.resolve(__dirname, '../../bin/codex-memory.js'));
  expect(rest.join(' ')).toBe(`hook session-start --vault ${vault}`);
  expect(after.hooks.Stop[1].hooks[0].command).toContain('hook stop --vault');
  expect(after.hooks.SessionEnd[0].hooks[0].command).toContain('hook session-end --vault');
  expect(after.hooks.UserPromptSubmit[0].hooks[0].command).toContain('hook user-prompt-submit --vault');
  expect(await fs.readFile(path.join(home, 'hooks.json.codex-memory.bak'), 'utf8')).toBe(FOREIGN);

  const again = await runCliCaptured(['hooks', 'install', '--vault', vault, '--codex-home', home]);
  expect(again.stdout).toContain('already in');
  // Indexed by the first install; nothing to index the second time, so no index line.
  expect(again.stdout).not.toContain('Recall index');
  expect(await read()).toEqual(after);

  const un = await runCliCaptured(['hooks', 'uninstall', '--codex-home', home]);
  expect(un.code).toBe(0);
  expect(un.stdout).toContain('Removed 4 Codex Memory hooks');
  expect(await read()).toEqual(before);
  expect(JSON.stringify(await read())).toBe(JSON.stringify(before));
  const twice = await runCliCaptured(['hooks', 'uninstall', '--codex-home', home]);
  expect(twice.stdout).toContain('No Codex Memory hooks');
});

test('CODEX_HOME from the environment, hooks.json created when missing, and the command runs through sh as Codex runs it', async () => {
  requireBuiltCli();
  const fx = await makeDeliveryFixture("cm-hooks-it's ");
  try {
    const res = await runCliCaptured(['hooks', 'install', '--vault', 'vault', '--json'], { cwd: fx.dir, env: { CODEX_HOME: home } });
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ file: hooksFile(), changed: true, backup: null, vault: fx.vault });
    // The vault's notes are indexed at install, so the first session finds the index ready.
    expect(out.index.notes).toBeGreaterThan(0);
    expect(out.index.changed).toBeGreaterThan(0);
    await expect(fs.stat(path.join(fx.vault, '.codex-memory/recall/catalog.json'))).resolves.toBeTruthy();
    const status = await runCliCaptured(['hooks', 'status', '--json'], { env: { CODEX_HOME: home } });
    expect(JSON.parse(status.stdout).hooks.map((h: { codexEvent: string }) => h.codexEvent)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'Stop',
      'SessionEnd',
    ]);
    // Codex runs the command string with the shell, from the session's folder, the body on stdin.
    const command: string = (await read()).hooks.SessionStart[0].hooks[0].command;
    const ran = spawnSync('sh', ['-c', command], {
      cwd: os.tmpdir(),
      input: sessionStartBody(fx.repo),
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin' },
    });
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout).hookSpecificOutput.additionalContext).toContain(DECISION);
  } finally {
    await fx.cleanup();
  }
});

test('a hooks.json that is not valid JSON is refused and left byte for byte', async () => {
  const broken = '{ "hooks": { "Stop": [ } ';
  await fs.writeFile(hooksFile(), broken);
  const res = await runCliCaptured(['hooks', 'install', '--vault', vault, '--codex-home', home]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/hooks\.json: is not valid JSON .*nothing was changed/);
  expect(await fs.readFile(hooksFile(), 'utf8')).toBe(broken);
  const un = await runCliCaptured(['hooks', 'uninstall', '--codex-home', home]);
  expect(un.code).toBe(1);
  expect(await fs.readFile(hooksFile(), 'utf8')).toBe(broken);
});

test('hooks turned off in config.toml are pointed out (config.toml itself is not touched)', async () => {
  const toml = '# my config\nmodel = "gpt-5"\n\n[features]\nhooks = false # for now\n';
  await fs.writeFile(path.join(home, 'config.toml'), toml);
  const res = await runCliCaptured(['hooks', 'install', '--vault', vault, '--codex-home', home]);
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('Hooks are turned off in');
  expect(await fs.readFile(path.join(home, 'config.toml'), 'utf8')).toBe(toml);
});

test('install needs a vault that exists; wrong words are usage errors', async () => {
  const res = await runCliCaptured(['hooks', 'install', '--vault', path.join(dir, 'nope'), '--codex-home', home]);
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('No vault folder');
  await expect(fs.access(hooksFile())).rejects.toThrow();
  expect((await runCliCaptured(['hooks', 'install', '--codex-home', home])).code).toBe(2);
  expect((await runCliCaptured(['hooks', 'frobnicate'])).code).toBe(2);
});

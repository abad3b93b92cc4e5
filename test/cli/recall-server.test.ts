// The recall server (src/node/recall-server/) as Codex meets it: the built CLI's hooks as child processes, a
// real server process on a real Unix socket, a vault of several projects. Two copies of the same vault go
// through the same session, one with every hook working alone and one answered by the server: what Codex
// is given must be the same, byte for byte, through edits in place, new notes, another process rebuilding
// the index, and a settings change.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import * as path from 'node:path';
import { SERVER_ENV } from '../../src/node/recall-server/address';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { FACTS, makeProjectsVault, promptBody, startBody, type ProjectsVault } from '../support/projects-vault';

jest.setTimeout(60_000);

let fx: ProjectsVault;
let tmp: string;
const children: ChildProcess[] = [];

beforeAll(() => requireBuiltCli());
beforeEach(async () => {
  fx = await makeProjectsVault('cm-server-');
  // Sockets go under $TMPDIR/codex-memory-<uid>/: a folder per test keeps each test's servers to itself.
  tmp = path.join(fx.dir, 'tmp');
  await fs.mkdir(tmp);
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await fx.cleanup();
});

const on = () => ({ TMPDIR: tmp, [SERVER_ENV]: 'on', CODEX_MEMORY_RECALL_SERVER_IDLE_MS: '60000' });
const off = () => ({ TMPDIR: tmp, [SERVER_ENV]: 'off' });
const log = (vault: string) => fs.readFile(path.join(vault, '.codex-memory', 'log'), 'utf8').catch(() => '');

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const listening = async (vault: string) => ((await log(vault)).match(/recall server: listening/g) ?? []).length;
/** The pids of the servers that listened, in order. */
const pids = async (vault: string) => [...(await log(vault)).matchAll(/recall server: listening \(pid (\d+)\)/g)].map((m) => Number(m[1]));

/** A server for `vault`, started as the hooks start it, once it listens. */
async function serve(vault: string, env: NodeJS.ProcessEnv = on()): Promise<ChildProcess> {
  const before = await listening(vault);
  const child = spawn(process.execPath, [requireBuiltCli(), 'hook', 'serve', '--vault', vault], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: 'ignore',
  });
  children.push(child);
  await until('the server to listen', async () => (await listening(vault)) > before);
  return child;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

/** What the hook printed (its whole stdout: the body Codex reads). */
async function hook(vault: string, event: string, stdin: string, env: NodeJS.ProcessEnv): Promise<string> {
  const res = await runBuiltCli(['hook', event, '--vault', vault], { stdin, cwd: '/', env });
  expect(res.code).toBe(0);
  expect(res.stderr).toBe('');
  return res.stdout;
}

describe('the recall server', () => {
  test('answers every hook of a session exactly as the hook alone does, through edits, new notes and a rebuilt index', async () => {
    const alone = fx.vault;
    const served = path.join(fx.dir, 'vault-served');
    await fs.cp(alone, served, { recursive: true });
    const server = await serve(served);

    const inv = fx.repos.invoice;
    const steps: ((v: string) => Promise<void>)[] = [];
    const asked: [string, string, string][] = [];
    const call = (event: string, body: string) => asked.push([event, body, '']);
    call('session-start', startBody('s1', inv));
    call('user-prompt-submit', promptBody('s1', inv, 'How do we deploy this after the migration?'));
    call('user-prompt-submit', promptBody('s1', inv, 'Which separator does the CSV export use?'));
    call('user-prompt-submit', promptBody('s1', inv, 'Which separator does the CSV export use?'));
    const outs = { alone: [] as string[], served: [] as string[] };
    const run = async (from: number) => {
      for (const [event, body] of asked.slice(from)) {
        outs.alone.push(await hook(alone, event, body, off()));
        outs.served.push(await hook(served, event, body, on()));
      }
    };
    await run(0);
    const both = async (change: (v: string) => Promise<void>) => {
      await change(alone);
      await change(served);
    };
    // In order: a note edited in place (no folder mtime moves: the next prompt must see the new text, not the
    // held one), a new note, the index rebuilt by another process, a settings change.
    steps.push(async (v) => {
      const f = path.join(v, 'notes/invoice-export.md');
      await fs.writeFile(f, (await fs.readFile(f, 'utf8')).replace('semicolons', 'tabs'));
    });
    steps.push((v) =>
      fs.writeFile(
        path.join(v, 'notes/invoice-backups.md'),
        '---\nproject: "[[invoice-cli]]"\n---\n# Backups\n\n- Invoice backups go to the cold bucket every night at 02:00\n',
      ),
    );
    // Another process rebuilds the index from scratch (the catalog the server holds is no longer the saved one).
    steps.push(async (v) => {
      await fs.rm(path.join(v, '.codex-memory', 'recall'), { recursive: true, force: true });
      const warm = await runBuiltCli(['hook', 'warm', '--vault', v, '--cwd', inv], { env: off() });
      expect(warm.code).toBe(0);
      expect(existsSync(path.join(v, '.codex-memory', 'recall', 'catalog.json'))).toBe(true);
    });
    steps.push(async (v) => {
      const data = path.join(v, '.obsidian/plugins/codex-memory/data.json');
      await fs.mkdir(path.dirname(data), { recursive: true });
      await fs.writeFile(data, JSON.stringify({ version: 1, promptBudget: 120 }));
    });
    const prompts = [
      'Which separator does the CSV export use now?',
      'When do the invoice backups run?',
      'Where do invoice backups go and how is invoice-cli deployed?',
      'Which deploy steps and rounding rules apply to invoice-cli?',
    ];
    for (const [i, change] of steps.entries()) {
      await both(change);
      const from = asked.length;
      call('user-prompt-submit', promptBody('s1', inv, prompts[i]));
      call('user-prompt-submit', promptBody(`s-new-${i}`, inv, prompts[i]));
      await run(from);
    }
    const from = asked.length;
    call('session-start', startBody('s1', inv, 'compact'));
    call('session-start', startBody('s1', inv, 'resume'));
    call('session-start', startBody('s2', fx.repos.shop));
    call('user-prompt-submit', promptBody('s2', fx.repos.shop, 'How is shop-api deployed after its flyway migration?'));
    await run(from);

    expect(outs.served).toEqual(outs.alone);
    // The session really went through: the edit, the new note and both projects reached Codex.
    const all = outs.alone.join('\n');
    expect(all).toContain('uses tabs as the separator');
    expect(outs.alone.slice(0, 4).join('\n')).toContain(FACTS.invoiceExport);
    expect(outs.alone.slice(4).join('\n')).not.toContain('semicolons');
    expect(all).toContain('cold bucket');
    expect(all).toContain(FACTS.shopDeploy);
    // …and every served hook was answered by the one server: none fell back and started another.
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
    const text = await log(served);
    expect(text.match(/recall server: listening/g)).toHaveLength(1);
    expect(text).toContain(`recall server: stopped after ${asked.length} requests`);
  });

  test('with no server running a hook answers alone and starts one; the next is answered by it; one killed is replaced', async () => {
    const inv = fx.repos.invoice;
    const first = await hook(fx.vault, 'user-prompt-submit', promptBody('k1', inv, 'Which separator does the CSV export use?'), on());
    expect(first).toContain(FACTS.invoiceExport);
    await until('the server the hook started', async () => (await listening(fx.vault)) === 1);
    const [pid] = await pids(fx.vault);
    expect(await hook(fx.vault, 'user-prompt-submit', promptBody('k2', inv, 'Which separator does the CSV export use?'), on())).toBe(first);

    // Killed without a chance to clean up: its socket file stays, and nothing listens on it.
    process.kill(pid, 'SIGKILL');
    await until('the server to die', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(await hook(fx.vault, 'user-prompt-submit', promptBody('k3', inv, 'Which separator does the CSV export use?'), on())).toBe(first);
    await until('a new server on the stale socket', async () => (await listening(fx.vault)) === 2);
    const second = (await pids(fx.vault))[1];
    expect(second).not.toBe(pid);
    process.kill(second, 'SIGTERM');
    await until('it to stop', async () => (await log(fx.vault)).includes('recall server: stopped after 0 requests'));
  });

  test('it exits after its idle time, and when its vault folder is gone', async () => {
    const idle = await serve(fx.vault, { ...on(), CODEX_MEMORY_RECALL_SERVER_IDLE_MS: '300' });
    expect(await exited(idle)).toBe(0);
    expect(await log(fx.vault)).toContain('recall server: stopped after 0 requests');

    const copy = path.join(fx.dir, 'vault-gone');
    await fs.cp(fx.vault, copy, { recursive: true });
    const orphan = await serve(copy);
    await fs.rm(copy, { recursive: true, force: true });
    expect(await exited(orphan)).toBe(0);
  });

  test('the recallServer setting off: a running server stops without waiting for a request, and hooks neither use nor start one', async () => {
    const server = await serve(fx.vault);
    const data = path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ version: 1, recallServer: false }));
    // The plugin's toggle: the server notices within its vault check (2 s), with no hook asking it anything.
    expect(await exited(server)).toBe(0);
    expect(await log(fx.vault)).toContain('recall server: stopped after 0 requests');
    const out = await hook(fx.vault, 'user-prompt-submit', promptBody('o1', fx.repos.invoice, 'Which separator does the CSV export use?'), on());
    expect(out).toContain(FACTS.invoiceExport);
    await hook(fx.vault, 'user-prompt-submit', promptBody('o2', fx.repos.invoice, 'Which separator does the CSV export use?'), on());
    await new Promise((r) => setTimeout(r, 1500));
    expect(await listening(fx.vault)).toBe(1);
  });

  test('hooks uninstall stops the recall servers of the vaults its hooks served, whatever environment started them, and no other', async () => {
    const home = path.join(fx.dir, 'codex-home');
    const other = path.join(fx.dir, 'vault-other');
    await fs.cp(fx.vault, other, { recursive: true });
    expect((await runBuiltCli(['hooks', 'install', '--vault', fx.vault], { env: { ...on(), CODEX_HOME: home } })).code).toBe(0);
    // Codex runs the hooks with its own environment (here another endpoint): a server under another name.
    const codexs = await serve(fx.vault, { ...on(), OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    const mine = await serve(fx.vault);
    const others = await serve(other);

    const res = await runBuiltCli(['hooks', 'uninstall', '--json'], { env: { TMPDIR: tmp, CODEX_HOME: home } });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ changed: true, removed: 4, stoppedServers: 2 });
    expect(await exited(codexs)).toBe(0);
    expect(await exited(mine)).toBe(0);
    expect(await log(fx.vault)).toContain('recall server: asked to stop (hooks uninstalled)');
    // Another vault's server still answers.
    expect(others.exitCode).toBeNull();
    expect(await hook(other, 'user-prompt-submit', promptBody('u1', fx.repos.invoice, 'Which separator does the CSV export use?'), on())).toContain(
      FACTS.invoiceExport,
    );
    expect((await log(other)).match(/recall server: listening/g)).toHaveLength(1);

    const again = await runBuiltCli(['hooks', 'uninstall'], { env: { TMPDIR: tmp, CODEX_HOME: home } });
    expect(again.stdout).toContain('No Codex Memory hooks in');
    expect(again.stdout).not.toContain('Stopped');
  });

  test('a socket folder other users could enter is not used: hooks work alone and start no server', async () => {
    const dir = path.join(tmp, `codex-memory-${process.getuid?.() ?? 'user'}`);
    await fs.mkdir(dir, { recursive: true });
    await fs.chmod(dir, 0o777);
    const out = await hook(fx.vault, 'user-prompt-submit', promptBody('p1', fx.repos.invoice, 'Which separator does the CSV export use?'), on());
    expect(out).toContain(FACTS.invoiceExport);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await listening(fx.vault)).toBe(0);
    expect(existsSync(dir) && (await fs.readdir(dir))).toEqual([]);
  });

  test('hooks status says whether the vault has a recall server, running or not, or has it off', async () => {
    const home = path.join(fx.dir, 'codex-home');
    const env = { ...on(), CODEX_HOME: home };
    expect((await runBuiltCli(['hooks', 'install', '--vault', fx.vault], { env })).code).toBe(0);
    const status = async () => (await runBuiltCli(['hooks', 'status', '--vault', fx.vault], { env })).stdout;
    const json = async (): Promise<unknown> =>
      (JSON.parse((await runBuiltCli(['hooks', 'status', '--vault', fx.vault, '--json'], { env })).stdout) as { recallServer: unknown }).recallServer;
    expect(await status()).toContain('Recall server: not running; the next session start or prompt starts it.');
    const server = await serve(fx.vault);
    expect(await status()).toContain('Recall server: running for this vault');
    expect(await json()).toEqual({ enabled: true, running: true });
    server.kill('SIGTERM');
    await exited(server);
    const data = path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ ...JSON.parse(await fs.readFile(data, 'utf8').catch(() => '{}')), recallServer: false }));
    expect(await status()).toContain('Recall server: off for this vault (recallServer setting)');
    expect(await json()).toEqual({ enabled: false, running: false });
  });
});

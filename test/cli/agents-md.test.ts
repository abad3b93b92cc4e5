// `codex-memory agents-md`: the managed block in a real repository's AGENTS.md, the person's text around it
// kept byte for byte, and Codex's 32 KiB cap over every instruction file it loads.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BLOCK_END, BLOCK_START } from '../../src/core/delivery/agents-md-block';
import { runCliCaptured } from '../support/cli';
import { DECISION, NEVER, SUPERSEDED, TODO, makeDeliveryFixture, type DeliveryFixture } from '../support/delivery-vault';

let fx: DeliveryFixture;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  fx = await makeDeliveryFixture('cm-agents-');
  // A CODEX_HOME of our own, so a config.toml on this machine cannot change the cap under test.
  env = { CODEX_HOME: path.join(fx.dir, 'codex-home') };
});
afterEach(async () => fx.cleanup());

const agents = (...p: string[]) => path.join(fx.repo, ...p);
const cli = (...args: string[]) => runCliCaptured(['agents-md', '--vault', fx.vault, '--repo', fx.repo, ...args], { env });

test("writes the pack into the repository's AGENTS.md; the person's CRLF text is byte-identical around it", async () => {
  const mine = '# Team rules\r\n\r\nRun `make check` before pushing.\r\nNo force pushes. ü\r\n';
  await fs.writeFile(agents('AGENTS.md'), mine);
  const res = await cli();
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(res.stdout).toContain(`Wrote the Codex Memory block in ${agents('AGENTS.md')}`);
  const text = await fs.readFile(agents('AGENTS.md'), 'utf8');
  expect(text.startsWith(`${BLOCK_START}\r\n`)).toBe(true);
  const end = text.indexOf(`${BLOCK_END}\r\n\r\n`) + `${BLOCK_END}\r\n\r\n`.length;
  expect(text.slice(end)).toBe(mine);
  const block = text.slice(0, end);
  expect(block).toContain(DECISION);
  expect(block).toContain(TODO);
  expect(block).not.toContain(NEVER);
  expect(block).not.toContain(SUPERSEDED);
  expect(block.replace(/\r\n/g, '')).not.toContain('\n');

  // Run again: same vault, same bytes. Then --remove: the original file, exactly.
  const again = await cli();
  expect(again.stdout).toContain('Unchanged:');
  const removed = await cli('--remove');
  expect(removed.code).toBe(0);
  expect(await fs.readFile(agents('AGENTS.md'), 'utf8')).toBe(mine);
  expect((await cli('--remove')).stdout).toContain('No Codex Memory block');
});

test('an AGENTS.md the program created is removed whole by --remove', async () => {
  expect((await cli('--json')).code).toBe(0);
  expect(await fs.readFile(agents('AGENTS.md'), 'utf8')).toContain(DECISION);
  await cli('--remove');
  await expect(fs.access(agents('AGENTS.md'))).rejects.toThrow();
});

test('where AGENTS.override.md exists the block goes there, since that is the file Codex reads', async () => {
  await fs.writeFile(agents('AGENTS.override.md'), 'Local rules.\n');
  await fs.writeFile(agents('AGENTS.md'), 'Shared rules.\n');
  const res = await cli('--json');
  expect(JSON.parse(res.stdout).file).toBe(agents('AGENTS.override.md'));
  expect(await fs.readFile(agents('AGENTS.md'), 'utf8')).toBe('Shared rules.\n');
  expect(await fs.readFile(agents('AGENTS.override.md'), 'utf8')).toMatch(/\nLocal rules\.\n$/);
});

test('the block shrinks so every instruction file Codex loads stays within 32 KiB, counting the parents up to the git root', async () => {
  // The repository is a package inside a monorepo: Codex loads the root's AGENTS.md and the package's.
  const root = path.join(fx.dir, 'src');
  await fs.rename(path.join(fx.repo, '.git'), path.join(root, '.git'));
  const mine = 'Package rules.\n';
  // Leave 700 bytes: less than the whole pack needs, enough for a smaller one.
  const big = `# Monorepo rules\n${'r'.repeat(32 * 1024 - 700 - mine.length - 18)}\n`;
  await fs.writeFile(path.join(root, 'AGENTS.md'), big);
  await fs.writeFile(agents('AGENTS.md'), mine);
  const res = await cli('--json');
  expect(res.code).toBe(0);
  const out = JSON.parse(res.stdout);
  expect(out.budget).toBeLessThan(2000);
  expect(out.items).toBeGreaterThan(0);
  const written = await fs.readFile(agents('AGENTS.md'));
  expect(Buffer.byteLength(big) + written.length).toBeLessThanOrEqual(32 * 1024);
  expect(out.chain_bytes).toBe(Buffer.byteLength(big) + written.length);
  expect(written.toString('utf8').endsWith(mine)).toBe(true);
  expect(await fs.readFile(path.join(root, 'AGENTS.md'), 'utf8')).toBe(big);
});

test('no room left: says so, exit 1, writes nothing', async () => {
  const full = `${'x'.repeat(32 * 1024 - 10)}\n`;
  await fs.writeFile(agents('AGENTS.md'), full);
  const res = await cli();
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/nothing was written/);
  expect(await fs.readFile(agents('AGENTS.md'), 'utf8')).toBe(full);
});

test("a smaller project_doc_max_bytes in Codex's config.toml is the cap used", async () => {
  await fs.mkdir(env.CODEX_HOME!, { recursive: true });
  await fs.writeFile(path.join(env.CODEX_HOME!, 'config.toml'), 'project_doc_max_bytes = 600\n');
  const res = await cli('--json');
  expect(res.code).toBe(0);
  const out = JSON.parse(res.stdout);
  expect(out.cap).toBe(600);
  expect((await fs.readFile(agents('AGENTS.md'))).length).toBeLessThanOrEqual(600);
});

test('damaged markers and files that are not UTF-8 are refused and left as they are', async () => {
  const damaged = `${BLOCK_START}\nhalf a block\n`;
  await fs.writeFile(agents('AGENTS.md'), damaged);
  const res = await cli();
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('markers are damaged');
  expect(await fs.readFile(agents('AGENTS.md'), 'utf8')).toBe(damaged);
  const latin1 = Buffer.from([0x52, 0xe9, 0x67, 0x6c, 0x65, 0x0a]);
  await fs.writeFile(agents('AGENTS.md'), latin1);
  const bad = await cli();
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('not valid UTF-8');
  expect(await fs.readFile(agents('AGENTS.md'))).toEqual(latin1);
});

test('a vault with nothing for the repository leaves AGENTS.md alone', async () => {
  const empty = path.join(fx.dir, 'empty');
  await fs.mkdir(empty);
  const res = await runCliCaptured(['agents-md', '--vault', empty, '--repo', fx.repo], { env });
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('nothing to say');
  await expect(fs.access(agents('AGENTS.md'))).rejects.toThrow();
});

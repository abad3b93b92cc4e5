// The MCP server as Codex uses it: the built `codex-memory mcp` spawned over stdio, driven by the official
// SDK client. stdout must carry nothing but the protocol (the client fails on anything else).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { requireBuiltCli } from '../support/child-cli';
import { runCliCaptured } from '../support/cli';
import { DECISION, NEVER, makeDeliveryFixture, type DeliveryFixture } from '../support/delivery-vault';

const SECRET = 'sk-proj-Abc123def456GHI789jkl012MNO345';
let fx: DeliveryFixture;
let client: Client;
let stderr = '';

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };
const call = async (name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> => {
  const res = (await client.callTool({ name, arguments: args })) as ToolResult;
  return { text: res.content.map((c) => c.text).join('\n'), isError: Boolean(res.isError) };
};

beforeAll(async () => {
  const cli = requireBuiltCli();
  fx = await makeDeliveryFixture('cm-mcp-');
  await fs.writeFile(
    path.join(fx.vault, 'notes/deploy.md'),
    `# Deploy\n\n- The deploy script reads api_key = "${SECRET}" from the environment ^cm-d1\n- The deploy script runs from the environment of the CI runner ^cm-d2\n`,
  );
  await fs.writeFile(path.join(fx.dir, 'outside.md'), '# Outside\n\n- private text outside the vault\n');
  await fs.symlink(path.join(fx.dir, 'outside.md'), path.join(fx.vault, 'notes/escape.md'));
  await fs.symlink(fx.dir, path.join(fx.vault, 'notes/escape-dir'));
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--vault', fx.vault], cwd: fx.repo, stderr: 'pipe' });
  transport.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  client = new Client({ name: 'codex-memory-test', version: '1.0.0' });
  await client.connect(transport);
});
afterAll(async () => {
  await client?.close();
  await fx?.cleanup();
});

test('lists the five tools with their arguments', async () => {
  const { tools } = await client.listTools();
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
  expect(Object.keys(byName).sort()).toEqual(['get_context', 'get_goal_status', 'read_note', 'remember', 'search_memory']);
  expect(byName.search_memory.inputSchema.required).toEqual(['query']);
  expect(Object.keys(byName.get_context.inputSchema.properties ?? {})).toEqual(['task', 'cwd', 'budget']);
  expect(byName.read_note.inputSchema.required).toEqual(['path']);
  expect(byName.remember.inputSchema.required).toEqual(['text']);
  // Codex runs read-only tools without asking (codex exec refuses the others under approval "never").
  for (const name of ['search_memory', 'get_context', 'get_goal_status', 'read_note']) expect(byName[name].annotations?.readOnlyHint).toBe(true);
  expect(byName.remember.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
  expect(stderr).toContain('codex-memory mcp: serving');
});

test('search_memory finds the decision with its note path; never-notes and secrets stay out', async () => {
  const hit = await call('search_memory', { query: 'rounding decimal', limit: 5 });
  expect(hit.isError).toBe(false);
  expect(hit.text).toContain('projects/invoice-cli.md');
  expect(hit.text).toContain('ROUND_HALF_UP');
  const never = await call('search_memory', { query: 'staging database password' });
  expect(never.text).not.toContain(NEVER);
  expect(never.text).not.toContain('notes/secrets.md');
  const secret = await call('search_memory', { query: 'deploy script environment' });
  expect(secret.text).toContain('notes/deploy.md');
  expect(secret.text).not.toContain(SECRET);
});

test('get_context gives the pack for a task in the repository', async () => {
  const ctx = await call('get_context', { task: 'fix invoice rounding', cwd: fx.repo });
  expect(ctx.isError).toBe(false);
  expect(ctx.text).toContain(DECISION);
  expect(ctx.text).not.toContain(NEVER);
});

test('get_goal_status: none, then the goal a person set, with its oracle and next step', async () => {
  expect((await call('get_goal_status', { cwd: fx.repo })).text).toBe('projects/invoice-cli.md has no goal recorded.');
  const set = await runCliCaptured([
    'goal',
    'set',
    'Totals match the 2025 ledger to the cent',
    '--oracle',
    'npm test -- totals',
    '--vault',
    fx.vault,
    '--cwd',
    fx.repo,
  ]);
  expect(set.code).toBe(0);
  const status = JSON.parse((await call('get_goal_status', { cwd: fx.repo })).text) as Record<string, unknown>;
  expect(status).toMatchObject({
    project: 'projects/invoice-cli.md',
    objective: 'Totals match the 2025 ledger to the cent',
    oracle: 'npm test -- totals',
    status: 'active',
    results: [],
  });
  expect(status.next_step).toBe('run `npm test -- totals` to get a first result');
});

test('read_note returns a note, secrets masked', async () => {
  const note = await call('read_note', { path: 'projects/invoice-cli.md' });
  expect(note.isError).toBe(false);
  expect(note.text).toContain('## Decisions');
  expect(note.text).toContain(DECISION);
  const deploy = await call('read_note', { path: 'notes/deploy.md' });
  expect(deploy.text).toContain('[REDACTED:');
  expect(deploy.text).not.toContain(SECRET);
});

test.each([
  ['../outside.md', "'..' would leave the vault"],
  ['notes/../../outside.md', "'..' would leave the vault"],
  [`${'/'}etc/passwd`, 'absolute paths are not vault paths'],
  ['C:\\Windows\\win.ini', 'drive letters'],
  ['notes/escape.md', 'outside the vault through a symbolic link'],
  ['notes/escape-dir/outside.md', 'outside the vault through a symbolic link'],
  ['.codex-memory/ledger.json', 'only markdown notes'],
  ['.obsidian/plugins/codex-memory/notes.md', 'hidden and program folders'],
  ['notes/secrets.md', 'memory: never'],
  ['notes/no-such-note.md', 'No note at notes/no-such-note.md'],
])('read_note refuses %j', async (p, why) => {
  const res = await call('read_note', { path: p });
  expect(res.isError).toBe(true);
  expect(res.text).toContain(why);
  expect(res.text).not.toContain('private text outside the vault');
});

test('remember writes a proposal into the inbox, never into notes, under a safe name', async () => {
  const before = await fs.readFile(path.join(fx.vault, 'projects/invoice-cli.md'), 'utf8');
  const res = await call('remember', {
    text: `../../projects/invoice-cli: the CHF test uses token = "${SECRET}"`,
    kind: 'todo',
    subject: 'invoice-cli',
  });
  expect(res.isError).toBe(false);
  const saved = /Saved as a proposal for the user to review: (.+?\.md)/.exec(res.text)?.[1];
  expect(saved).toMatch(/^agent\/inbox\/\d{4}-\d\d-\d\d \d{6} projects invoice-cli the CHF test uses token\.md$/);
  expect(res.text).toContain('1 secret masked');
  const text = await fs.readFile(path.join(fx.vault, saved!), 'utf8');
  expect(text).toMatch(/^---\ntype: proposal\nsource: mcp remember\nkind: todo\nsubject: invoice-cli\n/);
  expect(text).toContain('the CHF test uses token');
  expect(text).not.toContain(SECRET);
  expect(await fs.readFile(path.join(fx.vault, 'projects/invoice-cli.md'), 'utf8')).toBe(before);
  // A proposal is not memory until reviewed: it is not searchable nor injected.
  const search = await call('search_memory', { query: 'CHF test uses token' });
  expect(search.text).not.toContain(saved!);
});

test('bad arguments are tool errors, and the server keeps serving', async () => {
  const res = (await client.callTool({ name: 'search_memory', arguments: { query: 42 } })) as ToolResult;
  expect(res.isError).toBe(true);
  const empty = await call('remember', { text: '   ' });
  expect(empty.isError).toBe(true);
  expect(empty.text).toContain('text is empty');
  expect((await call('search_memory', { query: 'Jonas' })).text).toContain('people/Jonas.md');
});

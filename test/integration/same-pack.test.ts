/** @jest-environment ./test/support/obsidian-environment.cjs */
// What a person previews is what Codex receives: for the same vault, task and folder, the text of
// `codex-memory context --json`, of MCP `get_context`, of Obsidian's CLI verb `codex-memory:context` (the built CLI, driven by the real SDK client over
// stdio, in a child process) and of the plugin's context preview (over obsidian-test-mocks) are the same, byte for byte,
// with full-text search alone and with embeddings from a real local server fused in. The preview counts
// tokens the way the released main.js does: through the shim that loads the built lazy.js (the same swap
// esbuild.config.mjs makes), so the pack a person sees from the released plugin is what is tested.
import '../plugin/support/use-node-request-url';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { requireBuiltCli } from '../support/child-cli';
import { openContextPreview } from '../plugin/support/plugin-harness';
import { FileSystemAdapter } from 'obsidian';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server';

// The swap esbuild.config.mjs makes for main.js: the counter comes from lazy.js in the plugin's folder.
jest.mock('gpt-tokenizer/encoding/o200k_base', () => jest.requireActual<object>('../../src/obsidian/lazy/o200k'));

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

// Three projects whose words overlap ("migration", "deploy", "tests"), people, preferences, a pinned note,
// one never-note and a superseded decision: enough for scope, ranking and exclusions all to matter.
function vaultFiles(repo: string): Record<string, string> {
  return {
    'agent/preferences.md':
      '---\ntype: preferences\nupdated: 2026-11-01\n---\n# Agent preferences\n\n- Keep commit messages short and in the imperative. ^cm-p1\n- Run the tests before every commit. ^cm-p2\n',
    'projects/harbor.md': `---\ntype: project\nrepo:\n  - ${repo}\nstatus: active\nupdated: 2026-11-20\n---\n# harbor\n\n## Status\n\n- The schema migration to v3 is half done: tables moved, indexes not yet. ^cm-h1\n\n## Decisions\n\n- Deploy with blue-green switches behind the load balancer. ^cm-h2\n- Migrations run with \`make migrate\`, never by hand. ^cm-h3\n\n## Superseded\n\n- Deploy by restarting the pods in place. ^cm-h4\n`,
    'projects/lighthouse.md':
      '---\ntype: project\nrepo:\n  - /srv/checkouts/lighthouse\nupdated: 2026-11-18\n---\n# lighthouse\n\n## Decisions\n\n- Deploy on Fridays is forbidden for lighthouse. ^cm-l1\n- The migration tests use a throwaway Postgres in Docker. ^cm-l2\n',
    'projects/orchard.md':
      '---\ntype: project\nrepo:\n  - /srv/checkouts/orchard\nupdated: 2026-10-02\n---\n# orchard\n\n## Status\n\n- Tests are flaky on the image upload path. ^cm-o1\n',
    'people/Ines Duarte.md':
      '---\ntype: person\nupdated: 2026-11-10\naliases: [Ines]\n---\n# Ines Duarte\n\n- Owns the harbor database; reviews every schema migration. ^cm-i1\n',
    'notes/Migration runbook.md':
      '---\ntype: topic\nupdated: 2026-11-15\n---\n# Migration runbook\n\n- For [[projects/harbor]]: take a snapshot before each schema migration step. ^cm-r1\n',
    'notes/Private.md': '---\nmemory: never\nupdated: 2026-11-15\n---\n# Private\n\n- The harbor migration password is in the safe. ^cm-x1\n',
    'TODO.md':
      '---\nupdated: 2026-11-21\n---\n# TODO\n\n## harbor\n\n- [ ] Add the missing indexes for the v3 migration ^cm-t1\n- [x] Move the tables ^cm-t2\n\n## lighthouse\n\n- [ ] Retry failed deploys once ^cm-t3\n',
  };
}

const run$ = promisify(execFile);
const TASK = 'finish the schema migration and deploy it';

let dir: string;
let vault: string;
let repo: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-same-pack-'));
  vault = path.join(dir, 'vault');
  repo = path.join(dir, 'src', 'harbor');
  await fs.mkdir(repo, { recursive: true });
  for (const [rel, text] of Object.entries(vaultFiles(repo))) {
    await fs.mkdir(path.dirname(path.join(vault, rel)), { recursive: true });
    await fs.writeFile(path.join(vault, rel), text);
  }
  await run$(process.execPath, [path.resolve(__dirname, '../../scripts/install-plugin.mjs'), '--vault', vault]);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The token count each reported for its pack: the budget is spent by the same counter in both. */
const counted = { cli: -1, preview: -2 };

/** The built CLI, as a person runs it (a child process: this file's environment is a browser's). */
async function cliText(): Promise<string> {
  // Asynchronously: the embeddings server answers from this process.
  const run = await run$(process.execPath, [requireBuiltCli(), 'context', TASK, '--vault', vault, '--cwd', repo, '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH },
  });
  expect(run.stderr).toBe('');
  const pack = JSON.parse(run.stdout) as { text: string; tokens: number };
  counted.cli = pack.tokens;
  return pack.text;
}

/**
 * The real SDK client over stdio, run in a child Node process: this file runs in Obsidian's (browser-like)
 * test environment, whose timers the SDK's stdio transport cannot use.
 */
async function mcpText(): Promise<string> {
  const script = `
    const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');
    const [cli, vault, cwd, task, repo] = process.argv.slice(1);
    (async () => {
      const client = new Client({ name: 'codex-memory-test', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--vault', vault], cwd, stderr: 'pipe' }));
      const res = await client.callTool({ name: 'get_context', arguments: { task, cwd: repo } });
      process.stdout.write(JSON.stringify(res.content.map((c) => c.text).join('\\n')));
      await client.close();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const run = await run$(process.execPath, ['-e', script, requireBuiltCli(), vault, dir, TASK, repo], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH },
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as string;
}

async function previewText(settings: Record<string, unknown>): Promise<string> {
  // The plugin as released: `npm run install-plugin` put main.js and lazy.js in the vault's plugin folder.
  jest.spyOn(FileSystemAdapter.prototype, 'getBasePath').mockReturnValue(vault);
  const { modal } = await openContextPreview(settings, vaultFiles(repo), TASK, 'projects/harbor.md');
  if (!modal.current) throw new Error(modal.contentEl.textContent ?? 'no preview');
  counted.preview = modal.current.tokens;
  return modal.current.text;
}

/** `obsidian codex-memory:context task=… cwd=…`: the verb the plugin registers with Obsidian's CLI. */
async function obsidianCliText(settings: Record<string, unknown>): Promise<string> {
  jest.spyOn(FileSystemAdapter.prototype, 'getBasePath').mockReturnValue(vault);
  const { h } = await openContextPreview(settings, vaultFiles(repo), TASK, 'projects/harbor.md');
  const handler = (h.mock as unknown as { cliHandlers__: Map<string, (p: Record<string, string>) => Promise<string>> }).cliHandlers__.get(
    'codex-memory:context',
  )!;
  return handler({ task: TASK, cwd: repo });
}

async function useSettings(settings: Record<string, unknown>): Promise<void> {
  // The CLI and the MCP server read the plugin's data.json in the vault, as they do for a person.
  const file = path.join(vault, '.obsidian', 'plugins', 'codex-memory', 'data.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(settings));
  await fs.rm(path.join(vault, '.codex-memory', 'recall', 'embeddings.json'), { force: true });
}

let server: OpenAIServer | undefined;
afterEach(async () => server?.close());

test('the CLI, the MCP server and the plugin preview give the same pack, byte for byte', async () => {
  await useSettings({});
  const [cli, mcp, preview] = [await cliText(), await mcpText(), await previewText({})];
  // The pack is a real one: the project's own notes, and none of what must stay out.
  expect(cli).toContain('[[projects/harbor]]');
  expect(cli).toContain('Add the missing indexes');
  expect(cli).toContain('snapshot before each schema migration');
  expect(cli).not.toMatch(/safe|restarting the pods|Move the tables/);
  expect(mcp).toBe(cli);
  expect(preview).toBe(cli);
  expect(counted.preview).toBe(counted.cli);
  expect(await obsidianCliText({})).toBe(cli);
}, 60_000);

test('with embeddings on, all three fuse the same vectors from the endpoint and still agree', async () => {
  server = await startOpenAIServer();
  const settings = { embeddings: true, openaiBaseUrl: server.url, embeddingsModel: 'test-embedding' };
  await useSettings(settings);
  const cli = await cliText();
  const afterCli = server.requests.filter((r) => r.path.endsWith('/embeddings')).length;
  const mcp = await mcpText();
  const afterMcp = server.requests.filter((r) => r.path.endsWith('/embeddings')).length;
  const preview = await previewText(settings);
  const afterPreview = server.requests.filter((r) => r.path.endsWith('/embeddings')).length;
  // Each of them asked the endpoint (for the task at least): the preview is not a full-text-only stand-in.
  expect(afterCli).toBeGreaterThan(0);
  expect(afterMcp).toBeGreaterThan(afterCli);
  expect(afterPreview).toBeGreaterThan(afterMcp);
  expect(mcp).toBe(cli);
  expect(preview).toBe(cli);
}, 60_000);

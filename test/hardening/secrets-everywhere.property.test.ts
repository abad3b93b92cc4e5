// Case 1c: planted secrets never appear in any output path. fast-check generates secrets of every kind the filter
// knows (vendor keys, tokens, JWTs, passwords in assignments, credentials in URLs) and plants them in random
// fields of a rollout. Then everything a person or a program can get out is collected and searched: the notes
// and every state file written by checkpoint (--yes and --dry-run, text and JSON), the `session(s)` output, the
// request bodies the model server recorded, the hooks' output, queue and log, `context` and `search` (with the
// secret in the query too) and, over the accumulated vault, every MCP tool's answers (built CLI, SDK client).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { answerJson } from '../core/distill/helpers/answers';
import { requireBuiltCli } from '../support/child-cli';
import { runCliCaptured } from '../support/cli';
import { sessionStartBody, stopBody } from '../support/delivery-vault';
import { reply, startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { readTree, tempDir } from '../support/vault-files';

jest.setTimeout(180_000);

interface Secret {
  /** As planted. */
  text: string;
  /** A part that must never be seen again (the secret itself, without its well-known prefix). */
  core: string;
}

const alnum = (n: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`));
// Each body ends in digits and letters both, so no generated value is mistaken for a placeholder or a word.
const mixed = (n: number) => fc.tuple(alnum(n), fc.integer({ min: 10, max: 99 })).map(([s, d]) => `${s}${d}Qz`);
const secret: fc.Arbitrary<Secret> = fc.oneof(
  mixed(28).map((b) => ({ text: `sk-proj-${b}`, core: b })),
  mixed(34).map((b) => ({ text: `ghp_${b}`, core: b })),
  fc.stringMatching(/^[A-Z0-9]{16}$/).map((b) => ({ text: `AKIA${b}`, core: `AKIA${b}` })),
  mixed(24).map((b) => ({ text: `xoxb-2873641902-${b}`, core: b })),
  mixed(22).map((b) => ({ text: `sk_live_${b}`, core: b })),
  mixed(32).map((b) => ({ text: `npm_${b}`, core: b })),
  fc.tuple(mixed(12), mixed(14), mixed(20)).map(([a, b, c]) => ({ text: `eyJ${a}.eyJ${b}.${c}`, core: b })),
  mixed(14).map((b) => ({ text: `DB_PASSWORD=${b}`, core: b })),
  mixed(14).map((b) => ({ text: `postgres://ledger:${b}@db.internal:5432/ledger`, core: b })),
  mixed(20).map((b) => ({ text: `Authorization: Bearer ${b}`, core: b })),
);

const FIELDS = ['prompt', 'todo', 'person', 'answer', 'toolInput', 'toolOutput', 'search', 'reasoning', 'remote', 'name', 'compaction'] as const;
type Field = (typeof FIELDS)[number];
const planting = fc.record({
  secrets: fc.array(secret, { minLength: 1, maxLength: 4 }),
  fields: fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 3, maxLength: FIELDS.length }),
});

let root: string;
let home: string;
let vault: string;
let server: OpenAIServer;
let runs = 0;
const everySecret: Secret[] = [];

function rolloutFor(id: string, at: string, put: (f: Field) => string): string {
  let t = Date.parse(at);
  const lines: string[] = [];
  const push = (type: string, payload: unknown) => lines.push(JSON.stringify({ timestamp: new Date((t += 1000)).toISOString(), type, payload }));
  push('session_meta', {
    id,
    timestamp: at,
    cwd: '/home/ana/src/tidepool',
    git: {
      branch: 'main',
      commit_hash: '0123456789abcdef0123456789abcdef01234567',
      repository_url: `https://ana:${put('remote') || 'x'}@github.com/ana-lind/tidepool.git`,
    },
  });
  push('event_msg', { type: 'task_started', turn_id: 't1' });
  push('turn_context', { turn_id: 't1', cwd: '/home/ana/src/tidepool', model: 'gpt-5.5' });
  push('response_item', {
    type: 'message',
    role: 'user',
    content: [
      {
        type: 'input_text',
        text:
          `We decided to deploy the tide service with ${put('prompt')} from now on. TODO: rotate ${put('todo')} after the demo. ` +
          `I will ask Kofi about ${put('person')} tomorrow. I prefer that you keep ${put('prompt')} out of logs.`,
      },
    ],
  });
  push('response_item', {
    type: 'reasoning',
    summary: [{ type: 'summary_text', text: `Checking ${put('reasoning')}` }],
    encrypted_content: 'gAAAAAB',
  });
  push('response_item', {
    type: 'function_call',
    name: 'exec_command',
    arguments: JSON.stringify({ cmd: `deploy --key ${put('toolInput')}` }),
    call_id: 'c1',
  });
  push('response_item', { type: 'function_call_output', call_id: 'c1', output: `Process exited with code 0\nOutput:\nusing ${put('toolOutput')}\n` });
  push('response_item', { type: 'web_search_call', status: 'completed', action: { type: 'search', query: `rotate ${put('search')}` } });
  push('response_item', {
    type: 'message',
    role: 'assistant',
    content: [{ type: 'output_text', text: `Deployed the tide service with ${put('answer')}; rotating it is left as a TODO.` }],
    phase: 'final_answer',
  });
  push('event_msg', { type: 'task_complete', turn_id: 't1' });
  push('event_msg', { type: 'thread_name_updated', thread_name: `Deploy with ${put('name')}` });
  push('compacted', { message: `Summary: deployed with ${put('compaction')}`, replacement_history: [] });
  return lines.join('\n') + '\n';
}

function leaked(text: string, secrets: Secret[]): Secret | undefined {
  return secrets.find((s) => text.includes(s.core));
}

function expectClean(what: string, text: string, secrets: Secret[]): void {
  const s = leaked(text, secrets);
  if (s) throw new Error(`${what} leaked ${s.text}:\n${text.slice(Math.max(0, text.indexOf(s.core) - 300), text.indexOf(s.core) + 100)}`);
}

beforeAll(async () => {
  root = await tempDir('cm-secrets-');
  home = path.join(root, 'codex-home');
  vault = path.join(root, 'vault');
  expect((await runCliCaptured(['init', '--vault', vault])).code).toBe(0);
  // The model answers with what the user said (secrets and all, as a careless model might): its request and
  // its answer both go through the filter.
  server = await startOpenAIServer((req) =>
    reply.chat(answerJson([{ kind: 'decision', text: String(req.body.messages?.[1]?.content ?? '').slice(0, 400), evidence: 'user' }])),
  );
});

afterAll(async () => {
  await server?.close();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

test('a secret planted anywhere in a session comes out nowhere: notes, state, CLI output, model requests, hooks, log', async () => {
  await fc.assert(
    fc.asyncProperty(planting, async ({ secrets, fields }) => {
      runs++;
      everySecret.push(...secrets);
      const id = `0198${String(runs).padStart(4, '0')}-1111-7222-8333-444455556666`;
      const at = `2026-04-${String(1 + (runs % 28)).padStart(2, '0')}T10:00:00.000Z`;
      const put = (f: Field) => (fields.includes(f) ? secrets[FIELDS.indexOf(f) % secrets.length].text : 'the staging config');
      const dir = path.join(home, 'sessions', ...at.slice(0, 10).split('-'));
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `rollout-${at.slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`);
      await fs.writeFile(file, rolloutFor(id, at, put));

      const env = { CODEX_HOME: home, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k', CODEX_MEMORY_MODEL: 'm' };
      const cli = (args: string[], stdin?: string) => runCliCaptured(args, { env, stdin });
      const seen = server.requests.length;
      const outputs = [
        await cli(['checkpoint', file, '--vault', vault, '--dry-run']),
        await cli(['checkpoint', file, '--vault', vault, '--distiller', 'openai', '--dry-run', '--json']),
        await cli(['checkpoint', file, '--vault', vault, '--yes', '--json']),
        await cli(['session', file]),
        await cli(['session', file, '--json']),
        await cli(['sessions', '--json']),
        await cli(['context', `deploy with ${secrets[0].text}`, '--vault', vault, '--cwd', '/home/ana/src/tidepool', '--json']),
        await cli(['search', `rotate ${secrets[0].text}`, '--vault', vault, '--json']),
        await cli(['hook', 'stop', '--vault', vault], stopBody(file, '/home/ana/src/tidepool', 'Stop', id)),
        await cli(['hook', 'session-start', '--vault', vault], sessionStartBody('/home/ana/src/tidepool')),
        // A hook that fails logs why: the reason must not carry a secret either.
        await cli(['hook', 'session-start', '--vault', vault], `{"cwd": "${secrets[0].text}", "hook_event_name": "Stop"`),
      ];
      for (const r of outputs.slice(0, 3)) expect(r.code).toBe(0);
      expect(server.requests.length).toBeGreaterThan(seen);
      for (const [i, r] of outputs.entries()) expectClean(`output #${i + 1}`, `${r.stdout}\n${r.stderr}`, secrets);
      for (const req of server.requests.slice(seen)) expectClean('a model request body', req.raw, secrets);
      for (const [p, text] of Object.entries(await readTree(vault))) expectClean(`vault file ${p}`, text, secrets);
      // Not vacuous: the session did become memory, with its secrets replaced.
      expect(outputs[2].stdout).toMatch(/deploy the tide service/i);
    }),
    { numRuns: 8, seed: Number(process.env.FC_SEED ?? 11), endOnFailure: true },
  );
  expect(runs).toBeGreaterThanOrEqual(8);
  const notes = Object.entries(await readTree(vault))
    .filter(([p]) => p.endsWith('.md'))
    .map(([, t]) => t)
    .join('\n');
  expect(notes).toMatch(/\[REDACTED:[a-z-]+\]/);
});

test('every MCP tool, over the vault all those sessions built, answers without a secret (built CLI, SDK client)', async () => {
  expect(everySecret.length).toBeGreaterThan(0);
  // A note a person wrote with a secret in it: read_note and search mask it too.
  const own = everySecret[0];
  await fs.writeFile(path.join(vault, 'notes/deploy.md'), `# Deploy\n\n- The deploy reads ${own.text} from the environment ^cm-own1\n`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [requireBuiltCli(), 'mcp', '--vault', vault],
    cwd: '/',
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const client = new Client({ name: 'hardening-secrets', version: '1.0.0' });
  await client.connect(transport);
  try {
    type Result = { content: { text: string }[] };
    const call = async (name: string, args: Record<string, unknown>) =>
      ((await client.callTool({ name, arguments: args })) as Result).content.map((c) => c.text).join('\n');
    const answers: string[] = [];
    for (const q of ['deploy tide service', 'rotate', 'Kofi', own.text]) answers.push(await call('search_memory', { query: q, limit: 50 }));
    answers.push(await call('get_context', { task: `deploy with ${own.text}`, cwd: '/home/ana/src/tidepool', budget: 8000 }));
    const notes = Object.keys(await readTree(vault)).filter((p) => p.endsWith('.md') && !p.startsWith('.'));
    for (const p of notes) answers.push(await call('read_note', { path: p }));
    answers.push(await call('remember', { text: `Deploys use ${own.text}`, kind: 'fact', subject: own.text }));
    expect(answers.join('\n')).toContain('[REDACTED:');
    for (const [i, a] of answers.entries()) expectClean(`MCP answer #${i + 1}`, a, everySecret);
    expectClean("the MCP server's stderr", stderr, everySecret);
    for (const [p, text] of Object.entries(await readTree(vault)))
      if (p !== 'notes/deploy.md') expectClean(`vault file ${p} after MCP`, text, everySecret);
  } finally {
    await client.close();
  }
});

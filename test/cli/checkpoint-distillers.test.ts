// `checkpoint --distiller openai|codex`: the model distillers behind the same plan and apply, over the real
// `openai` SDK against a local server on 127.0.0.1 and a stub `codex` on PATH.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { messagesOf, reply, startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { answerJson } from '../core/distill/helpers/answers';
import { exampleRollouts } from '../core/memory/fixtures';

let tmp: string;
let vault: string;
let server: OpenAIServer | undefined;
let first: string;

const PREFERENCE = 'Always run `npm run lint` before committing.';

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-cli-distillers-'));
  vault = path.join(tmp, 'vault');
  await runCliCaptured(['init', '--vault', vault]);
  const prefs = path.join(vault, 'agent', 'preferences.md');
  await fs.appendFile(prefs, `\n- ${PREFERENCE}\n`);
  [first] = await exampleRollouts();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await fs.rm(tmp, { recursive: true, force: true });
});

const ANSWER = answerJson(
  [
    { kind: 'decision', text: 'Cache tide predictions in SQLite, keyed by station and day.', evidence: 'user' },
    { kind: 'preference', text: 'Run the linter before every commit.', evidence: 'user', existing_id: 'E1', existing_relation: 'known' },
    { kind: 'person', text: 'Kofi reviews changes to the cache.', subject_type: 'person', subject_name: 'Kofi', evidence: 'user' },
  ],
  'SQLite cache for tide predictions',
  'Added a SQLite cache in front of the NOAA API.',
);

test("--distiller openai: the model is shown the vault's memory, and what it says is known is not written again", async () => {
  server = await startOpenAIServer([reply.chat(ANSWER)]);
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key', CODEX_MEMORY_MODEL: 'test-model' };
  const r = await runCliCaptured(['checkpoint', first, '--vault', vault, '--distiller', 'openai', '--yes', '--json'], { env });
  expect(r.code).toBe(0);
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0].headers.authorization).toBe('Bearer test-key');
  expect(
    messagesOf(server.requests[0])
      .map((m) => m.content)
      .join('\n'),
  ).toContain(PREFERENCE);

  const out = JSON.parse(r.stdout);
  expect(out.distiller).toBe('openai');
  expect(out.note).toBe('agent/sessions/2026-03-02 SQLite cache for tide predictions.md');
  expect(out.changes).toContainEqual(
    expect.objectContaining({ op: 'noop', path: 'agent/preferences.md', reason: expect.stringMatching(/^already known \(line \d+\)$/) }),
  );
  const project = await fs.readFile(path.join(vault, 'projects', 'tidepool.md'), 'utf8');
  expect(project).toMatch(/^- Cache tide predictions in SQLite, keyed by station and day\. \^cm-[0-9a-z]{8}$/m);
  expect(await fs.readFile(path.join(vault, 'people', 'Kofi.md'), 'utf8')).toContain('- Kofi reviews changes to the cache. ^cm-');
  expect((await fs.readFile(path.join(vault, 'agent', 'preferences.md'), 'utf8')).match(/lint/g)).toHaveLength(1);
});

test('--distiller openai: a refused key is one clear line, and nothing is written', async () => {
  server = await startOpenAIServer([reply.error(401, 'Incorrect API key provided')]);
  const before = await fs.readdir(vault, { recursive: true });
  const r = await runCliCaptured(['checkpoint', first, '--vault', vault, '--distiller', 'openai', '--yes'], {
    env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'wrong', CODEX_MEMORY_MODEL: 'test-model' },
  });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^codex-memory checkpoint: .*(401|refused|key).*Nothing was written\.$/m);
  expect(await fs.readdir(vault, { recursive: true })).toEqual(before);
});

test("--distiller codex: the user's own `codex exec` distils the session (no key needed)", async () => {
  const script = path.join(tmp, 'script.json');
  const log = path.join(tmp, 'codex.log');
  await fs.writeFile(script, JSON.stringify([{ lastMessage: ANSWER }]));
  const stubDir = path.resolve(__dirname, '../support/stub-codex');
  const r = await runCliCaptured(['checkpoint', first, '--vault', vault, '--distiller', 'codex', '--yes', '--json'], {
    env: { PATH: `${stubDir}${path.delimiter}${process.env.PATH ?? ''}`, STUB_CODEX_SCRIPT: script, STUB_CODEX_LOG: log },
  });
  expect(r.code).toBe(0);
  const calls = (await fs.readFile(log, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { argv: string[] });
  expect(calls).toHaveLength(1);
  expect(calls[0].argv).toEqual(expect.arrayContaining(['exec', '--ephemeral', '--output-schema']));
  expect(JSON.parse(r.stdout).distiller).toBe('codex');
  expect(await fs.readFile(path.join(vault, 'people', 'Kofi.md'), 'utf8')).toContain('Kofi reviews changes to the cache.');
});

test('a slow run reports its progress on stderr, and only there', async () => {
  server = await startOpenAIServer([{ ...reply.chat(ANSWER), delayMs: 1800 }]);
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key', CODEX_MEMORY_MODEL: 'test-model' };
  const r = await runCliCaptured(['checkpoint', first, '--vault', vault, '--distiller', 'openai', '--yes', '--json'], { env });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('codex-memory: planning note changes\n');
  expect(r.stderr).toMatch(/codex-memory: writing \d+ notes\n/);
  expect(JSON.parse(r.stdout).checkpoint).toEqual(expect.any(String));
});

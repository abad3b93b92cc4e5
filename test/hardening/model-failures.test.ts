// Case 5: the model server misbehaves. `checkpoint --distiller openai --yes` runs with the real `openai` SDK over
// real HTTP against test/support/openai-server.ts on 127.0.0.1. Every failure is one clear line, exit 1, after a
// bounded number of requests, and not one byte of the vault changes; an answer that succeeds but names paths
// outside the vault or smuggles frontmatter fences, headings and block ids writes only safe, well-formed notes.
// The CLI runs in-process (same code as the built CLI; one case runs the built CLI to show they agree) so the
// per-request timeout can be made short for the timeout cases instead of waiting two minutes each.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { OPENAI_DEFAULTS } from '../../src/core/distill/openai';
import { tryParseNote } from '../../src/core/notes';
import { answerJson } from '../core/distill/helpers/answers';
import { exampleRollouts, EXAMPLES, writeRollout } from '../core/memory/fixtures';
import { runBuiltCli, requireBuiltCli } from '../support/child-cli';
import { runCliCaptured } from '../support/cli';
import { stderrProblems } from '../support/stderr-lines';
import { reply, startOpenAIServer, type OpenAIServer, type Reply, type Script } from '../support/openai-server';
import { copyTree, readTree, tempDir } from '../support/vault-files';

jest.setTimeout(120_000);

let root: string;
let afterA: string;
let b: string;
const saved = { ...OPENAI_DEFAULTS };

const GOOD = answerJson(
  [{ kind: 'decision', text: 'Switch the cache to plain JSON files under ~/.cache/tidepool.', evidence: 'user' }],
  'JSON cache',
  'Moved the cache to JSON files.',
);

beforeAll(async () => {
  root = await tempDir('cm-model-');
  const [a, b2] = await exampleRollouts();
  b = b2;
  afterA = path.join(root, 'after-a');
  expect((await runCliCaptured(['init', '--vault', afterA])).code).toBe(0);
  expect((await runCliCaptured(['checkpoint', a, '--vault', afterA, '--yes'])).code).toBe(0);
  // Short waits, so a timeout or a back-off costs a fraction of a second; the attempt count is the real one.
  OPENAI_DEFAULTS.timeoutMs = 400;
  OPENAI_DEFAULTS.backoffBaseMs = 20;
  OPENAI_DEFAULTS.backoffMaxMs = 100;
});

afterAll(async () => {
  OPENAI_DEFAULTS.timeoutMs = saved.timeoutMs;
  OPENAI_DEFAULTS.backoffBaseMs = saved.backoffBaseMs;
  OPENAI_DEFAULTS.backoffMaxMs = saved.backoffMaxMs;
  if (root) await fs.rm(root, { recursive: true, force: true });
});

async function checkpointAgainst(script: Script, name: string, rollout = b) {
  const server: OpenAIServer = await startOpenAIServer(script);
  const vault = path.join(root, name.replace(/\W+/g, '-'));
  await copyTree(afterA, vault);
  const before = await readTree(vault);
  try {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-key-not-secret', CODEX_MEMORY_MODEL: 'test-model', CODEX_HOME: EXAMPLES };
    const r = await runCliCaptured(['checkpoint', rollout, '--vault', vault, '--distiller', 'openai', '--yes'], { env });
    return { ...r, requests: server.requests.length, vault, before, after: await readTree(vault) };
  } finally {
    await server.close();
  }
}

const always =
  (r: Reply): Script =>
  () =>
    r;
const HTML = { status: 200, headers: { 'content-type': 'text/html' }, text: '<!doctype html><title>Login</title>' };

describe('failures: one clear line, bounded requests, the vault untouched', () => {
  test.each<[string, Script, RegExp, number]>([
    ['401', always(reply.error(401, 'Incorrect API key provided')), /refused the API key \(HTTP 401\)\. Check OPENAI_API_KEY/, 1],
    [
      '429 asking for an hour',
      always(reply.error(429, 'slow down', { 'retry-after': '3600' })),
      /rate limiting requests \(HTTP 429\).*3600|rate limiting requests \(HTTP 429\).*(hour|60 min|wait)/i,
      1,
    ],
    ['429 every time', always(reply.error(429, 'slow down', { 'retry-after': '0' })), /rate limiting requests \(HTTP 429\)/, 3],
    ['500 every time', always(reply.error(500, 'upstream exploded')), /failed \(HTTP 500\): upstream exploded/, 3],
    ['no answer at all (timeout)', always({ fault: 'hang' }), /did not answer within 400 ms/, 3],
    ['headers, then silence (timeout)', always({ ...reply.chat(GOOD), fault: 'stall-mid-body' }), /did not answer within 400 ms/, 3],
    ['connection reset before the answer', always({ fault: 'reset-before-headers' }), /Could not reach the model server|dropped mid-answer/, 3],
    ['connection reset mid-answer', always({ ...reply.chat(GOOD), fault: 'reset-mid-body' }), /dropped mid-answer/, 3],
    ['an HTML page instead of JSON', always(HTML), /not JSON|not .*OpenAI-compatible/, 1],
    ['JSON that is not a chat completion', always({ json: { hello: 'world' } }), /did not answer with a chat completion/, 1],
    [
      'an answer that breaks the schema, twice',
      always(reply.chat(JSON.stringify({ title: 'x', items: [{ kind: 'prophecy', text: 'y' }] }))),
      /items\.0\.kind|schema|invalid/i,
      2,
    ],
    ['an answer that is not JSON, twice', always(reply.chat('Sure! Here are the learnings: decision, todo.')), /not JSON/, 2],
  ])('%s', async (name, script, message, requests) => {
    const r = await checkpointAgainst(script, name);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    const said = stderrProblems(r.stderr);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^codex-memory checkpoint: /);
    expect(said[0]).toMatch(message);
    expect(said[0]).toMatch(/Nothing was written\.$/);
    expect(r.requests).toBe(requests);
    expect(r.after).toEqual(r.before);
  });

  test('the built CLI says the same, and also writes nothing', async () => {
    requireBuiltCli();
    const server = await startOpenAIServer(always(reply.error(503, 'overloaded')));
    const vault = path.join(root, 'built-503');
    await copyTree(afterA, vault);
    const before = await readTree(vault);
    try {
      const r = await runBuiltCli(['checkpoint', b, '--vault', vault, '--distiller', 'openai', '--yes'], {
        env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k', CODEX_MEMORY_MODEL: 'm', CODEX_HOME: EXAMPLES },
      });
      expect(r.code).toBe(1);
      expect(stderrProblems(r.stderr)).toEqual([
        expect.stringMatching(
          /^codex-memory checkpoint: The model server at .* failed \(HTTP 503\): overloaded\. Gave up after 3 attempts\. Nothing was written\.$/,
        ),
      ]);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
    expect(await readTree(vault)).toEqual(before);
  });
});

describe('recoverable failures: bounded retries, then the checkpoint is written', () => {
  test('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
    const at: number[] = [];
    const r = await checkpointAgainst(
      [(req) => (at.push(Date.now()), reply.error(429, 'slow down', { 'retry-after': '1' })), () => (at.push(Date.now()), reply.chat(GOOD))],
      '429 then ok',
    );
    expect(r.code).toBe(0);
    expect(r.requests).toBe(2);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(950);
    expect(r.after['projects/tidepool.md']).toContain('Switch the cache to plain JSON files under ~/.cache/tidepool.');
  });

  test.each<[string, Reply]>([
    ['500', reply.error(500, 'blip')],
    ['a reset mid-answer', { ...reply.chat(GOOD), fault: 'reset-mid-body' }],
    ['a timeout', { fault: 'hang' }],
  ])('one %s, then an answer: written once', async (_name, first) => {
    const r = await checkpointAgainst([first, reply.chat(GOOD)], `once ${_name}`);
    expect(r.code).toBe(0);
    expect(r.requests).toBe(2);
    expect(r.after['projects/tidepool.md'].match(/Switch the cache to plain JSON files/g)).toHaveLength(1);
  });
});

describe('an answer that succeeds but is hostile: only safe, well-formed notes', () => {
  test('paths out of the vault, frontmatter fences, headings and block ids in the text', async () => {
    // The user really said these things, so the items are grounded and --yes applies them.
    const said =
      'We decided the config header is ---\ntype: hacked\nmemory: pin\n--- and # Injected heading ^cm-fake123 stays. ' +
      'I will ask ../../../etc/passwd to review it. Note the [[../../outside]] link.';
    const home = path.join(root, 'hostile-home');
    const rollout = await writeRollout(home, {
      id: '0196ff00-1111-7222-8333-444455556666',
      start: '2026-03-05T10:00:00.000Z',
      cwd: '/home/ana/src/tidepool',
      turns: [{ user: said, answer: 'Done.' }],
    });
    const answer = answerJson(
      [
        {
          kind: 'decision',
          text: 'We decided the config header is ---\ntype: hacked\nmemory: pin\n--- and # Injected heading ^cm-fake123 stays.',
          evidence: 'user',
        },
        {
          kind: 'person',
          text: 'I will ask ../../../etc/passwd to review it.',
          subject_type: 'person',
          subject_name: '../../../etc/passwd',
          evidence: 'user',
        },
        {
          kind: 'fact',
          text: 'Note the [[../../outside]] link.',
          subject_type: 'topic',
          subject_name: '..\\..\\Windows\\System32\\drivers',
          evidence: 'user',
        },
      ],
      '../../../../tmp/evil\n---\ntype: hacked',
      'Summary with a fence\n---\nmemory: pin\n---',
    );
    const parentBefore = await fs.readdir(root);
    const r = await checkpointAgainst([reply.chat(answer)], 'hostile answer', rollout);
    expect([r.code, stderrProblems(r.stderr)]).toEqual([0, []]);
    // Nothing appeared beside the vault (its own folder is the only new entry).
    expect((await fs.readdir(root)).filter((f) => !parentBefore.includes(f))).toEqual([path.basename(r.vault)]);

    const written = Object.entries(r.after).filter(([p, t]) => p.endsWith('.md') && !p.startsWith('.') && r.before[p] !== t);
    expect(written.length).toBeGreaterThanOrEqual(2);
    // The person and topic the model named by paths became plainly named notes in their folders.
    expect(written.map(([p]) => p)).toEqual(expect.arrayContaining(['people/etc passwd.md', 'notes/Windows System32 drivers.md']));
    for (const [p, text] of written) {
      expect(p).not.toMatch(/(^|\/)\.\.(\/|$)|\\|^\/|passwd\//);
      const parsed = tryParseNote(p, text);
      expect([p, parsed.ok]).toEqual([p, true]);
      if (!parsed.ok) continue;
      const fm = parsed.note.frontmatter?.data ?? {};
      // No key the model tried to plant, and a type the program chose.
      expect([
        p,
        'hacked' in fm,
        fm.type === 'hacked',
        r.before[p] ? fm.memory === r.before[p].match(/^memory: (\w+)$/m)?.[1] || fm.memory === undefined : fm.memory !== 'pin',
      ]).toEqual([p, false, false, true]);
      // The body holds no second frontmatter block and no heading the model made up.
      expect(parsed.note.body).not.toMatch(/^---$/m);
      expect(parsed.note.body).not.toMatch(/^#+ Injected heading/m);
      expect(parsed.note.body.match(/\^cm-fake123\s*$/m)).toBeNull();
    }
  });
});

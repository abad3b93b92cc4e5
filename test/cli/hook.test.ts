// The Codex hooks as Codex runs them: the built CLI as a child process, JSON on stdin, stdout read back.
// Every failure must look the same to Codex: exit 0, nothing on stdout, one line in .codex-memory/log.
import { CITE_ASK } from '../../src/core/delivery/hook-output';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { DISTILLING_ENV } from '../../src/core/delivery/hook-input';
import { readQueue } from '../../src/core/delivery/queue';
import { PACK_HEADER } from '../../src/core/recall';
import { COLD_INLINE_MAX_NOTES } from '../../src/node/session-start-hook';
import { runCliCaptured } from '../support/cli';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { DECISION, NEVER, SUPERSEDED, TODO, makeDeliveryFixture, sessionStartBody, stopBody, type DeliveryFixture } from '../support/delivery-vault';

const THREAD = '019a2018-e000-7000-8000-00000000001e';
let fx: DeliveryFixture;

beforeAll(() => requireBuiltCli());
beforeEach(async () => {
  fx = await makeDeliveryFixture('cm-hook-');
});
afterEach(async () => fx.cleanup());

const log = (vault: string) => fs.readFile(path.join(vault, '.codex-memory', 'log'), 'utf8').catch(() => '');
const queue = async (vault: string) => readQueue(await fs.readFile(path.join(vault, '.codex-memory', 'queue.jsonl'), 'utf8').catch(() => null));

describe('hook session-start (built CLI, as Codex runs it)', () => {
  test("prints the body Codex expects, with the project's decisions and TODOs and nothing it must not see", async () => {
    const res = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo), cwd: '/' });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const body = JSON.parse(res.stdout);
    expect(Object.keys(body)).toEqual(['hookSpecificOutput']);
    expect(body.hookSpecificOutput.hookEventName).toBe('SessionStart');
    const ctx: string = body.hookSpecificOutput.additionalContext;
    expect(ctx.startsWith(PACK_HEADER)).toBe(true);
    expect(ctx).toContain(DECISION);
    expect(ctx).toContain(TODO);
    expect(ctx).toContain('Answer in English');
    expect(ctx).toContain('Jonas');
    expect(ctx).not.toContain(NEVER);
    expect(ctx).not.toContain(SUPERSEDED);
    expect(countTokens(ctx)).toBeLessThanOrEqual(2000);

    const warm = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    expect(warm.stdout).toBe(res.stdout);
  });

  test('a configured budget above what Codex takes whole is capped at 2,400 tokens', async () => {
    const data = path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ version: 1, contextBudget: 50000 }));
    const big = Array.from({ length: 400 }, (_, i) => `- Decision ${i}: invoice rounding rule number ${i} for currency ${i} ^cm-big${i}`).join('\n');
    await fs.appendFile(path.join(fx.vault, 'projects/invoice-cli.md'), `\n## More decisions\n${big}\n`);
    const res = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    const ctx = JSON.parse(res.stdout).hookSpecificOutput.additionalContext;
    expect(countTokens(ctx)).toBeLessThanOrEqual(2400);
    expect(countTokens(ctx)).toBeGreaterThan(2000);
  });

  test('hook warm (what a session start that ran out of time starts) leaves the pack ready for the next session', async () => {
    const warm = await runBuiltCli(['hook', 'warm', '--vault', fx.vault, '--cwd', fx.repo]);
    expect(warm).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const cache = JSON.parse(await fs.readFile(path.join(fx.vault, '.codex-memory/recall/packs.json'), 'utf8'));
    expect(cache).toHaveLength(1);
    expect(cache[0].key).toContain(fx.repo);
    expect(cache[0].pack.text).toContain(DECISION);
    const start = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    // The pack as warmed, then the ask to cite the notes used (src/core/delivery/hook-output.ts).
    expect(JSON.parse(start.stdout).hookSpecificOutput.additionalContext).toBe(`${cache[0].pack.text}\n${CITE_ASK}`);
  });

  test('a large vault without an index: the first session gets its project, TODOs and pins at once; the full index is built in the background for the next', async () => {
    // `init` builds the index ahead; this is a vault whose index was never built (or was deleted).
    await fs.rm(path.join(fx.vault, '.codex-memory/recall'), { recursive: true, force: true });
    await fs.mkdir(path.join(fx.vault, 'notes/bulk'), { recursive: true });
    await Promise.all(
      Array.from({ length: COLD_INLINE_MAX_NOTES }, (_, i) =>
        fs.writeFile(path.join(fx.vault, `notes/bulk/n${i}.md`), `# Note ${i}\n\n- fact number ${i} about widgets ^cm-b${i}\n`),
      ),
    );
    await fs.writeFile(
      path.join(fx.vault, 'notes/bulk/pinned.md'),
      '---\nmemory: pin\nscope: global\n---\n# Pinned\n\n- Never push on Fridays ^cm-pin1\n',
    );
    const first = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const quick: string = JSON.parse(first.stdout).hookSpecificOutput.additionalContext;
    for (const line of [DECISION, TODO, 'Answer in English', 'Never push on Fridays']) expect(quick).toContain(line);
    expect(quick).not.toContain('about widgets');
    expect(await log(fx.vault)).toContain('no index yet; this session gets its project note, open TODOs and pinned notes');
    // The next session, once the background build is done, gets the full pack (the linked person too).
    let next = { ...first, stdout: '' };
    for (let i = 0; i < 120 && !next.stdout.includes('Jonas'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (
        await fs.access(path.join(fx.vault, '.codex-memory/warm.lock')).then(
          () => true,
          () => false,
        )
      )
        continue;
      next = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    }
    expect(JSON.parse(next.stdout).hookSpecificOutput.additionalContext).toContain('Jonas');
  });

  test('init on a large vault builds the index ahead: the first session gets the full pack, not the quick one', async () => {
    await fs.mkdir(path.join(fx.vault, 'notes/bulk'), { recursive: true });
    await Promise.all(
      Array.from({ length: COLD_INLINE_MAX_NOTES }, (_, i) =>
        fs.writeFile(path.join(fx.vault, `notes/bulk/n${i}.md`), `# Note ${i}\n\n- fact number ${i} about widgets ^cm-b${i}\n`),
      ),
    );
    const init = await runBuiltCli(['init', '--vault', fx.vault]);
    expect(init.code).toBe(0);
    const indexed = Number(/Recall index ready: (\d+) notes/.exec(init.stdout)?.[1]);
    expect(indexed).toBeGreaterThan(COLD_INLINE_MAX_NOTES);
    const first = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    // The linked person comes only with the full index; the quick path would have left them out.
    expect(JSON.parse(first.stdout).hookSpecificOutput.additionalContext).toContain('Jonas');
    expect(await log(fx.vault)).not.toContain('no index yet');
  });

  test('a vault with no notes prints nothing at all', async () => {
    const empty = path.join(fx.dir, 'empty');
    await fs.mkdir(empty);
    const res = await runBuiltCli(['hook', 'session-start', '--vault', empty], { stdin: sessionStartBody(fx.repo) });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('stdin that never closes: the hook gives up on its own, exit 0, nothing printed, one log line', async () => {
    const res = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: null, killAfterMs: 15_000 });
    expect(res.signal).toBeNull();
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await log(fx.vault)).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z hook session-start: stdin did not close within 2000 ms\n$/);
  });
});

describe('hook stop / session-end (built CLI)', () => {
  test("queues the session, prints nothing; every turn's Stop and the SessionEnd stay one pending entry", async () => {
    const transcript = path.join(fx.dir, `rollout-2026-11-22T10-00-00-${THREAD}.jsonl`);
    const first = await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(transcript, fx.repo) });
    expect(first).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(transcript, fx.repo) });
    const end = await runBuiltCli(['hook', 'session-end', '--vault', fx.vault], { stdin: stopBody(transcript, fx.repo, 'SessionEnd') });
    expect(end).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const q = await queue(fx.vault);
    expect(q.pending).toHaveLength(1);
    expect(q.pending[0]).toMatchObject({ thread: THREAD, transcript, cwd: fx.repo, event: 'session-end' });
    expect(q.invalidLines).toBe(0);
  });

  test('without a session_id the thread comes from the rollout name; without a transcript nothing is queued', async () => {
    const transcript = path.join(fx.dir, 'rollout-2026-11-22T10-00-00-019a2018-d000-7000-8000-00000000000d.jsonl');
    const body = JSON.parse(stopBody(transcript, fx.repo));
    delete body.session_id;
    await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: JSON.stringify(body) });
    const none = await runBuiltCli(['hook', 'stop', '--vault', fx.vault], { stdin: JSON.stringify({ ...body, transcript_path: null }) });
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect((await queue(fx.vault)).pending.map((e) => e.thread)).toEqual(['019a2018-d000-7000-8000-00000000000d']);
    expect(await log(fx.vault)).toContain('hook stop: Codex sent no transcript_path; nothing queued');
  });
});

describe("the codex distiller's own `codex exec` (CODEX_MEMORY_DISTILLING=1)", () => {
  test('gets no memory at session start and does not queue itself for another checkpoint', async () => {
    const env = { [DISTILLING_ENV]: '1' };
    const start = await runCliCaptured(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo), env });
    expect(start).toEqual({ code: 0, stdout: '', stderr: '' });
    const transcript = path.join(fx.dir, `rollout-2026-11-22T10-00-00-${THREAD}.jsonl`);
    const stop = await runCliCaptured(['hook', 'stop', '--vault', fx.vault], { stdin: stopBody(transcript, fx.repo), env });
    expect(stop).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await queue(fx.vault)).pending).toHaveLength(0);
    // The same input without the marker does get memory: the guard, not a broken fixture, kept it out.
    const normal = await runCliCaptured(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
    expect(normal.stdout).toContain(DECISION);
  });
});

describe('fail-open: Codex is never blocked and never sees a stack trace', () => {
  const run = (args: string[], stdin: string) => runCliCaptured(['hook', ...args], { stdin });
  const silent = { code: 0, stdout: '', stderr: '' };

  test.each([
    ['empty stdin', '', 'no hook input on stdin'],
    ['stdin that is not JSON', '{"session_id": "abc", ', 'hook input on stdin is not JSON'],
    ['a JSON array', '[1]', 'not a JSON object'],
    ['a body for another event', sessionStartBody('/x', { hook_event_name: 'Stop' }), 'hook input is for Stop, not SessionStart'],
  ])('%s: nothing printed, exit 0, the reason logged', async (_name, stdin, reason) => {
    expect(await run(['session-start', '--vault', fx.vault], stdin)).toEqual(silent);
    expect(await run(['stop', '--vault', fx.vault], stdin.replace('SessionStart', 'Stop').replace('"Stop"', '"SessionStart"'))).toEqual(silent);
    const lines = (await log(fx.vault)).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`hook session-start: `);
    expect(lines[0]).toContain(reason);
    expect(lines.join('\n')).not.toMatch(/\n\s+at |HookInputError/);
  });

  test('a vault folder that does not exist, or is a file: silent, exit 0', async () => {
    const missing = path.join(fx.dir, 'no-such-vault');
    const file = path.join(fx.dir, 'a-file');
    await fs.writeFile(file, 'x');
    for (const v of [missing, file]) {
      expect(await run(['session-start', '--vault', v], sessionStartBody(fx.repo))).toEqual(silent);
      expect(await run(['stop', '--vault', v], stopBody('/t/rollout-x.jsonl', fx.repo))).toEqual(silent);
    }
    await expect(fs.access(missing)).rejects.toThrow();
  });

  test('no --vault at all (a mangled hooks.json entry) still exits 0, never 2 (exit 2 would make Codex continue the turn)', async () => {
    for (const action of ['session-start', 'stop', 'session-end']) {
      const res = await run([action], stopBody('/t/x.jsonl', '/'));
      expect(res.code).toBe(0);
      expect(res.stdout).toBe('');
    }
    expect((await run(['bogus', '--vault', fx.vault], '{}')).code).toBe(0);
  });

  test('a corrupt index cache is rebuilt quietly and the pack still arrives', async () => {
    const first = await run(['session-start', '--vault', fx.vault], sessionStartBody(fx.repo));
    const recall = path.join(fx.vault, '.codex-memory', 'recall');
    for (const f of await fs.readdir(recall)) await fs.writeFile(path.join(recall, f), '{"version": 1, "notes": [tru');
    const again = await run(['session-start', '--vault', fx.vault], sessionStartBody(fx.repo));
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(JSON.parse(again.stdout).hookSpecificOutput.additionalContext).toContain(DECISION);
  });

  test('a corrupt ledger, a corrupt settings file and a held vault lock do not stop either hook', async () => {
    const state = path.join(fx.vault, '.codex-memory');
    await fs.writeFile(path.join(state, 'ledger.json'), '{"version": 1, "items": {');
    const data = path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, '{ not json');
    // Held by a live process (this one), fresh: a writer would wait for it; the hooks must not.
    await fs.writeFile(
      path.join(state, 'lock'),
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), started: new Date().toISOString(), token: 't', owner: 'test' }),
    );
    const start = await run(['session-start', '--vault', fx.vault], sessionStartBody(fx.repo));
    expect(start.code).toBe(0);
    expect(JSON.parse(start.stdout).hookSpecificOutput.additionalContext).toContain(DECISION);
    const stop = await run(['stop', '--vault', fx.vault], stopBody(`/t/rollout-x-${THREAD}.jsonl`, fx.repo));
    expect(stop).toEqual(silent);
    expect((await queue(fx.vault)).pending).toHaveLength(1);
  });

  test('an unwritable state folder: the stop hook stays silent and exits 0', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the permission cannot be taken away here
    const state = path.join(fx.vault, '.codex-memory');
    await fs.chmod(state, 0o500);
    try {
      expect(await run(['stop', '--vault', fx.vault], stopBody(`/t/rollout-x-${THREAD}.jsonl`, fx.repo))).toEqual(silent);
    } finally {
      await fs.chmod(state, 0o700);
    }
  });
});

// Case 7: the Codex-facing hooks under every failure the other cases produce — a missing or broken vault, a held
// lock, a corrupt ledger, index or queue, a crash's pending journal, hostile notes, a 10 MB note, a read-only or
// full disk, garbage on stdin. Run as Codex runs them (the built CLI, JSON on stdin), each must exit 0 within the
// timeout Codex gives it (src/core/delivery/hooks-config.ts), print nothing on stderr and never a stack trace,
// and print either nothing or the SessionStart body Codex expects.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ourHooks } from '../../src/core/delivery/hooks-config';
import { requireBuiltCli, runBuiltCli, type ChildResult } from '../support/child-cli';
import { makeDeliveryFixture, sessionStartBody, stopBody, type DeliveryFixture } from '../support/delivery-vault';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs';
import { tempDir } from '../support/vault-files';

jest.setTimeout(240_000);

const EVENTS = ['session-start', 'stop', 'session-end'] as const;
type Event = (typeof EVENTS)[number];
const THREAD = '019a2018-e000-7000-8000-00000000001e';

/** Seconds Codex waits for each hook before giving up on it, as `hooks install` writes them. */
const CODEX_TIMEOUT_MS = Object.fromEntries(ourHooks((e) => e).map((h) => [h.event, h.timeout * 1000])) as Record<Event, number>;

let root: string;
let sleeper: ChildProcess | undefined;
let disk: Tmpfs;

function bodyFor(event: Event, fx: { repo: string; dir: string }): string {
  if (event === 'session-start') return sessionStartBody(fx.repo);
  return stopBody(path.join(fx.dir, `rollout-2026-11-22T10-00-00-${THREAD}.jsonl`), fx.repo, event === 'stop' ? 'Stop' : 'SessionEnd', THREAD);
}

/** What Codex must see from a hook, whatever happened inside it. */
function expectFailOpen(where: string, event: Event, r: ChildResult): void {
  const problems: string[] = [];
  if (r.code !== 0 || r.signal !== null) problems.push(`exit ${r.code} ${r.signal ?? ''}`);
  if (r.stderr !== '') problems.push(`stderr: ${r.stderr}`);
  if (/\n\s+at |Error:/.test(r.stdout)) problems.push(`a stack trace on stdout: ${r.stdout}`);
  if (r.ms > CODEX_TIMEOUT_MS[event]) problems.push(`took ${Math.round(r.ms)} ms, over Codex's ${CODEX_TIMEOUT_MS[event]} ms`);
  if (r.stdout !== '') {
    if (event !== 'session-start') problems.push(`printed ${r.stdout}`);
    else {
      try {
        const body = JSON.parse(r.stdout) as { hookSpecificOutput?: { hookEventName?: string; additionalContext?: unknown } };
        if (body.hookSpecificOutput?.hookEventName !== 'SessionStart' || typeof body.hookSpecificOutput.additionalContext !== 'string')
          problems.push(`unexpected body ${r.stdout}`);
      } catch {
        problems.push(`stdout is not JSON: ${r.stdout}`);
      }
    }
  }
  if (problems.length) throw new Error(`hook ${event} with ${where}: ${problems.join('; ')}`);
}

async function allEvents(where: string, vault: string, fx: { repo: string; dir: string }, stdin?: (e: Event) => string): Promise<ChildResult[]> {
  const out: ChildResult[] = [];
  for (const event of EVENTS) {
    const r = await runBuiltCli(['hook', event, '--vault', vault], { stdin: stdin ? stdin(event) : bodyFor(event, fx) });
    expectFailOpen(where, event, r);
    out.push(r);
  }
  return out;
}

beforeAll(async () => {
  requireBuiltCli();
  root = await tempDir('cm-hooks-');
  disk = await mountTmpfs(path.join(root, 'mnt'), 2048);
  if (!disk.mounted) console.warn('hooks-fail-open: cannot mount a tmpfs here (needs root on Linux); full-disk and read-only cases skipped');
});

afterAll(async () => {
  sleeper?.kill('SIGKILL');
  await disk?.unmount();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

type Breakage = (fx: DeliveryFixture) => Promise<void>;
const state = (fx: DeliveryFixture, f = '') => path.join(fx.vault, '.codex-memory', f);

const BREAKAGES: [string, Breakage][] = [
  [
    'a corrupt ledger and settings file',
    async (fx) => {
      await fs.writeFile(state(fx, 'ledger.json'), '{"version": 1, "items": {');
      await fs.mkdir(path.join(fx.vault, '.obsidian/plugins/codex-memory'), { recursive: true });
      await fs.writeFile(path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json'), '\u0000\u0001 not json');
    },
  ],
  [
    'the vault lock held by a live process',
    async (fx) => {
      sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
      await fs.writeFile(
        state(fx, 'lock'),
        JSON.stringify({ pid: sleeper.pid, hostname: os.hostname(), started: new Date().toISOString(), token: 'held', owner: 'another writer' }),
      );
    },
  ],
  [
    'a garbage index cache and a garbage queue',
    async (fx) => {
      await fs.mkdir(state(fx, 'recall'), { recursive: true });
      for (const f of ['catalog.json', 'fulltext.json', 'folders.json'])
        await fs.writeFile(state(fx, `recall/${f}`), '{"version":1,"notes":[{"path":');
      await fs.writeFile(state(fx, 'queue.jsonl'), '\u0000garbage\n{"v":1,"thread":\n[]\n');
    },
  ],
  [
    'a pending journal from a crash (and an unreadable one)',
    async (fx) => {
      await fs.writeFile(
        state(fx, 'journal.json'),
        JSON.stringify({
          version: 1,
          id: 'x',
          kind: 'checkpoint',
          thread: 't',
          at: 'now',
          notes: [{ path: 'TODO.md', before: 'a', after: 'b', items: {}, prevItems: {} }],
          session: { record: null, prev: null },
        }),
      );
      await fs.writeFile(state(fx, 'undo-x.json'), '{');
    },
  ],
  [
    'the state folder replaced by a file',
    async (fx) => {
      await fs.rm(state(fx), { recursive: true, force: true });
      await fs.writeFile(state(fx), 'not a folder');
    },
  ],
  [
    'the queue file replaced by a folder, the index folder by a file',
    async (fx) => {
      await fs.mkdir(state(fx, 'queue.jsonl'), { recursive: true });
      await fs.rm(state(fx, 'recall'), { recursive: true, force: true });
      await fs.writeFile(state(fx, 'recall'), 'x');
    },
  ],
  [
    'hostile notes (alias bomb, ---js, FIFO, binary, a symlink loop and one out of the vault)',
    async (fx) => {
      const v = (rel: string) => path.join(fx.vault, rel);
      await fs.writeFile(
        v('notes/bomb.md'),
        `---\na: &a [x,x,x,x,x,x,x,x,x]\n${'bcdefgh'
          .split('')
          .map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)
          .join('\n')}\n---\n# Bomb\n`,
      );
      await fs.writeFile(v('notes/js.md'), "---js\n{ type: require('fs').writeFileSync('/tmp/cm-hook-pwned', 'x') }\n---\n");
      expect(spawnSync('mkfifo', [v('notes/fifo.md')]).status).toBe(0);
      await fs.writeFile(v('notes/binary.md'), Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 31) % 256)));
      await fs.symlink(v('notes'), v('notes/loop'));
      await fs.symlink('/etc/hostname', v('notes/out.md'));
    },
  ],
  [
    'a 10 MB single-line note in the project note',
    async (fx) => {
      const project = path.join(fx.vault, 'projects/invoice-cli.md');
      await fs.appendFile(project, `\nPasted log: ${'2026-03-01T12:00:01Z invoice export ok; '.repeat(260_000)}\n`);
    },
  ],
];

describe('a healthy vault with broken parts', () => {
  test.each(BREAKAGES)('%s: every hook exits 0 in time, silent or with a proper body', async (name, breakIt) => {
    const fx = await makeDeliveryFixture('cm-hook-broken-');
    try {
      await breakIt(fx);
      await allEvents(name, fx.vault, fx);
    } finally {
      sleeper?.kill('SIGKILL');
      sleeper = undefined;
      await fx.cleanup();
    }
  });

  test('no vault at all, or a file where the vault should be: silent, and nothing is created', async () => {
    const fx = { repo: root, dir: root };
    const missing = path.join(root, 'no-such-vault');
    const file = path.join(root, 'a-file');
    await fs.writeFile(file, 'x');
    for (const v of [missing, file]) for (const r of await allEvents(`vault ${v}`, v, fx)) expect(r.stdout).toBe('');
    await expect(fs.access(missing)).rejects.toThrow();
    expect(await fs.readFile(file, 'utf8')).toBe('x');
  });

  test('garbage on stdin: silent, exit 0; odd but well-formed bodies: exit 0 in time', async () => {
    const fx = await makeDeliveryFixture('cm-hook-stdin-');
    try {
      const garbage: [string, string][] = [
        ['binary bytes', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 13) % 256)).toString('latin1')],
        ['5 MB of text', 'x'.repeat(5 * 1024 * 1024)],
        ['wrong types', JSON.stringify({ session_id: 42, cwd: { nested: true }, transcript_path: ['a'], hook_event_name: 7 })],
      ];
      for (const [name, stdin] of garbage) {
        for (const r of await allEvents(`stdin: ${name}`, fx.vault, fx, () => stdin)) expect([name, r.stdout]).toEqual([name, '']);
      }
      // A transcript that is a folder (Stop, SessionEnd) and a cwd that does not exist (SessionStart).
      await allEvents('odd bodies', fx.vault, fx, (e) =>
        e === 'session-start'
          ? sessionStartBody(path.join(root, 'nowhere'))
          : stopBody(fx.dir, fx.repo, e === 'stop' ? 'Stop' : 'SessionEnd', THREAD),
      );
    } finally {
      await fx.cleanup();
    }
  });
});

describe('a disk that refuses writes (tmpfs; needs root to mount)', () => {
  const whenMounted = (name: string, fn: () => Promise<void>) => test(name, async () => (disk.mounted ? fn() : undefined));

  whenMounted('read-only vault: every hook exits 0 in time; session start still brings the memory', async () => {
    const fx = await makeDeliveryFixture('cm-hook-ro-');
    const vault = path.join(disk.dir, 'ro-vault');
    await fs.cp(fx.vault, vault, { recursive: true });
    disk.readOnly(true);
    try {
      const [start] = await allEvents('a read-only vault', vault, fx);
      expect(start.stdout).toContain('Money amounts use Decimal');
    } finally {
      disk.readOnly(false);
      await fs.rm(vault, { recursive: true, force: true });
      await fx.cleanup();
    }
  });

  whenMounted('full disk: every hook exits 0 in time', async () => {
    const fx = await makeDeliveryFixture('cm-hook-full-');
    const vault = path.join(disk.dir, 'full-vault');
    await fs.cp(fx.vault, vault, { recursive: true });
    const filler = await disk.fill(0);
    try {
      await allEvents('a full disk', vault, fx);
    } finally {
      await fs.rm(filler);
      await fs.rm(vault, { recursive: true, force: true });
      await fx.cleanup();
    }
  });
});

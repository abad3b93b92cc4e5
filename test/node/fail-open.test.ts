// The fail-open wrapper every hook runs in: output only on success, a bounded one-line log otherwise.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/command';
import { appendLog, readAll, runFailOpen } from '../../src/node/fail-open';

let vault: string;
beforeEach(async () => {
  vault = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-failopen-'));
});
afterEach(async () => fs.rm(vault, { recursive: true, force: true }));

function captureIO(): { io: CliIO; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIO = { stdout, stderr: new PassThrough(), stdin: Readable.from(['']), env: {}, cwd: vault, isTTY: false };
  return { io, out: () => Buffer.concat(chunks).toString('utf8') };
}
const logText = () => fs.readFile(path.join(vault, '.codex-memory', 'log'), 'utf8');

test('prints what the work returns, logs nothing', async () => {
  const { io, out } = captureIO();
  expect(await runFailOpen(io, { vault, label: 'hook x', deadlineMs: 1000 }, async () => 'body\n')).toBe(0);
  expect(out()).toBe('body\n');
  await expect(logText()).rejects.toThrow();
});

test('a thrown error: nothing printed, exit 0, one line with the message and no stack', async () => {
  const { io, out } = captureIO();
  const code = await runFailOpen(io, { vault, label: 'hook x', deadlineMs: 1000 }, async () => {
    throw new TypeError('cannot read "a"\n    at somewhere (file.js:1:1)');
  });
  expect(code).toBe(0);
  expect(out()).toBe('');
  expect(await logText()).toMatch(/^\S+Z hook x: TypeError: cannot read "a" at somewhere \(file\.js:1:1\)\n$/);
});

test('work that outlives its deadline prints nothing even when it finishes later, and is handed off', async () => {
  const { io, out } = captureIO();
  let finish!: (v: string) => void;
  const late = new Promise<string>((r) => {
    finish = r;
  });
  let handedOff = 0;
  expect(
    await runFailOpen(
      io,
      {
        vault,
        label: 'hook slow',
        deadlineMs: 50,
        onDeadline: () => {
          handedOff++;
        },
      },
      () => late,
    ),
  ).toBe(0);
  expect(handedOff).toBe(1);
  finish('too late\n');
  await new Promise((r) => setTimeout(r, 20));
  expect(out()).toBe('');
  expect(await logText()).toContain('hook slow: gave up after 50 ms');
});

test('the log stays bounded: past 1 MiB it keeps the most recent lines', async () => {
  const dir = path.join(vault, '.codex-memory');
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, 'log'), `${'old line\n'.repeat(130_000)}`);
  await appendLog(vault, 'newest');
  const text = await logText();
  expect(text.length).toBeLessThan(300 * 1024);
  expect(text.split('\n')[0]).toBe('old line');
  expect(text.trimEnd().endsWith(' newest')).toBe(true);
});

test('no vault folder: logging is skipped silently and nothing is created', async () => {
  const missing = path.join(vault, 'nope');
  await appendLog(missing, 'x');
  await expect(fs.access(missing)).rejects.toThrow();
});

test('readAll refuses oversized input rather than buffering it', async () => {
  await expect(readAll(Readable.from(['x'.repeat(50)]), { timeoutMs: 1000, maxBytes: 10 })).rejects.toThrow('larger than 10 bytes');
  await expect(readAll(Readable.from(['{"a":', '1}']), { timeoutMs: 1000, maxBytes: 10 })).resolves.toBe('{"a":1}');
});

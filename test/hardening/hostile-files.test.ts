// Case 4: hostile notes and files in the vault — a YAML alias bomb, `---js` frontmatter, binary data and invalid
// UTF-8 in a .md, a FIFO named like a note, symlinks that leave the vault (a note, a folder, a loop, a dangling
// one), names with `..` and Windows-reserved names — through the index (search, context, the SessionStart hook),
// the MCP server (read_note, over stdio with the SDK client) and checkpoint. Nothing hangs, nothing outside the
// vault is read or written, nothing is evaluated, and what cannot be read is left byte-identical and reported.
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { exampleRollouts, EXAMPLES, writeRollout } from '../core/memory/fixtures';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { makeDeliveryFixture, sessionStartBody, type DeliveryFixture } from '../support/delivery-vault';
import { stderrProblems } from '../support/stderr-lines';
import { readTree, tempDir } from '../support/vault-files';

jest.setTimeout(120_000);

const OUTSIDE = 'OUTSIDE-THE-VAULT private words';
const PWNED = '/tmp/codex-memory-hardening-js-was-evaluated';
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');
const JS = `---js\n{ type: (function () { require('fs').writeFileSync(${JSON.stringify(PWNED)}, 'x'); return 'topic'; })() }\n---\n# Js\n\njsword body\n`;

let fx: DeliveryFixture;
let outsideDir: string;
const hostile: Record<string, string> = {
  'notes/bomb.md': `---\n${BOMB}\n---\n# Bomb\n\nbombword body\n`,
  'notes/js.md': JS,
  'notes/CON.md': '# CON\n\n- reservedword lives in a note named like a Windows device ^cm-r1\n',
  'notes/v1..v2.md': '# Changes v1..v2\n\n- dotsword: two dots in a name are not a way out ^cm-r2\n',
};

const cli = (args: string[], stdin?: string) => runBuiltCli(args, { env: { CODEX_HOME: EXAMPLES }, stdin });

beforeAll(async () => {
  requireBuiltCli();
  await fs.rm(PWNED, { force: true });
  fx = await makeDeliveryFixture('cm-hostile-');
  outsideDir = path.join(fx.dir, 'outside');
  await fs.mkdir(outsideDir);
  await fs.writeFile(path.join(outsideDir, 'leak.md'), `# Leak\n\n- ${OUTSIDE} ^cm-x1\n`);
  const v = (rel: string) => path.join(fx.vault, rel);
  for (const [rel, text] of Object.entries(hostile)) await fs.writeFile(v(rel), text);
  await fs.writeFile(
    v('notes/binary.md'),
    Buffer.concat([Buffer.from('# Binary\n\nbinaryword '), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]),
  );
  await fs.writeFile(v('notes/latin1.md'), Buffer.from('# Caf\xe9\n\nlatinword: notes from the caf\xe9 meeting\n', 'latin1'));
  expect(spawnSync('mkfifo', [v('notes/fifo.md')]).status).toBe(0);
  await fs.symlink(path.join(outsideDir, 'leak.md'), v('notes/leak.md'));
  await fs.symlink(outsideDir, v('notes/leakdir'));
  await fs.symlink(v('notes'), v('notes/loop'));
  await fs.symlink(path.join(fx.dir, 'nowhere.md'), v('notes/dangling.md'));
});

afterAll(async () => {
  await fx?.cleanup();
  await fs.rm(PWNED, { force: true });
});

test('the index, the context pack and the SessionStart hook: done in time, nothing from outside, nothing evaluated', async () => {
  for (const q of ['OUTSIDE private', 'bombword', 'jsword', 'binaryword', 'latinword', 'reservedword', 'dotsword']) {
    const r = await cli(['search', q, '--vault', fx.vault, '--json']);
    expect([q, r.code, stderrProblems(r.stderr)]).toEqual([q, 0, []]);
    expect(r.stdout).not.toContain('OUTSIDE');
  }
  const found = async (q: string) =>
    (JSON.parse((await cli(['search', q, '--vault', fx.vault, '--json'])).stdout) as { items: { path: string }[] }).items.map((i) => i.path);
  // Odd but harmless names are ordinary notes.
  expect(await found('reservedword')).toContain('notes/CON.md');
  expect(await found('dotsword')).toContain('notes/v1..v2.md');

  const ctx = await cli(['context', 'OUTSIDE private words leak', '--vault', fx.vault, '--cwd', fx.repo, '--json']);
  expect(ctx.code).toBe(0);
  expect(ctx.stdout).not.toContain('OUTSIDE');
  const hook = await runBuiltCli(['hook', 'session-start', '--vault', fx.vault], { stdin: sessionStartBody(fx.repo) });
  expect(hook.code).toBe(0);
  expect(hook.stderr).toBe('');
  expect(hook.stdout).toMatch(/^\{"hookSpecificOutput":\{"hookEventName":"SessionStart","additionalContext":/);
  expect(hook.stdout).not.toContain('OUTSIDE');
  expect(existsSync(PWNED)).toBe(false);
});

test('the index never reads through a folder that was swapped for a link out of the vault after it was indexed', async () => {
  const own = await makeDeliveryFixture('cm-swapped-');
  const vault = own.vault;
  await fs.mkdir(path.join(vault, 'archive'));
  await fs.writeFile(path.join(vault, 'archive/leak.md'), '# Leak\n\n- harmless words about tides ^cm-x1\n');
  expect((await cli(['search', 'tides', '--vault', vault, '--json'])).stdout).toContain('archive/leak.md');
  // The folder becomes a link to a folder outside with a note of the same name.
  await fs.rm(path.join(vault, 'archive'), { recursive: true });
  await fs.symlink(outsideDir, path.join(vault, 'archive'));
  for (const args of [
    ['search', 'OUTSIDE private tides', '--vault', vault, '--json'],
    ['context', 'OUTSIDE private tides', '--vault', vault, '--json'],
  ]) {
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('OUTSIDE');
  }
  const hook = await runBuiltCli(['hook', 'session-start', '--vault', vault], { stdin: sessionStartBody(own.repo) });
  expect(hook.stdout).not.toContain('OUTSIDE');
  await own.cleanup();
});

describe('the MCP server (built CLI over stdio, SDK client)', () => {
  let client: Client;
  type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };
  const read = async (p: string) => {
    const res = (await client.callTool({ name: 'read_note', arguments: { path: p } })) as ToolResult;
    return { text: res.content.map((c) => c.text).join('\n'), isError: Boolean(res.isError) };
  };

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [requireBuiltCli(), 'mcp', '--vault', fx.vault],
      cwd: fx.repo,
      stderr: 'pipe',
    });
    client = new Client({ name: 'hardening', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => client?.close());

  test.each([
    ['notes/fifo.md', 'No note at notes/fifo.md'],
    ['notes/leak.md', 'outside the vault through a symbolic link'],
    ['notes/leakdir/leak.md', 'outside the vault through a symbolic link'],
    ['notes/dangling.md', 'No note at notes/dangling.md'],
    ['notes/loop/loop/loop/CON.md', null],
    ['notes/../notes/../../outside/leak.md', "'..' would leave the vault"],
    ['notes\\..\\..\\outside\\leak.md', "'..' would leave the vault"],
    ['notes/%2e%2e/%2e%2e/outside/leak.md', 'No note at'],
    ['notes/leak.md\u0000.md', 'NUL'],
  ])('read_note %j: refused or answered, at once, never with text from outside', async (p, why) => {
    const res = await read(p);
    expect(res.text).not.toContain('OUTSIDE');
    if (why) {
      expect(res.isError).toBe(true);
      expect(res.text).toContain(why);
    }
  });

  test('hostile notes are handed out as text (never evaluated), bad bytes and all, and the server keeps serving', async () => {
    expect((await read('notes/bomb.md')).text).toContain('bombword body');
    expect((await read('notes/js.md')).text).toContain('jsword body');
    expect((await read('notes/latin1.md')).text).toContain('latinword');
    expect((await read('notes/binary.md')).text).toContain('binaryword');
    expect((await read('notes/CON.md')).text).toContain('reservedword');
    expect(existsSync(PWNED)).toBe(false);
    const res = (await client.callTool({ name: 'search_memory', arguments: { query: 'reservedword' } })) as ToolResult;
    expect(res.content[0].text).toContain('notes/CON.md');
  });
});

describe('checkpoint onto hostile notes', () => {
  let vault: string;
  let b: string;
  beforeEach(async () => {
    const [a, b2] = await exampleRollouts();
    b = b2;
    vault = await tempDir('cm-hostile-cp-');
    await fs.rmdir(vault);
    expect((await cli(['init', '--vault', vault])).code).toBe(0);
    expect((await cli(['checkpoint', a, '--vault', vault, '--yes'])).code).toBe(0);
  });
  afterEach(async () => fs.rm(vault, { recursive: true, force: true }));

  test('unreadable target notes are left byte-identical and reported; the rest is written', async () => {
    const project = path.join(vault, 'projects/tidepool.md');
    const prefs = path.join(vault, 'agent/preferences.md');
    const person = path.join(vault, 'people/Kofi.md');
    await fs.writeFile(project, `---\n${BOMB}\ntype: project\nrepo:\n  - /home/ana/src/tidepool\n---\n# tidepool\n`);
    await fs.writeFile(prefs, JS);
    // A person's note saved in Latin-1: readable with one odd character, but writing it back would change a byte.
    await fs.writeFile(person, Buffer.from('# Kofi\n\n- Kofi maintains the Pi at the caf\xe9 ^cm-k1\n', 'latin1'));
    const before = await readTree(vault);
    const r = await cli(['checkpoint', b, '--vault', vault, '--yes']);
    expect([r.code, stderrProblems(r.stderr)]).toEqual([0, []]);
    expect(r.stdout).toMatch(/projects\/tidepool\.md: cannot be read \(projects\/tidepool\.md:\d+: too many YAML aliases/);
    expect(r.stdout).toMatch(/agent\/preferences\.md: cannot be read \(agent\/preferences\.md:1: unsupported frontmatter language/);
    expect(r.stdout).toContain('not written  people/Kofi.md: not valid UTF-8');
    const after = await readTree(vault);
    for (const p of ['projects/tidepool.md', 'agent/preferences.md', 'people/Kofi.md']) expect([p, after[p]]).toEqual([p, before[p]]);
    expect(await fs.readFile(person)).toEqual(Buffer.from('# Kofi\n\n- Kofi maintains the Pi at the caf\xe9 ^cm-k1\n', 'latin1'));
    // The session note itself was written.
    expect(Object.keys(after).some((p) => p.startsWith('agent/sessions/2026-03-04'))).toBe(true);
    expect(existsSync(PWNED)).toBe(false);
  });

  test('a target note that is a FIFO, or a link out of the vault: a clear answer, no hang, nothing written outside', async () => {
    const outside = path.join(path.dirname(vault), `${path.basename(vault)}-outside.md`);
    await fs.writeFile(outside, '# Kofi (outside)\n');
    const person = path.join(vault, 'people/Kofi.md');
    await fs.rm(person);
    await fs.symlink(outside, person);
    const linked = await cli(['checkpoint', b, '--vault', vault, '--yes']);
    expect(linked.code).toBe(1);
    expect(stderrProblems(linked.stderr)).toEqual([
      'codex-memory checkpoint: Refusing path "people/Kofi.md": it leads outside the vault through a symbolic link',
    ]);
    expect(await fs.readFile(outside, 'utf8')).toBe('# Kofi (outside)\n');
    await fs.rm(outside);

    await fs.rm(person);
    expect(spawnSync('mkfifo', [person]).status).toBe(0);
    // Not a note (a plain read of it would block forever): the person's note is planned as new, and creating it
    // finds the name taken, so that one change is reported and the rest of the checkpoint goes ahead.
    const fifo = await cli(['checkpoint', b, '--vault', vault, '--yes']);
    expect([fifo.code, fifo.signal, stderrProblems(fifo.stderr)]).toEqual([0, null, []]);
    expect(fifo.stdout).toContain('  not written  people/Kofi.md: ');
    expect(fifo.stdout).toContain('  wrote  projects/tidepool.md');
    expect((await fs.lstat(person)).isFIFO()).toBe(true);
  });

  test('names from a session with `..`, separators and Windows device names become safe notes inside the vault', async () => {
    const home = path.join(vault, '..', `${path.basename(vault)}-home`);
    const file = await writeRollout(home, {
      id: '0196ee00-1111-7222-8333-444455556666',
      start: '2026-05-01T10:00:00.000Z',
      cwd: '/home/ana/src/tidepool',
      turns: [
        {
          user: '../../../etc/passwd: I will ask Con to review the cache. TODO: ask Aux about ../../outside.md',
          answer: 'Noted: I will ask Con to review the cache changes.',
        },
      ],
    });
    const r = await cli(['checkpoint', file, '--vault', vault, '--yes', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { changes: { path: string }[] };
    // Not vacuous: the people it names became notes, under names every platform accepts.
    expect(out.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['people/Con_.md', 'people/Aux_.md']));
    for (const c of out.changes) {
      expect(c.path).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|\\|\0/);
      expect(path.resolve(vault, c.path).startsWith(`${vault}${path.sep}`)).toBe(true);
      for (const segment of c.path.replace(/\.md$/, '').split('/')) expect(segment).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
    }
    expect(await fs.readdir(path.dirname(vault))).not.toContain('outside.md');
    await fs.rm(home, { recursive: true, force: true });
  });
});

// One behaviour, two adapters: every VaultStore (Node over a real folder, Obsidian over app.vault) must pass
// this suite. Run it from a test file with a factory that makes a fresh, empty vault per test.
import { AlreadyExistsError, UnsafePathError, WriteConflictError, type VaultStore } from '../../src/core/vault/store';

export interface VaultStoreFixture {
  store: VaultStore;
  /** Writes a file behind the store's back: a person editing the note, or program state in a dot-folder. */
  writeBehind(path: string, content: string): Promise<void>;
  cleanup?(): Promise<void>;
}

const UNSAFE = ['../outside.md', 'notes/../../outside.md', '/etc/passwd', 'C:\\Windows\\x.md', 'notes/a\0b.md', '..'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function describeVaultStoreContract(name: string, makeFixture: () => Promise<VaultStoreFixture>): void {
  describe(`VaultStore contract: ${name}`, () => {
    let fx: VaultStoreFixture;
    let store: VaultStore;

    beforeEach(async () => {
      fx = await makeFixture();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    test('reading a note that is not there gives null', async () => {
      expect(await store.read('notes/missing.md')).toBeNull();
      expect(await store.stat('notes/missing.md')).toBeNull();
    });

    test('create makes the folders and the note, which then reads back', async () => {
      await store.create('projects/alpha/status.md', '# Alpha\n');
      expect(await store.read('projects/alpha/status.md')).toBe('# Alpha\n');
      const st = await store.stat('projects/alpha/status.md');
      expect(st?.size).toBe(8);
      expect(st?.mtime).toBeGreaterThan(0);
      expect(await store.listMarkdown('projects')).toEqual(['projects/alpha/status.md']);
    });

    test('create never overwrites: AlreadyExistsError and the note is untouched', async () => {
      await store.create('TODO.md', 'mine\n');
      await expect(store.create('TODO.md', 'theirs\n')).rejects.toBeInstanceOf(AlreadyExistsError);
      expect(await store.read('TODO.md')).toBe('mine\n');
    });

    test('replace with the content it expects writes the new content', async () => {
      await store.create('notes/a.md', 'one\n');
      await store.replace('notes/a.md', 'one\n', 'two\n');
      expect(await store.read('notes/a.md')).toBe('two\n');
    });

    test('replace after someone else edited the note fails and keeps their edit', async () => {
      await store.create('notes/a.md', 'one\n');
      const seen = await store.read('notes/a.md');
      await fx.writeBehind('notes/a.md', 'edited by hand\n');
      const err = await store.replace('notes/a.md', seen!, 'program text\n').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WriteConflictError);
      expect((err as WriteConflictError).path).toBe('notes/a.md');
      expect(await store.read('notes/a.md')).toBe('edited by hand\n');
    });

    test('replace of a note deleted since it was read fails and does not bring it back', async () => {
      await expect(store.replace('notes/gone.md', 'old\n', 'new\n')).rejects.toBeInstanceOf(WriteConflictError);
      expect(await store.read('notes/gone.md')).toBeNull();
    });

    test('remove takes the note away when it is still what the caller saw', async () => {
      await store.create('agent/inbox/p1.md', 'proposal\n');
      await store.remove('agent/inbox/p1.md', 'proposal\n');
      expect(await store.read('agent/inbox/p1.md')).toBeNull();
      expect(await store.listMarkdown()).toEqual([]);
    });

    test('remove of a note edited since it was read fails and keeps it', async () => {
      await store.create('agent/inbox/p1.md', 'proposal\n');
      await fx.writeBehind('agent/inbox/p1.md', 'proposal, with my note\n');
      await expect(store.remove('agent/inbox/p1.md', 'proposal\n')).rejects.toBeInstanceOf(WriteConflictError);
      expect(await store.read('agent/inbox/p1.md')).toBe('proposal, with my note\n');
    });

    test('listMarkdown is sorted, limited to the folder, and skips program state, .obsidian and .trash', async () => {
      for (const p of ['notes/b.md', 'notes/a.md', 'notes/sub/c.md', 'notes-old/x.md', 'TODO.md', 'people/Ann.md']) {
        await store.create(p, `${p}\n`);
      }
      await fx.writeBehind('notes/image.png', 'not markdown');
      await fx.writeBehind('.codex-memory/ledger.md', 'state\n');
      await fx.writeBehind('.obsidian/snippets/x.md', 'config\n');
      await fx.writeBehind('.trash/old.md', 'trashed\n');
      expect(await store.listMarkdown()).toEqual(['TODO.md', 'notes-old/x.md', 'notes/a.md', 'notes/b.md', 'notes/sub/c.md', 'people/Ann.md']);
      expect(await store.listMarkdown('notes')).toEqual(['notes/a.md', 'notes/b.md', 'notes/sub/c.md']);
      expect(await store.listMarkdown('notes/')).toEqual(['notes/a.md', 'notes/b.md', 'notes/sub/c.md']);
      expect(await store.listMarkdown('nowhere')).toEqual([]);
    });

    test('ensureFolder makes nested folders once and then reports them as already there', async () => {
      expect(await store.ensureFolder('agent/sessions')).toBe(true);
      expect(await store.ensureFolder('agent/sessions')).toBe(false);
      expect(await store.ensureFolder('agent')).toBe(false);
      await store.create('agent/sessions/s.md', 's\n');
      expect(await store.listMarkdown('agent')).toEqual(['agent/sessions/s.md']);
    });

    test.each(UNSAFE)('a path that leaves the vault is refused everywhere: %j', async (bad) => {
      await expect(store.read(bad)).rejects.toBeInstanceOf(UnsafePathError);
      await expect(store.stat(bad)).rejects.toBeInstanceOf(UnsafePathError);
      await expect(store.create(bad, 'x')).rejects.toBeInstanceOf(UnsafePathError);
      await expect(store.replace(bad, 'x', 'y')).rejects.toBeInstanceOf(UnsafePathError);
      await expect(store.remove(bad, 'x')).rejects.toBeInstanceOf(UnsafePathError);
      if (bad !== '..') await expect(store.listMarkdown(bad)).rejects.toBeInstanceOf(UnsafePathError);
    });

    test('the empty path is not a note', async () => {
      await expect(store.create('', 'x')).rejects.toBeInstanceOf(UnsafePathError);
    });

    test('equivalent spellings of a path name the same note', async () => {
      await store.create('notes//sub/./a.md', 'a\n');
      expect(await store.read('notes/sub/a.md')).toBe('a\n');
      expect(await store.read('notes\\sub\\a.md')).toBe('a\n');
      expect(await store.listMarkdown()).toEqual(['notes/sub/a.md']);
    });

    test('unicode names work and decomposed spellings find the composed note', async () => {
      const names = ['people/Zoë Ångström.md', 'notes/日本語のメモ.md', 'notes/🚀 launch.md'];
      for (const n of names) await store.create(n, `${n}\n`);
      for (const n of names) expect(await store.read(n)).toBe(`${n}\n`);
      expect(await store.read('people/Zoe\u0308 A\u030Angstro\u0308m.md')).toBe('people/Zoë Ångström.md\n');
      expect(await store.listMarkdown()).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    });

    test('content comes back byte for byte: CRLF, BOM, no trailing newline, empty', async () => {
      const samples: Record<string, string> = {
        'notes/crlf.md': '---\r\ntype: topic\r\n---\r\n- item ^cm-1\r\n',
        'notes/bom.md': '\uFEFF# With BOM\n',
        'notes/no-newline.md': 'last line',
        'notes/empty.md': '',
        'notes/mixed.md': 'a\r\nb\nc\r\n\r\n  trailing spaces  \t\n',
      };
      for (const [p, text] of Object.entries(samples)) await store.create(p, text);
      for (const [p, text] of Object.entries(samples)) expect(await store.read(p)).toBe(text);
      await store.replace('notes/crlf.md', samples['notes/crlf.md'], 'x\r\ny\r\n');
      expect(await store.read('notes/crlf.md')).toBe('x\r\ny\r\n');
    });

    test('concurrent withLock calls run one after the other', async () => {
      const events: string[] = [];
      const worker = (id: string) =>
        store.withLock(async () => {
          events.push(`${id} start`);
          await sleep(15);
          events.push(`${id} end`);
          return id;
        });
      const results = await Promise.all([worker('a'), worker('b'), worker('c')]);
      expect(results).toEqual(['a', 'b', 'c']);
      expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    });

    test('read-modify-write under withLock loses no update', async () => {
      await store.create('notes/counter.md', '0');
      const bump = () =>
        store.withLock(async () => {
          const n = await store.read('notes/counter.md');
          await sleep(2);
          await store.replace('notes/counter.md', n!, String(Number(n) + 1));
        });
      await Promise.all(Array.from({ length: 8 }, bump));
      expect(await store.read('notes/counter.md')).toBe('8');
    });

    test('a failure inside withLock releases the lock', async () => {
      await expect(store.withLock(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      await expect(store.withLock(async () => 'next')).resolves.toBe('next');
    });
  });
}

// One behaviour for program state over both adapters (Node folder, Obsidian adapter).
import { UnsafePathError, type StateStore, type VaultStore } from '../../src/core/vault/store';

export interface StateStoreFixture {
  state: StateStore;
  store: VaultStore;
  /** Reads a file by vault path behind the stores' back. */
  readRaw(path: string): Promise<string | null>;
  cleanup?(): Promise<void>;
}

export function describeStateStoreContract(name: string, makeFixture: () => Promise<StateStoreFixture>): void {
  describe(`StateStore contract: ${name}`, () => {
    let fx: StateStoreFixture;
    beforeEach(async () => {
      fx = await makeFixture();
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    test('state is kept in .codex-memory/, which note listings never show', async () => {
      expect(await fx.state.readState('ledger.jsonl')).toBeNull();
      await fx.state.writeState('index/cache.json', '{"v":1}');
      await fx.state.writeState('notes.md', 'state that looks like a note');
      expect(await fx.readRaw('.codex-memory/index/cache.json')).toBe('{"v":1}');
      expect(await fx.store.listMarkdown()).toEqual([]);
    });

    test('writeState replaces the whole content', async () => {
      await fx.state.writeState('queue.json', '[1,2,3]');
      await fx.state.writeState('queue.json', '[]');
      expect(await fx.state.readState('queue.json')).toBe('[]');
    });

    test('appendState adds one line at a time, with the line break added when missing', async () => {
      await fx.state.appendState('ledger.jsonl', '{"a":1}');
      await fx.state.appendState('ledger.jsonl', '{"b":2}\n');
      expect(await fx.state.readState('ledger.jsonl')).toBe('{"a":1}\n{"b":2}\n');
    });

    test('removeState is idempotent', async () => {
      await fx.state.writeState('lock-note', 'x');
      await fx.state.removeState('lock-note');
      await fx.state.removeState('lock-note');
      expect(await fx.state.readState('lock-note')).toBeNull();
    });

    test('a name cannot leave the state folder', async () => {
      await expect(fx.state.readState('../TODO.md')).rejects.toBeInstanceOf(UnsafePathError);
      await expect(fx.state.writeState('../TODO.md', 'x')).rejects.toBeInstanceOf(UnsafePathError);
      await expect(fx.state.appendState('/etc/passwd', 'x')).rejects.toBeInstanceOf(UnsafePathError);
      expect(await fx.readRaw('TODO.md')).toBeNull();
    });
  });
}

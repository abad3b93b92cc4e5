import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openNodeVault } from '../../src/node/open-vault';
import { describeStateStoreContract } from '../contract/state-store.contract';

describeStateStoreContract('Node (real folder)', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-state-'));
  const { state, store, root } = await openNodeVault(dir);
  return {
    state,
    store,
    readRaw: (p) => fs.readFile(path.join(root, p), 'utf8').catch(() => null),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
});

test('a custom state folder from the settings is used for state and the lock', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-state-'));
  try {
    const data = path.join(dir, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ folders: { stateDir: '.memory-state' } }));
    const { state, store } = await openNodeVault(dir);
    await state.writeState('ledger.jsonl', '');
    const lockSeen = await store.withLock(async () => fs.readdir(path.join(dir, '.memory-state')));
    expect(lockSeen.sort()).toEqual(['ledger.jsonl', 'lock']);
    await expect(fs.access(path.join(dir, '.codex-memory'))).rejects.toThrow();
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a vault deleted while a process still holds it is not brought back by its state or its index cache', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-state-'));
  try {
    await fs.writeFile(path.join(dir, 'note.md'), '# Note\n\n- The export uses semicolons\n');
    const vault = await openNodeVault(dir);
    const { loadNodeIndexReport } = await import('../../src/node/recall-index');
    const report = await loadNodeIndexReport(vault, { save: false });
    await fs.rm(dir, { recursive: true, force: true });
    // What the recall server does after a request: write its cache and its state.
    await (await import('../../src/node/recall-index')).save(vault, report.index);
    await expect(vault.state.writeState('recall/tokens.json', '{}')).rejects.toThrow();
    await expect(vault.state.appendState('queue.jsonl', '{}')).rejects.toThrow();
    await expect(fs.access(dir)).rejects.toThrow();
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

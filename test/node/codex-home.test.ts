// Discovery in a real temp CODEX_HOME: dated sessions/ and flat archived_sessions/, .jsonl and .jsonl.zst
// (the plain file wins), identity by thread id, names from session_index.jsonl (the last entry wins).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CodexHomeError, findRolloutByThread, findRolloutFiles, readSessionNames, resolveCodexHome } from '../../src/node/codex-home';
import { OWN_FIXTURE, OWN_ID, rolloutText, sessionPath, tempDir, writeFile } from './support/temp-codex-home';

const B = '0199a1b2-0000-7000-8000-00000000000b';
const C = '0199a1b2-0000-7000-8000-00000000000c';

let home: string;

beforeAll(async () => {
  home = await tempDir();
  await writeFile(sessionPath(home, OWN_ID), await fs.readFile(OWN_FIXTURE));
  // B exists both plain and compressed (Codex compresses idle rollouts; a plain copy must win).
  await writeFile(sessionPath(home, B, '2026-09-15'), rolloutText({ id: B }));
  await writeFile(sessionPath(home, B, '2026-09-15', '10-00-00', 'jsonl.zst'), 'not really zstd');
  await writeFile(path.join(home, 'archived_sessions', `rollout-2026-08-01T09-00-00-${C}.jsonl`), rolloutText({ id: C }));
  // Things that are not rollouts.
  await writeFile(path.join(home, 'sessions', '2026', '09', '14', 'notes.txt'), 'hello');
  await writeFile(path.join(home, 'sessions', '2026', '09', '14', 'rollout-without-an-id.jsonl'), '{}');
  await writeFile(path.join(home, 'history.jsonl'), '{"session_id":"x","ts":1,"text":"hi"}\n');
  await writeFile(
    path.join(home, 'session_index.jsonl'),
    [
      { id: OWN_ID, thread_name: 'Nightly export', updated_at: '2026-09-14T08:00:00Z' },
      { id: B, thread_name: 'Other', updated_at: '2026-09-15T08:00:00Z' },
      { id: OWN_ID, thread_name: 'Nightly export: sequence grant', updated_at: '2026-09-14T09:00:00Z' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n') + '\n{"id":"half-writ',
  );
});

afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('resolveCodexHome', () => {
  test('--codex-home wins, then the setting, then $CODEX_HOME, then ~/.codex', () => {
    const env = { CODEX_HOME: '/env/codex' };
    expect(resolveCodexHome({ flag: '/flag', setting: '/setting', env })).toBe('/flag');
    expect(resolveCodexHome({ setting: '/setting', env })).toBe('/setting');
    expect(resolveCodexHome({ setting: '', env })).toBe('/env/codex');
    expect(resolveCodexHome({ env: {}, home: '/home/ana' })).toBe('/home/ana/.codex');
    expect(resolveCodexHome({ flag: '~/other', env: {}, home: '/home/ana' })).toBe('/home/ana/other');
  });
});

describe('findRolloutFiles', () => {
  test('finds dated and archived rollouts, one per thread, ignoring everything else', async () => {
    const files = await findRolloutFiles(home);
    expect(files.map((f) => f.threadId).sort()).toEqual([B, C, OWN_ID].sort());
    const b = files.find((f) => f.threadId === B)!;
    expect(b.container).toBe('jsonl');
    expect(b.path.endsWith('.jsonl')).toBe(true);
    expect(files.find((f) => f.threadId === C)!.archived).toBe(true);
    expect(files.find((f) => f.threadId === OWN_ID)!.size).toBe((await fs.stat(OWN_FIXTURE)).size);
  });

  test('a compressed rollout is found when it is the only copy', async () => {
    const h = await tempDir();
    try {
      await writeFile(sessionPath(h, B, '2026-09-15', '10-00-00', 'jsonl.zst'), 'x');
      expect((await findRolloutFiles(h)).map((f) => f.container)).toEqual(['jsonl.zst']);
    } finally {
      await fs.rm(h, { recursive: true, force: true });
    }
  });

  test('a missing CODEX_HOME is a CodexHomeError that says what to do', async () => {
    const missing = path.join(home, 'nope');
    await expect(findRolloutFiles(missing)).rejects.toThrow(CodexHomeError);
    await expect(findRolloutFiles(missing)).rejects.toThrow(/Set CODEX_HOME or pass --codex-home/);
  });

  test('a CODEX_HOME without sessions folders has no rollouts', async () => {
    const h = await tempDir();
    try {
      expect(await findRolloutFiles(h)).toEqual([]);
    } finally {
      await fs.rm(h, { recursive: true, force: true });
    }
  });
});

describe('readSessionNames', () => {
  test('the last entry for a thread wins and a half-written line is ignored', async () => {
    const names = await readSessionNames(home);
    expect(names.get(OWN_ID)).toBe('Nightly export: sequence grant');
    expect(names.get(B)).toBe('Other');
    expect(names.size).toBe(2);
  });

  test('no index file means no names', async () => {
    expect((await readSessionNames(path.join(home, 'sessions'))).size).toBe(0);
  });
});

describe('findRolloutByThread', () => {
  test('by full id, by a unique prefix of 8+ characters, case-insensitively', async () => {
    expect((await findRolloutByThread(home, OWN_ID))?.path).toBe(sessionPath(home, OWN_ID));
    expect((await findRolloutByThread(home, OWN_ID.toUpperCase()))?.threadId).toBe(OWN_ID);
    expect((await findRolloutByThread(home, '0199a1b2-c3d4'))?.threadId).toBe(OWN_ID);
  });

  test('an ambiguous, too short or unknown id finds nothing', async () => {
    expect(await findRolloutByThread(home, '0199a1b2')).toBeUndefined(); // all three share it
    expect(await findRolloutByThread(home, '0199')).toBeUndefined();
    expect(await findRolloutByThread(home, 'ffffffff-ffff-7fff-8fff-ffffffffffff')).toBeUndefined();
  });
});

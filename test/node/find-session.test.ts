// Finding one session from a path, a thread id or "the latest", in a real temp CODEX_HOME.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { latestRollout, locateRollout, readThread, SessionNotFoundError } from '../../src/node/find-session';
import { OWN_FIXTURE, OWN_ID, rolloutText, sessionPath, tempDir, writeFile } from './support/temp-codex-home';

const OLDER = '0199c000-0000-7000-8000-0000000000b1';
let home: string;

beforeAll(async () => {
  home = await tempDir();
  await writeFile(sessionPath(home, OWN_ID), await fs.readFile(OWN_FIXTURE));
  const older = await writeFile(sessionPath(home, OLDER, '2026-01-01'), rolloutText({ id: OLDER }));
  await fs.utimes(older, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  await writeFile(
    path.join(home, 'session_index.jsonl'),
    `${JSON.stringify({ id: OWN_ID, thread_name: 'Export with key sk-proj-Zx81Kq0VfRt5Lm2Wp7Yc4Nd9Hb3Gs6Jj1' })}\n`,
  );
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

test('the latest rollout is the one written to most recently', async () => {
  expect(await latestRollout(home)).toBe(sessionPath(home, OWN_ID));
});

test('latest in an empty home is a SessionNotFoundError', async () => {
  const empty = await tempDir();
  try {
    await expect(latestRollout(empty)).rejects.toThrow(SessionNotFoundError);
  } finally {
    await fs.rm(empty, { recursive: true, force: true });
  }
});

test('a path wins over a thread id lookup; ids are looked up in home', async () => {
  expect(await locateRollout(sessionPath(home, OWN_ID), '/nowhere', '/')).toBe(sessionPath(home, OWN_ID));
  expect(await locateRollout(OLDER, home, '/')).toBe(sessionPath(home, OLDER, '2026-01-01'));
  await expect(locateRollout('not-an-id.jsonl', home, '/')).rejects.toThrow('No such file: /not-an-id.jsonl');
});

test('readThread names the thread from session_index.jsonl, redacted', async () => {
  const t = await readThread(sessionPath(home, OWN_ID), home);
  expect(t.name).toBe('Export with key [REDACTED:openai-key]');
  expect((await readThread(sessionPath(home, OWN_ID))).name).toBeUndefined();
});

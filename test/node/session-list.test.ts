// The session list from heads and tails: identity, project, first real prompt, last activity, finished,
// names and checkpointed; newest first; unreadable files reported, never fatal.
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listSessions } from '../../src/node/session-list';
import { describeShared, sharedDir } from '../support/shared';
import { OWN_FIXTURE, OWN_ID, rolloutText, sessionPath, tempDir, withTempDir, writeFile } from './support/temp-codex-home';

describeShared('listing the shared CODEX_HOME', () => {
  const home = path.join(sharedDir ?? '', 'fixtures/codex-sessions');
  const expected = sharedDir
    ? readdirSync(path.join(home, 'expected')).map(
        (f) =>
          JSON.parse(readFileSync(path.join(home, 'expected', f), 'utf8')) as {
            thread_id: string;
            user_prompt_prefixes: string[];
            parse: { last_line_truncated: boolean };
            session: { cwd: string; git_branch: string; git_commit: string; repository_url: string; started_at: string };
          },
      )
    : [];

  test('every session appears once with the fields its expected file gives', async () => {
    const { sessions, skipped } = await listSessions(home, { isCheckpointed: (id) => id === '019dba38-16d4-77fb-a0b0-c708a30f6f20' });
    expect(skipped).toEqual([]);
    expect(sessions.map((s) => s.thread).sort()).toEqual(expected.map((e) => e.thread_id).sort());
    for (const e of expected) {
      const s = sessions.find((x) => x.thread === e.thread_id)!;
      expect(s.firstPrompt!.startsWith(e.user_prompt_prefixes[0])).toBe(true);
      expect(s).toMatchObject({
        cwd: e.session.cwd,
        branch: e.session.git_branch,
        commit: e.session.git_commit,
        remote: e.session.repository_url,
        started: e.session.started_at,
        finished: !e.parse.last_line_truncated,
      });
      expect(s.size).toBe((await fs.stat(s.path)).size);
    }
    expect(sessions.find((s) => s.thread === '019dba38-16d4-77fb-a0b0-c708a30f6f20')).toMatchObject({
      name: 'CSV import: streaming tokenizer',
      checkpointed: true,
    });
    expect(sessions.filter((s) => s.checkpointed)).toHaveLength(1);
  });

  test('newest activity first', async () => {
    const { sessions } = await listSessions(home);
    const times = sessions.map((s) => Date.parse(s.updated!));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(sessions.find((s) => s.thread.startsWith('01a01e05'))!.updated).toBe('2026-08-20T07:14:13.574Z');
  });
});

describe('heads and tails of large files', () => {
  let home: string;
  beforeAll(async () => {
    home = await tempDir();
  });
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  test('a 4 GB rollout is summarised from its ends alone (the middle is never read)', async () => {
    // A sparse file: real head and tail, 4 GB of holes between. Reading it whole could not even fit in a string.
    const id = '0199c000-0000-7000-8000-000000000001';
    const lines = rolloutText({ id, prompt: 'Speed up the importer.', start: '2026-09-20T08:00:00.000Z', end: '2026-09-20T09:30:00.000Z' }).split(
      '\n',
    );
    const head = lines.slice(0, 4).join('\n') + '\n';
    const tail = '\n' + lines.slice(4).join('\n');
    const file = sessionPath(home, id, '2026-09-20');
    await writeFile(file, head);
    const size = 4 * 1024 ** 3;
    const fh = await fs.open(file, 'r+');
    try {
      await fh.truncate(size);
      await fh.write(Buffer.from(tail), 0, Buffer.byteLength(tail), size - Buffer.byteLength(tail));
    } finally {
      await fh.close();
    }
    const { sessions } = await listSessions(home);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      thread: id,
      firstPrompt: 'Speed up the importer.',
      started: '2026-09-20T08:00:00.000Z',
      updated: '2026-09-20T09:30:00.000Z',
      finished: true,
      size,
    });
  });

  test('a first prompt behind a long AGENTS.md is still found', async () => {
    await withTempDir(async (h) => {
      const id = '0199c000-0000-7000-8000-000000000002';
      await writeFile(sessionPath(h, id), rolloutText({ id, prompt: 'After the big context.', injectedChars: 150_000, middleBytes: 1_000_000 }));
      const { sessions } = await listSessions(h);
      expect(sessions[0].firstPrompt).toBe('After the big context.');
    });
  });

  test('a first line longer than the usual head (huge base instructions) is read further in', async () => {
    await withTempDir(async (h) => {
      const id = '0199c000-0000-7000-8000-000000000005';
      const lines = rolloutText({ id, prompt: 'Behind a long meta line.', middleBytes: 300_000 }).split('\n');
      const meta = JSON.parse(lines[0]);
      meta.payload.base_instructions = { text: 'You are Codex. '.repeat(8000) };
      lines[0] = JSON.stringify(meta);
      await writeFile(sessionPath(h, id), lines.join('\n'));
      const { sessions, skipped } = await listSessions(h);
      expect(skipped).toEqual([]);
      expect(sessions[0]).toMatchObject({ thread: id, firstPrompt: 'Behind a long meta line.', finished: true });
    });
  });

  test('a rename near the end of a large rollout names the session, unless session_index.jsonl has one', async () => {
    await withTempDir(async (h) => {
      const id = '0199c000-0000-7000-8000-000000000006';
      const rename = JSON.stringify({
        timestamp: '2026-09-14T09:00:00.000Z',
        type: 'event_msg',
        payload: { type: 'thread_name_updated', thread_name: 'Export fix' },
      });
      await writeFile(sessionPath(h, id), rolloutText({ id, middleBytes: 300_000 }) + rename + '\n');
      expect((await listSessions(h)).sessions[0]).toMatchObject({ name: 'Export fix', updated: '2026-09-14T09:00:00.000Z', finished: true });
      await writeFile(path.join(h, 'session_index.jsonl'), JSON.stringify({ id, thread_name: 'From the index' }) + '\n');
      expect((await listSessions(h)).sessions[0].name).toBe('From the index');
    });
  });

  test('a session whose last turn is still running is unfinished', async () => {
    await withTempDir(async (h) => {
      const id = '0199c000-0000-7000-8000-000000000003';
      await writeFile(sessionPath(h, id), rolloutText({ id, finished: false, middleBytes: 200_000 }));
      expect((await listSessions(h)).sessions[0].finished).toBe(false);
    });
  });
});

test('a large session whose last line is half-written is unfinished, even after a task_complete', async () => {
  await withTempDir(async (h) => {
    const id = '0199c000-0000-7000-8000-000000000004';
    const text = rolloutText({ id, middleBytes: 200_000 }) + '{"timestamp":"2026-09-14T08:00:09.000Z","type":"event_msg","payl';
    await writeFile(sessionPath(h, id), text);
    const { sessions } = await listSessions(h);
    expect(sessions[0]).toMatchObject({ thread: id, finished: false });
  });
});

describe('odd files', () => {
  test('an empty or foreign file with a rollout name is skipped with a reason, the rest listed', async () => {
    await withTempDir(async (h) => {
      await writeFile(sessionPath(h, OWN_ID), await fs.readFile(OWN_FIXTURE));
      const empty = await writeFile(sessionPath(h, '0199c000-0000-7000-8000-0000000000e1', '2026-09-15'), '');
      const foreign = await writeFile(sessionPath(h, '0199c000-0000-7000-8000-0000000000e2', '2026-09-16'), '{"note":"x"}\n');
      const { sessions, skipped } = await listSessions(h);
      expect(sessions.map((s) => s.thread)).toEqual([OWN_ID]);
      expect(sessions[0]).toMatchObject({
        firstPrompt: 'Find out why the nightly export job fails, and check GitHub issue #88 about it.',
        finished: true,
      });
      expect(skipped.map((s) => s.path).sort()).toEqual([empty, foreign].sort());
      expect(skipped.find((s) => s.path === empty)!.reason).toMatch(/not a Codex session file \(it is empty\)/);
    });
  });
});

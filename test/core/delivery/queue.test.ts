import { compactQueue, doneLine, queueLine, readQueue, type QueuedSession } from '../../../src/core/delivery/queue';

const T1 = '019a2018-d000-7000-8000-00000000000d';
const T2 = '019a2018-e000-7000-8000-00000000001e';

function q(thread: string, at: string, event = 'stop'): QueuedSession {
  return { thread, transcript: `/c/sessions/rollout-x-${thread}.jsonl`, cwd: '/repo', event, at };
}

describe('checkpoint queue', () => {
  test('a thread queued by every Stop of its turns is one pending session, the latest transcript winning', () => {
    const text =
      queueLine(q(T1, '2026-11-22T10:00:00.000Z')) +
      queueLine(q(T2, '2026-11-22T10:01:00.000Z')) +
      queueLine({ ...q(T1, '2026-11-22T10:05:00.000Z', 'session-end'), transcript: '/moved.jsonl' });
    const state = readQueue(text);
    expect(state.pending.map((e) => [e.thread, e.event, e.transcript])).toEqual([
      [T2, 'stop', `/c/sessions/rollout-x-${T2}.jsonl`],
      [T1, 'session-end', '/moved.jsonl'],
    ]);
  });

  test('a done mark settles the line it was made for; a later Stop queues the thread again', () => {
    const first = q(T1, '2026-11-22T10:00:00.000Z');
    let text =
      queueLine(first) + doneLine({ thread: T1, upTo: first.at, done: '2026-11-22T10:00:05.000Z', result: 'inbox', detail: 'agent/inbox/x.md' });
    expect(readQueue(text).pending).toEqual([]);
    expect(readQueue(text).done.get(T1)?.result).toBe('inbox');
    // A Stop that fired while the drain was running (before its done mark was written) is still pending.
    text =
      queueLine(first) +
      queueLine(q(T1, '2026-11-22T10:00:03.000Z')) +
      doneLine({ thread: T1, upTo: first.at, done: '2026-11-22T10:00:05.000Z', result: 'inbox' });
    expect(readQueue(text).pending.map((e) => e.at)).toEqual(['2026-11-22T10:00:03.000Z']);
  });

  test('torn and foreign lines are counted, never fatal', () => {
    const text = queueLine(q(T1, '2026-11-22T10:00:00.000Z')) + '{"thread": "x", "transc\nnot json\n[]\n{"v":1}\n';
    const state = readQueue(text);
    expect(state.pending).toHaveLength(1);
    expect(state.invalidLines).toBe(4);
    expect(readQueue(null)).toEqual({ pending: [], done: new Map(), invalidLines: 0 });
  });

  test('compaction keeps exactly the pending sessions, one line each', () => {
    const a = q(T1, '2026-11-22T10:00:00.000Z');
    const text =
      queueLine(a) +
      queueLine(q(T2, '2026-11-22T10:01:00.000Z')) +
      queueLine(q(T2, '2026-11-22T10:02:00.000Z')) +
      doneLine({ thread: T1, upTo: a.at, done: '2026-11-22T10:03:00.000Z', result: 'applied' }) +
      'garbage\n';
    const compacted = compactQueue(text);
    expect(compacted).toBe(queueLine(q(T2, '2026-11-22T10:02:00.000Z')));
    expect(readQueue(compacted).pending).toEqual(readQueue(text).pending);
  });

  test('the latest queued time wins, not the last line (compaction appends older lines after newer ones)', () => {
    const text = queueLine(q(T1, '2026-11-22T10:05:00.000Z', 'session-end')) + queueLine(q(T1, '2026-11-22T10:00:00.000Z'));
    expect(readQueue(text).pending.map((e) => e.event)).toEqual(['session-end']);
  });

  test('a done line stays one short line whatever the detail says', () => {
    const line = doneLine({ thread: T1, upTo: 'a', done: 'b', result: 'failed', detail: 'boom\nat x\n'.repeat(100) });
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line).detail.length).toBeLessThanOrEqual(300);
  });
});

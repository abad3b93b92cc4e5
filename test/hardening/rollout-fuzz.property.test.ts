// Case 1b: the rollout reader on damaged input. Generated sessions (envelope lines, non-ASCII text so a chunk
// can end inside a character) are truncated, shuffled, byte-mutated and sprinkled with garbage lines, then fed
// to the line splitter in random chunk sizes and to the parser. It never throws (the one exception: a typed
// NotARolloutError when no line of a session is left), every line that still parses counts as valid, and the
// text of every prompt and answer line that came through intact is in the Thread.
import fc from 'fast-check';
import { LineSplitter } from '../../src/core/codex/line-splitter';
import { NotARolloutError, RolloutParser } from '../../src/core/codex/rollout-parser';
import type { Thread } from '../../src/core/codex/thread';

const ID = '0199cccc-0000-7000-8000-000000000001';
const WORDS = ['tide', 'gauge', 'Ünïcödé', '日本語', 'emoji😀', 'שלום', '𝄞', 'e\u0301', 'ok'];

interface Line {
  json: string;
  /** A prompt or answer text that must be found in the Thread if this line arrives intact. */
  mark?: { kind: 'prompt' | 'answer'; text: string };
}

const phrase = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));

const session = fc.array(fc.tuple(phrase, phrase), { minLength: 1, maxLength: 6 }).map((turns): Line[] => {
  let t = Date.parse('2026-09-01T10:00:00.000Z');
  const line = (type: string, payload: unknown, mark?: Line['mark']): Line => ({
    json: JSON.stringify({ timestamp: new Date((t += 1000)).toISOString(), type, payload }),
    mark,
  });
  const out: Line[] = [line('session_meta', { id: ID, timestamp: '2026-09-01T10:00:00.000Z', cwd: '/home/ana/src/tidepool' })];
  turns.forEach(([ask, say], i) => {
    const prompt = `prompt-${i} ${ask}`;
    const answer = `answer-${i} ${say}`;
    out.push(
      line('event_msg', { type: 'task_started', turn_id: `t${i}` }),
      line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] }, { kind: 'prompt', text: prompt }),
      line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo ${ask}` }), call_id: `c${i}` }),
      line('response_item', { type: 'function_call_output', call_id: `c${i}`, output: `Process exited with code 0\nOutput:\n${say}\n` }),
      line(
        'response_item',
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }], phase: 'final_answer' },
        { kind: 'answer', text: answer },
      ),
      line('event_msg', { type: 'task_complete', turn_id: `t${i}` }),
    );
  });
  return out;
});

type Damage =
  | { kind: 'truncate'; at: number; keep: number }
  | { kind: 'mutate'; at: number; byte: number; value: number }
  | { kind: 'garbage'; at: number; text: string }
  | { kind: 'drop-newline'; at: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat() }),
  fc.record({ kind: fc.constant('mutate' as const), at: fc.nat(), byte: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('garbage' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('{', '}', '[]', 'null', '{"type":', '\u0000\u0001', '{"type":"event_msg"}', '{"payload":7,"type":"response_item"}'),
    ),
  }),
  fc.record({ kind: fc.constant('drop-newline' as const), at: fc.nat() }),
);

/** The damaged file as bytes, and which original lines are still in it, whole, on a line of their own. */
function damaged(lines: Line[], damages: Damage[], order: number[]): { bytes: Buffer; intact: Line[] } {
  const parts: { bytes: Buffer; line?: Line; joinNext?: boolean }[] = order.map((i) => ({
    bytes: Buffer.from(lines[i].json, 'utf8'),
    line: lines[i],
  }));
  for (const d of damages) {
    if (parts.length === 0) break;
    const p = parts[d.at % parts.length];
    if (d.kind === 'truncate') {
      p.bytes = p.bytes.subarray(0, d.keep % Math.max(1, p.bytes.length));
      p.line = undefined;
    } else if (d.kind === 'mutate') {
      const b = Buffer.from(p.bytes);
      if (b.length) b[d.byte % b.length] = d.value;
      if (!b.equals(p.bytes)) p.line = undefined;
      p.bytes = b;
    } else if (d.kind === 'garbage') {
      parts.splice(d.at % (parts.length + 1), 0, { bytes: Buffer.from(d.text.replace(/[\r\n]/g, ' '), 'utf8') });
    } else {
      // Two lines run together: neither is a line of its own any more.
      p.joinNext = true;
      p.line = undefined;
      const next = parts[(d.at % parts.length) + 1];
      if (next) next.line = undefined;
    }
  }
  const chunks: Buffer[] = [];
  parts.forEach((p, i) => {
    chunks.push(p.bytes);
    if (!p.joinNext || i === parts.length - 1) chunks.push(Buffer.from('\n'));
  });
  // A value that still holds a newline byte after mutation splits into pieces: those lines are not intact.
  const intact = parts.filter((p) => p.line && !p.bytes.includes(0x0a)).map((p) => p.line!);
  return { bytes: Buffer.concat(chunks), intact };
}

/** Splits `bytes` at the given cut points (any byte, also inside a UTF-8 character) and parses the pieces. */
function parse(bytes: Buffer, cuts: number[]): { thread: Thread | null; valid: number; error?: unknown } {
  const parser = new RolloutParser({ path: 'fuzz.jsonl' });
  let lines = 0;
  const splitter = new LineSplitter((l) => {
    lines++;
    parser.push(l);
  });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of [...points, bytes.length]) {
    splitter.push(bytes.subarray(from, p));
    from = p;
  }
  try {
    return { thread: parser.finish(splitter.end()), valid: lines };
  } catch (error) {
    return { thread: null, valid: lines, error };
  }
}

test('damaged rollouts: never a crash, every parseable line counted, every intact prompt and answer kept', () => {
  fc.assert(
    fc.property(
      session.chain((lines) =>
        fc.tuple(
          fc.constant(lines),
          fc.array(damage, { maxLength: 6 }),
          fc.shuffledSubarray(
            lines.map((_, i) => i),
            { minLength: lines.length, maxLength: lines.length },
          ),
          fc.boolean(),
          fc.array(fc.nat(), { maxLength: 12 }),
        ),
      ),
      ([lines, damages, shuffled, shuffle, cuts]) => {
        const order = shuffle ? shuffled : lines.map((_, i) => i);
        const { bytes, intact } = damaged(lines, damages, order);
        const out = parse(bytes, cuts);
        if (out.error) {
          // The only acceptable failure: nothing session-like is left (no session_meta survived intact).
          expect(out.error).toBeInstanceOf(NotARolloutError);
          expect(intact.some((l) => l.json.includes('"session_meta"'))).toBe(false);
          return;
        }
        const thread = out.thread!;
        // Every line that JSON.parse accepts is counted valid; nothing else is.
        const text = bytes.toString('utf8');
        const expected = text
          .split('\n')
          .filter((l) => l.replace(/\r$/, '').trim())
          .filter((l) => {
            try {
              JSON.parse(l.replace(/\r$/, ''));
              return true;
            } catch {
              return false;
            }
          }).length;
        expect(thread.parse.validJsonLines).toBe(expected);
        const prompts = thread.turns.flatMap((t) => t.prompts).join('\n');
        const answers = thread.turns.flatMap((t) => t.assistant.map((a) => a.text)).join('\n');
        for (const l of intact) {
          if (l.mark?.kind === 'prompt') expect(prompts).toContain(l.mark.text);
          if (l.mark?.kind === 'answer') expect(answers).toContain(l.mark.text);
        }
      },
    ),
    { numRuns: 1500, seed: Number(process.env.FC_SEED ?? 3) },
  );
});

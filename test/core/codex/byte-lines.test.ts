// A big rollout is parsed from its bytes (src/core/codex/line-splitter.ts ByteLineSplitter, RolloutParser.pushBytes):
// lines are split undecoded, item_completed copies are recognised by their head, and a long tool output is
// checked in place and decoded only where the Thread keeps it (rollout/long-string.ts). None of that may show:
// the Thread must be the one a full parse of every line gives, whatever the line shapes and wherever the
// chunks end: corrupt and torn lines, CRLF, a BOM, multi-byte characters and escapes cut by a chunk, huge lines.
import fc from 'fast-check';
import { ByteLineSplitter } from '../../../src/core/codex/line-splitter';
import { RolloutParser } from '../../../src/core/codex/rollout-parser';
import { JsonStringView, scanJsonString } from '../../../src/core/codex/rollout/long-string';
import type { Thread } from '../../../src/core/codex/thread';
import { sessionJson } from '../../../src/core/codex/thread-view';

const ID = '01a2018d-6bd5-7d93-8b56-e52f8a7d3e77';
const TURN = '01a2018d-6bec-7e83-b3fe-3d0e454d3901';
const enc = new TextEncoder();
// The id is the file name's when the meta line is unreadable (a BOM before it, say).
const OPTS = { path: `rollout-2026-11-02T07-00-00-${ID}.jsonl`, fallbackId: ID };

/** A command's output: log lines with escapes, non-ASCII (2-, 3- and 4-byte) and a secret near its middle. */
function output(chars: number, seed: number): string {
  const words = ['tide', 'gauge', 'Ünïcödé', '日本語', '🧾 receipt', 'tab\there', 'quote "q"', 'back\\slash', 'bell\u0007', 'ok'];
  let s = '';
  for (let i = seed; s.length < chars; i++) {
    s += `src/harbour/gauge_${i % 97}.rs:${i}: ${words[i % words.length]} ${words[(i * 7) % words.length]}\n`;
    if (i % 1013 === 17) s += 'deploy key: sk-proj-Zx81Kq0VfRt5Lm2Wp7Yc4Nd9Hb3Gs6Jj1 password=hunter2hunter2\n';
  }
  return s;
}

function records(): string[] {
  let ordinal = 0;
  let second = 0;
  const ts = () => `2026-11-02T07:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second++ % 60).padStart(2, '0')}.000Z`;
  const rec = (type: string, payload: unknown) => JSON.stringify({ timestamp: ts(), ordinal: ordinal++, type, payload });
  const done = (item: unknown) => rec('event_msg', { type: 'item_completed', thread_id: ID, turn_id: TURN, item });
  const call = (id: string, cmd: string) =>
    rec('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }), call_id: id });
  const big = output(300_000, 1);
  const header = (code: number) =>
    `Chunk ID: 9f${code}\nWall time: 0.1 seconds\nProcess exited with code ${code}\nOriginal token count: 12\nOutput:\n`;
  const lines = [
    rec('session_meta', { id: ID, timestamp: '2026-11-02T07:00:00.000Z', cwd: '/home/ines/src/harbour', history_mode: 'paginated' }),
    rec('event_msg', { type: 'task_started', turn_id: TURN }),
    rec('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Why does gauge 7 read 2 m high at dawn? 🌊' }] }),
    done({ type: 'UserMessage', id: 'u1', content: [{ type: 'text', text: 'Why does gauge 7 read 2 m high at dawn? 🌊' }] }),
  ];
  // Tool outputs of every size and shape the long path must read exactly as JSON.parse does.
  const outputs: unknown[] = [
    header(0) + big,
    header(1) + output(40_000, 2),
    header(2) + output(21_000, 3), // just over what is kept whole
    header(3) + output(15_000, 4), // kept whole
    big, // no header
    '   \n' + header(4) + output(50_000, 5), // leading whitespace: not a header
    JSON.stringify({ output: header(5) + output(60_000, 6), metadata: { exit_code: 5 } }), // the older JSON form
    JSON.stringify([{ type: 'text', text: output(60_000, 7) }]), // MCP content blocks
    'Chunk ID: 1\n'.repeat(1000) + 'Output:\n' + output(50_000, 8), // a header longer than the window read for it
    `\ud83d${output(50_000, 9)}\ude00`, // lone surrogates, escaped by JSON.stringify
    '𝄞'.repeat(30_000), // 4-byte characters only
    header(6) + '\u2028\u2029' + output(45_000, 10),
  ];
  outputs.forEach((out, i) => {
    lines.push(call(`c${i}`, `run ${i}`));
    lines.push(done({ type: 'CommandExecution', id: `c${i}`, command: ['/bin/bash', '-lc', `run ${i}`], aggregated_output: out, exit_code: 0 }));
    lines.push(rec('response_item', { type: 'function_call_output', call_id: `c${i}`, output: out }));
  });
  // Written by the real Codex 0.169: an id before call_id, and members after the output.
  lines.push(call('real', 'cargo test'));
  lines.push(
    JSON.stringify({
      timestamp: ts(),
      ordinal: ordinal++,
      type: 'response_item',
      payload: {
        type: 'function_call_output',
        id: 'fco_01a2018d-6d52-7850-a6ed-1cd563ef7cee',
        call_id: 'real',
        output: header(7) + output(80_000, 11),
        internal_chat_message_metadata_passthrough: { turn_id: TURN, create_time: 1795322375.5065875 },
      },
      metadata: { history_sequence: 6, sampled_through_sequence: 3, client_authored: false },
    }),
  );
  // A second `output` key, a second payload, and a backslash after the string: JSON.parse's last value wins.
  const fco = (id: string, out: string) => rec('response_item', { type: 'function_call_output', call_id: id, output: out });
  lines.push(call('dup1', 'a'), fco('dup1', big).replace(/"\}\}$/, '","output":"the second one"}}'));
  lines.push(call('dup2', 'b'), fco('dup2', big).replace(/\}\}$/, '},"payload":{"type":"function_call_output","call_id":"dup2","output":"other"}}'));
  lines.push(call('dup3', 'c'), fco('dup3', big).replace(/"\}\}$/, '","outp\\u0075t":"escaped key"}}'));
  // Corrupt lines: each must count as invalid (or be read) exactly as a full parse says.
  const torn = fco('torn', big);
  lines.push(call('torn', 'd'), torn.slice(0, 100_000) + lines[1]);
  lines.push(call('cut', 'e'), torn.slice(0, 200_000)); // a line cut short, then the next record on its own line
  lines.push(call('tab', 'f'), fco('tab', big).replace('gauge_5.rs', 'gauge\t5.rs')); // a raw control character
  lines.push(call('esc', 'g'), fco('esc', big).replace('gauge_5.rs', 'gauge\\x5.rs')); // an invalid escape
  lines.push(call('trail', 'h'), fco('trail', big) + ' trailing');
  lines.push(call('tail', 'i'), fco('tail', big).replace(/\}\}$/, ',"n":1}}'));
  lines.push(call('nul', 'j'), fco('nul', big).replace('gauge_5.rs', 'gauge\u0000.rs'));
  lines.push('', '   ', '\u00a0', 'not json at all', '[1,2,3]', '"a string"');
  lines.push(
    rec('response_item', {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Dew on the sensor: raise it 20 cm.' }],
      phase: 'final_answer',
    }),
  );
  lines.push(done({ type: 'AgentMessage', id: 'a1', content: [{ type: 'Text', text: 'Dew on the sensor.' + big }], phase: 'final_answer' }));
  lines.push(rec('event_msg', { type: 'task_complete', turn_id: TURN }));
  return lines;
}

/** The reference: the whole text decoded at once and every line through JSON.parse (a leading space defeats every head check). */
function fullParse(bytes: Uint8Array): Thread {
  const parser = new RolloutParser(OPTS);
  const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\n');
  const last = lines.pop()!;
  const noCr = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  for (const l of lines) parser.push(' ' + noCr(l));
  return parser.finish(last ? ' ' + noCr(last) : '');
}

/** The fast path: bytes in chunks of the given sizes (cycled), each in a fresh array at a shifting offset. */
function byteParse(bytes: Uint8Array, sizes: number[]): Thread {
  const parser = new RolloutParser(OPTS);
  const splitter = new ByteLineSplitter((b, s, e) => parser.pushBytes(b, s, e));
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = Math.min(sizes[k % sizes.length], bytes.length - at);
    const pad = k % 7; // the word-at-a-time scan must not care how the bytes are aligned
    const chunk = new Uint8Array(n + pad).subarray(pad);
    chunk.set(bytes.subarray(at, at + n));
    splitter.push(chunk);
    at += n;
  }
  const rest = splitter.end();
  return parser.finish(new TextDecoder('utf-8', { ignoreBOM: true }).decode(rest));
}

const asText = (ls: string[], eol = '\n') => enc.encode(ls.join(eol) + eol);

describe('the Thread from bytes is the one a full parse gives', () => {
  const lines = records();
  const bytes = asText(lines);
  const expected = fullParse(bytes);

  test('the fixture exercises what it should', () => {
    const json = sessionJson(expected);
    expect(json.counts).toMatchObject({ turns: 1, final_answers: 1, invalid_lines: 7 });
    expect(expected.redactions).toMatchObject({ 'openai-key': expect.any(Number), password: expect.any(Number) });
    expect(expected.omittedChars).toBeGreaterThan(1_000_000);
  });

  test.each([
    ['one chunk', [bytes.length]],
    ['4 MB reads', [4 << 20]],
    ['64 KB', [65536]],
    ['odd sizes', [4093, 1, 2, 3, 65521, 7]],
    ['a byte or two', [1, 2]],
  ])('chunks: %s', (_name, sizes) => {
    if (sizes[0] <= 2) {
      // Byte by byte on a smaller piece (the whole file would take long): every boundary, every character cut.
      const small = asText(lines.slice(0, 12));
      expect(byteParse(small, sizes)).toEqual(fullParse(small));
      return;
    }
    expect(byteParse(bytes, sizes)).toEqual(expected);
  });

  test('CRLF line ends, a BOM, and a last line without its newline', () => {
    const crlf = asText(lines, '\r\n');
    expect(byteParse(crlf, [65536 + 1])).toEqual(fullParse(crlf));
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...asText(lines.slice(0, 10))]);
    expect(byteParse(bom, [100_003])).toEqual(fullParse(bom));
    const open = asText(lines.slice(0, 9)).subarray(0, -1);
    const t = byteParse(open, [4096]);
    expect(t).toEqual(fullParse(open));
    const cut = enc.encode(lines.slice(0, 9).join('\n').slice(0, -40));
    expect(byteParse(cut, [4096])).toEqual(fullParse(cut));
    expect(byteParse(cut, [4096]).parse.lastLineTruncated).toBe(true);
  });

  test('malformed UTF-8 inside a long output is decoded as a full decode does', () => {
    const bad = asText(lines);
    const at = new TextDecoder().decode(bad).indexOf('gauge_3.rs');
    bad[at + 2] = 0xff; // in the first long output
    bad[at + 3] = 0xe2; // a 3-byte lead without its continuation
    expect(byteParse(bad, [1 << 20])).toEqual(fullParse(bad));
  });

  test('a line bigger than the read buffer', () => {
    const huge = [...lines.slice(0, 4), lines[4], lines[5].slice(0, -2) + output(6_000_000, 3) + '"}}', ...lines.slice(6, 10)];
    const b = asText(huge);
    expect(byteParse(b, [4 << 20])).toEqual(fullParse(b));
  });
});

describe('scanJsonString and JsonStringView against JSON.parse', () => {
  /** The JSON text of `s` at byte offset `pad` in its buffer; the scan starts after the opening quote. */
  const place = (json: string, pad: number) => {
    const raw = enc.encode(json);
    const bytes = new Uint8Array(raw.length + pad + 3).subarray(pad, pad + raw.length);
    bytes.set(raw);
    return bytes;
  };
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: fc.constantFrom('a', ' ', '\n', '"', '\\', 'é', '✓', '🧾', '\u0000', '\u001f', '/', '\ud800'), maxLength: 300 }),
  );

  test('a valid string: its end, its length and every slice', () => {
    fc.assert(
      fc.property(text, fc.nat(7), fc.nat(), fc.nat(), (s, pad, x, y) => {
        const json = JSON.stringify(s);
        const bytes = place(json + '}', pad);
        const scan = scanJsonString(bytes, 1, bytes.length);
        expect(scan).toEqual({ end: enc.encode(json).length - 1, units: s.length });
        const view = new JsonStringView(bytes, 1, scan!.end, scan!.units);
        const k = s.length ? x % (s.length + 1) : 0;
        expect(view.slice(0, k)).toBe(s.slice(0, k));
        expect(view.slice(k)).toBe(s.slice(k));
        expect(view.slice()).toBe(s);
        expect(view.slice(Math.min(k, y % (s.length + 1)), Math.max(k, y % (s.length + 1)))).toBe(
          s.slice(Math.min(k, y % (s.length + 1)), Math.max(k, y % (s.length + 1))),
        );
        const dropped = view.dropHead(k);
        if (dropped) expect(dropped.slice()).toBe(s.slice(k));
        else expect(s.charCodeAt(k - 1) >= 0xd800 && s.charCodeAt(k - 1) <= 0xdbff).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('damaged bytes: the scan either refuses or agrees with JSON.parse', () => {
    fc.assert(
      fc.property(text, fc.nat(7), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), (s, pad, hits) => {
        const bytes = place(JSON.stringify(s) + '}', pad);
        for (const [at, v] of hits) if (bytes.length > 2) bytes[1 + (at % (bytes.length - 2))] = v;
        const scan = scanJsonString(bytes, 1, bytes.length);
        if (!scan) return;
        const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(0, scan.end + 1))) as string;
        expect(scan.units).toBe(parsed.length);
        expect(new JsonStringView(bytes, 1, scan.end, scan.units).slice()).toBe(parsed);
      }),
      { numRuns: 400 },
    );
  });
});

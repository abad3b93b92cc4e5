// A tool output of a megabyte is one JSON string in its rollout line, and the Thread keeps a few kilobytes of
// its head and tail. Such a line is not decoded and parsed whole: the string is checked (is it valid JSON, where
// does it end, how long is it) in one pass over its bytes, the rest of the line is parsed with the string left
// out, and the string stands in the parsed line as a JsonStringView that decodes only the slices asked for.
// Everything else sees exactly what JSON.parse of the whole line gives, or the line is parsed whole after all.
import type { LongOutput } from '../tool-calls';
import { isToolOutputItem } from '../tool-calls';
import { decodeUtf8 } from './bytes';
import { obj, type Json } from './json';

/** Lines shorter than this are parsed whole: the string in them is not worth a second look. */
export const LONG_LINE_BYTES = 32 * 1024;
/** What follows the long string (the end of the record) is parsed, so it must be short. */
const MAX_REST_BYTES = 64 * 1024;

/**
 * The head of a line up to a long `output` string's opening quote: simple members (plain ASCII strings and
 * integers, no escapes) and the opening of `payload`, the shape of every tool output Codex writes (bare items
 * before the envelope, `response_item` payloads after it). Anything else is parsed whole.
 */
const HEAD = /^\{(?:"\w+":(?:"[ !#-[\]-~]*"|\d+),|"payload":\{)*"output":"/;

/** Stands in for the long string while the rest of the line is parsed; a NUL cannot be written without a backslash. */
const PLACEHOLDER = '\u0000long string';

/**
 * The line bytes[start, end) parsed, with its long `output` string as a JsonStringView, or null when the line
 * does not have that shape (it is then parsed whole, as every other line is). `head` is the text of at least
 * its first 2 KB. A line that is not valid JSON gives null, never a value.
 */
export function parseLongStringLine(bytes: Uint8Array, start: number, end: number, head: string): Json | null {
  const m = HEAD.exec(head);
  if (!m) return null;
  const from = start + m[0].length; // ASCII up to here: one byte per character
  const scan = scanJsonString(bytes, from, end);
  if (!scan) return null;
  const restFrom = scan.end + 1;
  // A backslash after the string could spell a second `output` key, or the placeholder itself: parse it whole.
  if (end - restFrom > MAX_REST_BYTES || indexOfIn(bytes, 0x5c, restFrom, end) !== -1) return null;
  let value: unknown;
  try {
    value = JSON.parse(`${m[0].slice(0, -1)}${JSON.stringify(PLACEHOLDER)}${decodeUtf8(bytes, restFrom, end)}`);
  } catch {
    return null;
  }
  const line = obj(value);
  if (!line) return null;
  // Where the string landed, unless a later duplicate key replaced it (then JSON.parse's answer differs: parse whole).
  const holder = line.output === PLACEHOLDER ? line : obj(line.payload)?.output === PLACEHOLDER ? obj(line.payload)! : null;
  // Only a tool output's output may be a view: that is the one place that reads it (items.ts).
  if (!holder || !isToolOutputItem(holder.type)) return null;
  holder.output = new JsonStringView(bytes, from, scan.end, scan.units);
  return line;
}

function indexOfIn(bytes: Uint8Array, byte: number, from: number, to: number): number {
  const i = bytes.indexOf(byte, from);
  return i !== -1 && i < to ? i : -1;
}

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
/** The bytes that may follow a backslash in a JSON string (u is checked apart). */
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;

/**
 * Checks the JSON string whose content starts at `from` (just after its opening quote) the way JSON.parse does:
 * no raw control characters, only valid escapes, and well-formed UTF-8 (a malformed sequence would be replaced
 * on decoding, which this does not model: such a line is parsed whole). Returns the index of the closing quote
 * and the string's length in UTF-16 units, or null. Four bytes at a time where nothing needs a look.
 */
export function scanJsonString(bytes: Uint8Array, from: number, to: number): { end: number; units: number } | null {
  const base = bytes.byteOffset;
  const firstWord = (base + from + 3) >> 2;
  const lastWord = (base + to) >> 2; // exclusive
  const words = lastWord > firstWord ? new Int32Array(bytes.buffer, firstWord << 2, lastWord - firstWord) : null;
  let units = 0;
  let i = from;
  while (i < to) {
    // Whole words of plain ASCII (no byte < 0x20, no quote, no backslash, no high bit) in one test each.
    if (words && ((base + i) & 3) === 0) {
      let w = ((base + i) >> 2) - firstWord;
      const n = lastWord - firstWord;
      while (w < n) {
        const x = words[w];
        const q = x ^ 0x22222222;
        const b = x ^ 0x5c5c5c5c;
        if ((((x - 0x20202020) & ~x) | ((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b) | x) & 0x80808080) break;
        w++;
      }
      const at = ((w + firstWord) << 2) - base;
      units += at - i;
      i = at;
      if (i >= to) break;
    }
    const c = bytes[i];
    if (c === 0x22) return { end: i, units };
    if (c === 0x5c) {
      const e = bytes[i + 1];
      if (i + 1 >= to) return null;
      if (ESCAPE[e]) i += 2;
      else if (e === 0x75 && i + 5 < to && HEX[bytes[i + 2]] && HEX[bytes[i + 3]] && HEX[bytes[i + 4]] && HEX[bytes[i + 5]]) i += 6;
      else return null;
      units++;
    } else if (c < 0x20) {
      return null;
    } else if (c < 0x80) {
      i++;
      units++;
    } else {
      const n = utf8Length(bytes, i, to);
      if (!n) return null;
      i += n;
      units += n === 4 ? 2 : 1;
    }
  }
  return null; // no closing quote
}

const isCont = (b: number): boolean => (b & 0xc0) === 0x80;

/** The length of the well-formed UTF-8 sequence at bytes[i] (2 to 4), or 0. */
function utf8Length(bytes: Uint8Array, i: number, to: number): number {
  const c = bytes[i];
  if (c >= 0xc2 && c <= 0xdf) return i + 1 < to && isCont(bytes[i + 1]) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (i + 2 >= to) return 0;
    const b = bytes[i + 1];
    const ok = c === 0xe0 ? b >= 0xa0 && b <= 0xbf : c === 0xed ? b >= 0x80 && b <= 0x9f : isCont(b);
    return ok && isCont(bytes[i + 2]) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (i + 3 >= to) return 0;
    const b = bytes[i + 1];
    const ok = c === 0xf0 ? b >= 0x90 && b <= 0xbf : c === 0xf4 ? b >= 0x80 && b <= 0x8f : isCont(b);
    return ok && isCont(bytes[i + 2]) && isCont(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

/**
 * A JSON string still in its line's bytes (already checked by scanJsonString): `length` is its length in
 * UTF-16 units, and a slice decodes only the bytes it needs. The view is valid only while its line is being
 * parsed (the bytes are a read buffer that is reused), and what it gives out are fresh strings.
 */
export class JsonStringView implements LongOutput {
  private whole?: string;

  constructor(
    private readonly bytes: Uint8Array,
    /** The content: after the opening quote, up to the closing one. */
    private readonly from: number,
    private readonly to: number,
    readonly length: number,
  ) {}

  slice(start = 0, end = this.length): string {
    const a = clamp(start, this.length);
    const b = clamp(end, this.length);
    if (a >= b) return '';
    if (a === 0 && b < this.length) return this.head(b);
    if (a > 0 && b === this.length) return this.tail(b - a);
    return this.text().slice(a, b);
  }

  /** The view without its first `units` units, or null when that would cut a character in two. */
  dropHead(units: number): JsonStringView | null {
    let i = this.from;
    let n = 0;
    while (n < units && i < this.to) {
      const c = this.bytes[i];
      const step = c === 0x5c ? (this.bytes[i + 1] === 0x75 ? 6 : 2) : c < 0x80 ? 1 : utf8Length(this.bytes, i, this.to) || 1;
      n += step === 4 ? 2 : 1;
      i += step;
    }
    return n === units ? new JsonStringView(this.bytes, i, this.to, this.length - units) : null;
  }

  private text(): string {
    this.whole ??= this.decode(this.from, this.to);
    return this.whole;
  }

  /** The first `n` units: decoded from a prefix of the bytes, grown until it holds them. */
  private head(n: number): string {
    for (let want = n + 64; ; want *= 2) {
      const cut = this.safeCut(Math.min(this.to, this.from + want));
      const s = this.decode(this.from, cut);
      if (s.length >= n || cut === this.to) return s.slice(0, n);
    }
  }

  /** The last `n` units, decoded from a suffix of the bytes the same way. */
  private tail(n: number): string {
    for (let want = n + 64; ; want *= 2) {
      const cut = this.safeCut(Math.max(this.from, this.to - want));
      const s = this.decode(cut, this.to);
      if (s.length >= n || cut === this.from) return s.slice(s.length - n);
    }
  }

  /**
   * `i`, moved back to where a character starts: not inside a UTF-8 sequence or an escape. A backslash starts an
   * escape when it is not itself escaped, that is when an even number of backslashes precede it.
   */
  private safeCut(i: number): number {
    if (i <= this.from || i >= this.to) return i;
    const bytes = this.bytes;
    while (i > this.from && isCont(bytes[i])) i--;
    if (bytes[i] >= 0x80) return i;
    for (let p = Math.max(this.from, i - 5); p < i; p++) {
      if (bytes[p] !== 0x5c) continue;
      let run = p;
      while (run > this.from && bytes[run - 1] === 0x5c) run--;
      if ((p - run) % 2 !== 0) continue; // this backslash is the escaped one
      if (p + (bytes[p + 1] === 0x75 ? 6 : 2) > i) return p;
      p++; // the escaped character is not a backslash that starts anything
    }
    return i;
  }

  private decode(a: number, b: number): string {
    return JSON.parse(`"${decodeUtf8(this.bytes, a, b)}"`) as string;
  }
}

const clamp = (x: number, len: number): number => (x < 0 ? Math.max(0, len + x) : Math.min(x, len));

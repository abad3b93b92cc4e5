// Turns a stream of byte chunks into text lines without holding more than the current line. I/O-free:
// the Node adapter feeds it file (or zstd-decompressed) chunks, the plugin could feed it anything.

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    this.pushText(this.decoder.decode(chunk, { stream: true }));
  }

  pushText(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.carry += text;
      return;
    }
    // The first piece completes whatever the previous chunk left unfinished.
    this.emit(this.carry + text.slice(0, nl));
    this.carry = '';
    start = nl + 1;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      this.emit(text.slice(start, nl));
      start = nl + 1;
    }
    this.carry = text.slice(start);
  }

  /** Flushes the decoder; returns the text after the last newline ('' when the input ended with one). */
  end(): string {
    const rest = this.carry + this.decoder.decode();
    this.carry = '';
    return rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

/** The carry buffer is kept for the next line up to this size (a bigger one is let go once its line is done). */
const KEEP_CARRY = 4 << 20;

/**
 * Lines as byte ranges, not decoded: the parser decides per line whether it needs the text at all (most of a
 * big rollout's bytes are in lines it reads a few fields of). A line inside one chunk is handed over as a view
 * of that chunk, valid only during the call; a line across chunks is gathered in a carry buffer first. A 0x0A
 * byte is always a newline and a 0x0D byte always a carriage return in UTF-8, so splitting bytes gives the same
 * lines as splitting the decoded text.
 */
export class ByteLineSplitter {
  private carry: Uint8Array = new Uint8Array(0);
  private held = 0;

  /** `alloc` makes the carry buffer: on Node a Buffer, whose indexOf is a memchr (a plain array's is a loop). */
  constructor(
    private readonly onLine: (bytes: Uint8Array, start: number, end: number) => void,
    private readonly alloc: (size: number) => Uint8Array = (size) => new Uint8Array(size),
  ) {}

  push(chunk: Uint8Array): void {
    let nl = chunk.indexOf(10);
    if (nl === -1) {
      this.hold(chunk, 0, chunk.length);
      return;
    }
    if (this.held) {
      this.hold(chunk, 0, nl);
      this.emit(this.carry, 0, this.held);
      this.release();
    } else {
      this.emit(chunk, 0, nl);
    }
    let start = nl + 1;
    while ((nl = chunk.indexOf(10, start)) !== -1) {
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length);
  }

  /** The bytes after the last newline (empty when the input ended with one), without a final CR. */
  end(): Uint8Array {
    let n = this.held;
    if (n && this.carry[n - 1] === 13) n--;
    const rest = new Uint8Array(n);
    rest.set(this.carry.subarray(0, n));
    this.release();
    return rest;
  }

  private hold(src: Uint8Array, from: number, to: number): void {
    const need = this.held + (to - from);
    if (need > this.carry.length) {
      const grown = this.alloc(Math.max(need, this.carry.length * 2, 64 * 1024));
      grown.set(this.carry.subarray(0, this.held));
      this.carry = grown;
    }
    this.carry.set(src.subarray(from, to), this.held);
    this.held = need;
  }

  private release(): void {
    this.held = 0;
    if (this.carry.length > KEEP_CARRY) this.carry = new Uint8Array(0);
  }

  private emit(bytes: Uint8Array, start: number, end: number): void {
    this.onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
  }
}

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

// Byte-level helpers for reading rollout lines without decoding them. Plain Uint8Array methods only (the core
// runs in Obsidian too); on Node the arrays are Buffers, whose indexOf is a memchr.

/** The first index of `needle` in bytes[from, to), or -1. */
export function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0];
  const last = to - needle.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The text of bytes[start, end). A byte order mark is kept, as a streaming decoder keeps one that is not at
 * the start of the stream (and Node's StringDecoder keeps even that one).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

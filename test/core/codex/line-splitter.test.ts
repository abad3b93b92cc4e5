// Lines from arbitrary byte chunks: a UTF-8 character or a CRLF split across chunks comes out whole.
import { LineSplitter } from '../../../src/core/codex/line-splitter';

function split(bytes: Uint8Array, chunkSize: number): { lines: string[]; rest: string } {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  for (let i = 0; i < bytes.length; i += chunkSize) s.push(bytes.subarray(i, i + chunkSize));
  return { lines, rest: s.end() };
}

const text = 'Tomás reviewed it ✓\r\nsecond line: 200 MB\n\nemoji 🧾 at the end\nhalf-writ';

test.each([1, 2, 3, 5, 7, 64])('chunks of %i bytes give the same lines', (size) => {
  const { lines, rest } = split(new TextEncoder().encode(text), size);
  expect(lines).toEqual(['Tomás reviewed it ✓', 'second line: 200 MB', '', 'emoji 🧾 at the end']);
  expect(rest).toBe('half-writ');
});

test('input that ends with a newline leaves nothing behind', () => {
  expect(split(new TextEncoder().encode('a\nb\n'), 3)).toEqual({ lines: ['a', 'b'], rest: '' });
});

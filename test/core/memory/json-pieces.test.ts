// A journal or undo record is written as JSON made a piece at a time (src/core/memory/json-pieces.ts); the file must
// read exactly as JSON.stringify writes it, whatever the note holds.
import { jsonPieces } from '../../../src/core/memory/json-pieces';

const whole = (value: unknown) => JSON.stringify(value) + '\n';
const joined = (value: unknown) => [...jsonPieces(value)].join('');
const MB = 1024 * 1024;

describe('jsonPieces', () => {
  test('a small record is one piece, as JSON.stringify writes it', () => {
    const tx = { version: 1, notes: [{ path: 'a.md', before: 'x\n', after: 'y "q" \\ \u2026\n' }] };
    expect([...jsonPieces(tx)]).toEqual([whole(tx)]);
  });

  test('a note of megabytes is made in pieces that join to the same JSON', () => {
    const log = Array.from({ length: 60_000 }, (_, i) => `harbour gauge ${i}: "1.42" m\tok \u2026 \u{1F30A}`).join('\n');
    const tx = {
      version: 1,
      id: 'c1',
      notes: [{ path: 'projects/tidepool.md', before: log, after: `${log}\n- added ^cm-1\n`, items: {} }],
      session: null,
    };
    const pieces = [...jsonPieces(tx)];
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2.2 * MB);
    expect(pieces.join('')).toBe(whole(tx));
    // Iterated again (the undo record after the journal), the same text.
    expect(joined(tx)).toBe(whole(tx));
  });

  test('a piece never ends between the halves of a surrogate pair', () => {
    const text = 'x'.repeat(MB - 1) + '\u{1F30A}' + 'y'.repeat(MB);
    expect(joined({ text })).toBe(whole({ text }));
    expect(joined({ text: `${text}\ud800` })).toBe(whole({ text: `${text}\ud800` }));
  });

  test('a text that reads like a slot is written as it is', () => {
    const text = 'z'.repeat(MB);
    const tricky = { a: '\u0000codex-memory-json-piece-0', b: text };
    expect(joined(tricky)).toBe(whole(tricky));
  });
});

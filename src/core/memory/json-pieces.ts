// JSON of a journal or an undo record, made piece by piece as it is written. Such a record holds a note before and
// after a checkpoint: with a pasted log of 200,000 lines that is 30 MB of JSON, twice the bytes again in memory when
// the note has one character beyond Latin-1. Pieces of about a megabyte are made and written one at a time instead.

/** Strings this long are turned into JSON apart, a piece at a time. */
const PIECE_CHARS = 1024 * 1024;
/** Stands in for a long string while the rest is made into JSON (a NUL first: JSON writes it as `\u0000`). */
const SLOT = '\u0000codex-memory-json-piece-';

/** `JSON.stringify(value) + '\n'`, as pieces made when iterated (every iteration makes them anew). */
export function jsonPieces(value: unknown): Iterable<string> {
  const long: string[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'string' || v.length < PIECE_CHARS) return v;
    long.push(v);
    return `${SLOT}${long.length - 1}`;
  });
  if (long.length === 0) return [json + '\n'];
  const slots = long.map((_, i) => JSON.stringify(`${SLOT}${i}`));
  const at = slots.map((slot) => json.indexOf(slot));
  // A text of the record that itself reads like a slot: made whole, as JSON.stringify makes it.
  if (at.some((a, i) => a === -1 || json.includes(slots[i], a + 1) || (i > 0 && a < at[i - 1]))) return [JSON.stringify(value) + '\n'];
  return {
    *[Symbol.iterator]() {
      let from = 0;
      for (const [i, s] of long.entries()) {
        yield json.slice(from, at[i]);
        yield* stringPieces(s);
        from = at[i] + slots[i].length;
      }
      yield json.slice(from) + '\n';
    },
  };
}

/** JSON.stringify(s), a piece at a time: JSON escapes each character (a surrogate pair as one) on its own. */
function* stringPieces(s: string): Generator<string> {
  yield '"';
  for (let from = 0; from < s.length;) {
    let end = Math.min(s.length, from + PIECE_CHARS);
    const last = s.charCodeAt(end - 1);
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield JSON.stringify(s.slice(from, end)).slice(1, -1);
    from = end;
  }
  yield '"';
}

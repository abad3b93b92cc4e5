// Offset ↔ line arithmetic over a note's text. Works on '\n' so CRLF and LF notes count lines alike.

/** Offsets at which each line starts; index 0 is line 1. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset, given lineStarts(text). */
export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * 1-based lines of offsets asked for in about note order (a walk over a note's tree): each answer counts the
 * line breaks between the last offset asked and this one, so a note of 200,000 lines is not indexed line by line
 * for the few dozen lines a structure names.
 */
export function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at - offset) {
      // Nearer the start than the last offset (the frontmatter after the body): count from the start.
      at = 0;
      line = 1;
    }
    if (offset >= at) {
      for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    } else {
      for (let i = text.lastIndexOf('\n', at - 1); i >= offset; i = i > 0 ? text.lastIndexOf('\n', i - 1) : -1) line--;
    }
    at = offset;
    return line;
  };
}

/** 1-based line of an offset (one-off use; build lineStarts for many). */
export function lineAt(text: string, offset: number): number {
  return lineOf(lineStarts(text), offset);
}

/** Offset where the line holding `offset` begins. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset where the line holding `offset` ends, before its '\r\n' or '\n'. */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Offset just past the line break ending at `lineEnd` (lineEnd itself when the text ends there). */
export function pastLineBreak(text: string, lineEnd: number): number {
  if (text.startsWith('\r\n', lineEnd)) return lineEnd + 2;
  return text[lineEnd] === '\n' ? lineEnd + 1 : lineEnd;
}

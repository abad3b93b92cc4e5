// Small text helpers every layer uses, kept once: a line for a list or a title, and a counted noun.

/** `text` on one line (runs of whitespace, newlines included, become one space), cut to `max` with "…". */
export function oneLine(text: string, max = Infinity): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "1 change", "3 changes"; `many` for nouns whose plural is not just +s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

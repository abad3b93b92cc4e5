// Markdown-aware sentence splitting for chat text. The rules that read a session work sentence by sentence,
// so this decides what a "sentence" is: list items and headings stand alone, code blocks and quoted
// (pasted) text are dropped because they are material, not something the speaker is saying.

export interface Sentence {
  text: string;
  /** The line that introduced the list this sentence belongs to ("Next steps:"), if any. */
  lead?: string;
  /** Index of the block (paragraph, list item, heading) in the message. */
  block: number;
  /** Position of the sentence inside its block. */
  index: number;
}

const LIST_ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const HEADING = /^\s{0,3}#{1,6}\s+/;
const FENCE = /^\s{0,3}(```|~~~)/;

// Words after which a period does not end a sentence.
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'mr',
  'mrs',
  'dr',
  'prof',
  'approx',
  'cf',
  'fig',
  'nr',
  'jr',
  'sr',
  'inc',
  'ltd',
  'corp',
  'dept',
  'resp',
  'incl',
  'excl',
  'al',
  'eg',
  'ie',
]);

/** Splits a message into blocks (paragraphs, list items, headings), then each block into sentences. */
export function splitSentences(markdown: string): Sentence[] {
  const out: Sentence[] = [];
  let block = 0;
  let lead: string | undefined;
  for (const b of blocks(markdown)) {
    if (b.kind === 'heading') {
      lead = b.text.replace(/:$/, '');
      continue;
    }
    if (b.kind === 'paragraph') lead = undefined;
    const parts = splitBlock(b.text);
    parts.forEach((text, index) => out.push({ text, lead: b.kind === 'item' ? lead : undefined, block, index }));
    // A paragraph whose last sentence ends in ':' introduces the list that follows.
    if (b.kind === 'paragraph' && /:\s*$/.test(b.text)) lead = (parts[parts.length - 1] ?? '').replace(/:\s*$/, '');
    block++;
  }
  return out;
}

interface Block {
  kind: 'paragraph' | 'item' | 'heading';
  text: string;
}

function blocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let cur: Block | null = null;
  let fence: string | null = null;
  const flush = () => {
    if (cur && cur.text.trim()) out.push({ kind: cur.kind, text: cur.text.replace(/\s+/g, ' ').trim() });
    cur = null;
  };
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1] === fence) fence = null;
      continue;
    }
    if (f) {
      flush();
      fence = f[1];
      continue;
    }
    if (!line.trim() || /^\s*>/.test(line) || /^\s*(?:---+|\*\*\*+|___+)\s*$/.test(line)) {
      flush();
      continue;
    }
    if (HEADING.test(line)) {
      flush();
      out.push({ kind: 'heading', text: line.replace(HEADING, '').replace(/\s+/g, ' ').trim() });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      cur = { kind: 'item', text: line.replace(LIST_ITEM, '') };
      continue;
    }
    if (cur) cur.text += ' ' + line.trim();
    else cur = { kind: 'paragraph', text: line.trim() };
  }
  flush();
  return out;
}

/** Splits one block of running text at sentence ends, never inside `code` or (parentheses). */
export function splitBlock(text: string, respectParens = true): string[] {
  const out: string[] = [];
  let start = 0;
  let inCode = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') inCode = !inCode;
    if (inCode) continue;
    if (respectParens && ch === '(') depth++;
    if (respectParens && ch === ')') depth = Math.max(0, depth - 1);
    if (depth > 0 || (ch !== '.' && ch !== '!' && ch !== '?')) continue;
    let end = i + 1;
    while (end < text.length && /[.!?"'”’)\]*_]/.test(text[end])) end++;
    if (end < text.length && !/\s/.test(text[end])) continue;
    const next = text.slice(end).trimStart()[0];
    if (next !== undefined && !/[\p{Lu}\d`"'“‘([*_~@#]/u.test(next)) continue;
    if (ch === '.' && isAbbreviation(text.slice(start, i))) continue;
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  // Unbalanced parentheses ("1) first") would glue the whole block together: split again without them.
  if (respectParens && depth > 0 && out.length === 1 && text.length > 200) return splitBlock(text, false);
  return out;
}

function isAbbreviation(before: string): boolean {
  const m = /(\S*)\s*?([\p{L}.]+)$/u.exec(before);
  const word = m?.[2]?.toLowerCase();
  if (!word) return false;
  // An initial ("J. Smith", "J. R. R. Tolkien") follows nothing, a capitalised word or another initial;
  // "option B." ends a sentence.
  if (/^\p{L}$/u.test(word)) {
    const prev = /(\S+)\s+\S+$/u.exec(before.trimEnd())?.[1];
    return prev === undefined || /^\p{Lu}/u.test(prev);
  }
  return ABBREVIATIONS.has(word.replace(/\.$/, ''));
}

const LEAD_IN =
  /^(?:going forward|from now on|by default|in general|as a rule|in (?:the )?future|for now|for the record|for future reference|in this (?:repo|project|codebase)|here|also|so|then|and|ok(?:ay)?|actually|generally|\p{L}+ly)[,.:]?$/iu;

/**
 * Splits a sentence into clauses where a speaker strings separate requests together:
 * "I prefer small commits, and please don't add dependencies" → two clauses.
 */
export function splitClauses(sentence: string): string[] {
  const parts = sentence
    .split(
      /\s*;\s+|,?\s+(?:and|but)\s+(?=(?:please|don't|do not|never|always|also|then|make sure|i|we|you|let's|leave|add|keep|use|avoid|switch|remember)\b)|,\s+(?=(?:please|then|also)\b)/iu,
    )
    .map((p) => p.trim())
    .filter(Boolean);
  // An adverbial lead-in ("Going forward, please …") belongs to the clause it introduces; a short clause of
  // its own ("Switch it") does not.
  const out: string[] = [];
  let carry = '';
  for (const p of parts) {
    const joined = carry ? `${carry}, ${p}` : p;
    if (LEAD_IN.test(p) && p !== parts[parts.length - 1]) carry = joined;
    else {
      out.push(joined);
      carry = '';
    }
  }
  return out.length ? out : [sentence];
}

/** Collapses whitespace and trims list markers and trailing separators. */
export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(LIST_ITEM, '')
    .replace(/^[,;:\s-]+|[,;\s-]+$/g, '')
    .trim();
}

/** Upper-cases the first letter (not inside `code`). */
export function capitalize(text: string): string {
  return text.replace(/^(\p{Ll})/u, (c) => c.toUpperCase());
}

/** A sentence ends with terminal punctuation. */
export function ensurePeriod(text: string): string {
  return /[.!?…)`"'”]$/.test(text) ? text : text + '.';
}

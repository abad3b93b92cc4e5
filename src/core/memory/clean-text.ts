// Every piece of text a checkpoint writes into a note passes through here: secrets are redacted (again —
// a model's answer is not trusted to have kept the redaction), and the text is made to stay what it is
// meant to be: one bullet stays one bullet, a summary cannot open a heading, a frontmatter fence or a block id.
import { redact } from '../security/redact';
import { truncateUtf8 } from '../security/safe-names';

// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a note
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g;
const TRAILING_BLOCK_ID = /(?:^|\s)\^[A-Za-z0-9-]+\s*$/;
const BLOCK_START = /^(?:#{1,6}(?=\s|$)|>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$)|={3,}|-{3,}|`{3,}|~{3,}|<)/;

function shorten(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** One line of item text: redacted, no line breaks or control characters, no trailing `^id`, bounded. */
export function cleanLine(text: string, maxChars = 600): string {
  let s = redact(String(text ?? ''))
    .text.replace(CONTROL, ' ')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  while (TRAILING_BLOCK_ID.test(s)) s = s.replace(TRAILING_BLOCK_ID, '').trim();
  s = shorten(s, maxChars);
  return BLOCK_START.test(s) ? `\\${s}` : s;
}

/** A paragraph (summary): redacted, one paragraph, cannot start a heading, list, quote or fence. */
export function cleanParagraph(text: string, maxChars = 1500): string {
  return cleanLine(text, maxChars);
}

/** A frontmatter value: redacted, one line, bounded (the YAML writer does the quoting). */
export function cleanValue(text: string): string {
  return truncateUtf8(
    redact(String(text))
      .text.replace(CONTROL, ' ')
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    2000,
  );
}

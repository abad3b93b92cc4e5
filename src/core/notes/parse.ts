// Split a note into frontmatter and body without changing a byte. Offsets always refer to note.text,
// so a BOM or CRLF line endings never shift what an edit touches.
import { parseDocument, type Document } from 'yaml';
import { NoteParseError } from './errors';
import { lineAt } from './lines';
import { readSimpleYaml } from './simple-yaml';

export interface Frontmatter {
  /** YAML text between the fences (ends with the line break before the closing fence, or is empty). */
  raw: string;
  data: Record<string, unknown>;
  /** Offset of the opening fence (after a BOM) in note.text. */
  start: number;
  /** Offset just past the closing fence's line break (or the end of the text when it has none). */
  end: number;
  /** Offset of raw in note.text. */
  rawStart: number;
  /** 1-based line of the first YAML line in the note. */
  rawLine: number;
}

export interface Note {
  path: string;
  /** Exactly as given. */
  text: string;
  bom: boolean;
  eol: '\n' | '\r\n';
  frontmatter: Frontmatter | null;
  /** Everything after the frontmatter block (or after the BOM when there is none). */
  body: string;
  /** Offset of body in text. */
  bodyOffset: number;
}

/** The options every YAML read in the note model uses; also used by edits so both agree on validity. */
export const YAML_OPTIONS = { uniqueKeys: true, prettyErrors: true, strict: true } as const;
/** Caps alias expansion so a "billion laughs" note costs microseconds, not memory. */
export const MAX_ALIAS_COUNT = 100;

const FENCE = /^---[ \t]*$/;
const TAGGED_FENCE = /^---[ \t]*[A-Za-z][\w-]*[ \t]*$/;

export function detectEol(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** The line starting at `from` without its line break, and the offset where the next line starts. */
function readLine(text: string, from: number): [string, number] {
  const nl = text.indexOf('\n', from);
  const stop = nl === -1 ? text.length : nl + 1;
  const content = text.slice(from, nl === -1 ? text.length : nl).replace(/\r$/, '');
  return [content, stop];
}

export function parseNote(path: string, text: string): Note {
  const bom = text.charCodeAt(0) === 0xfeff;
  const eol = detectEol(text);
  const start = bom ? 1 : 0;
  const [first, afterFirst] = readLine(text, start);
  const noteWith = (frontmatter: Frontmatter | null, bodyOffset: number): Note => ({
    path,
    text,
    bom,
    eol,
    frontmatter,
    body: text.slice(bodyOffset),
    bodyOffset,
  });
  if (TAGGED_FENCE.test(first)) throw new NoteParseError(path, 1, 'unsupported frontmatter language');
  // A lone "---" with nothing after it is a thematic break, not an empty frontmatter block.
  if (!FENCE.test(first) || (afterFirst === text.length && !text.endsWith('\n'))) {
    return noteWith(null, start);
  }
  let pos = afterFirst;
  while (pos < text.length) {
    const [line, next] = readLine(text, pos);
    if (FENCE.test(line)) {
      const raw = text.slice(afterFirst, pos);
      const data = readYaml(path, raw, 2);
      return noteWith({ raw, data, start, end: next, rawStart: afterFirst, rawLine: 2 }, next);
    }
    pos = next;
  }
  throw new NoteParseError(path, 1, 'frontmatter fence "---" is never closed');
}

/** Parse frontmatter YAML into a Document, throwing NoteParseError on anything a person should fix. */
export function readYamlDocument(path: string, raw: string, firstLine: number): Document {
  const doc = parseDocument(raw, YAML_OPTIONS);
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    // yaml reports an unfinished value at the end of the text; name the last YAML line instead, not the fence.
    const lastLine = Math.max(1, raw.split('\n').length - 1);
    const line = firstLine + Math.min(pos ? pos.line : 1, lastLine) - 1;
    throw new NoteParseError(path, line, describe(err.code, raw, err.pos[0]), pos?.col);
  }
  return doc;
}

function readYaml(path: string, raw: string, firstLine: number): Record<string, unknown> {
  const simple = readSimpleYaml(raw);
  if (simple) return simple;
  const doc = readYamlDocument(path, raw, firstLine);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const alias = raw.search(/\*[^\s,\]}]/);
    const line = firstLine + (alias === -1 ? 0 : lineAt(raw, alias) - 1);
    const message = e instanceof Error ? e.message : String(e);
    const why = /excessive alias count/i.test(message) ? 'too many YAML aliases (possible alias bomb)' : `unreadable YAML (${message})`;
    throw new NoteParseError(path, line, why);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    throw new NoteParseError(path, firstLine, 'frontmatter is not a mapping of keys to values');
  }
  return data as Record<string, unknown>;
}

function describe(code: string, raw: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#]+?))\s*:/
      .exec(raw.slice(offset))
      ?.slice(1)
      .find((k) => k !== undefined);
    return key !== undefined ? `duplicate key "${key}"` : 'duplicate key';
  }
  if (code === 'TAB_AS_INDENT') return 'tab used as indentation (YAML allows spaces only)';
  return `invalid YAML (${code.toLowerCase().replace(/_/g, ' ')})`;
}

export type ParseResult = { ok: true; note: Note } | { ok: false; error: NoteParseError };

export function tryParseNote(path: string, text: string): ParseResult {
  try {
    return { ok: true, note: parseNote(path, text) };
  } catch (e) {
    if (e instanceof NoteParseError) return { ok: false, error: e };
    // Anything else is a bug in the note model; still report it as unreadable rather than crash a run.
    return { ok: false, error: new NoteParseError(path, 1, `could not read note (${String(e)})`) };
  }
}

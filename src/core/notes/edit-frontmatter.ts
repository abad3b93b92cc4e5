// Change one frontmatter key and nothing else: the key's own lines are re-rendered with the yaml Document
// API and spliced back; every other byte of the note (other keys, comments, quoting, EOLs, BOM, body) stays.
import { Document, isAlias, isCollection, isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, Pair, type Node } from 'yaml';
import { NoteEditError, NoteParseError, UNNAMED_NOTE } from './errors';
import { parseNote, readYamlDocument, type Note } from './parse';
import { lineStartAt, lineEndAt, pastLineBreak } from './lines';

/** No folding: a long value stays on one line, as a person would write it. */
const STRINGIFY = { lineWidth: 0, minContentWidth: 0 } as const;

interface KeySpan {
  pair: Pair<Node, Node | null>;
  /** Offsets in the YAML text: start of the key's line, end of its value's last line (before the line break). */
  start: number;
  end: number;
  /** A comment on the value's last line (` # …`), kept verbatim when the value is replaced. */
  comment: string;
}

function keyName(node: unknown): string | null {
  return isScalar(node) ? String(node.value) : null;
}

function toEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

/** The value as it will read back from YAML (e.g. undefined array entries become null). */
function asYaml(value: unknown): unknown {
  return new Document(value).toJS();
}

function findKey(map: YAMLMap, raw: string, key: string): KeySpan | null {
  const pair = map.items.find((p) => keyName(p.key) === key) as Pair<Node, Node | null> | undefined;
  if (!pair?.key.range) return null;
  // Where the value's own text ends (range[2] would also take in comments on the lines below).
  const v = pair.value?.range;
  let last = v && v[1] > v[0] ? v[1] : raw.indexOf(':', pair.key.range[1]) + 1;
  while (last > pair.key.range[0] && /\s/.test(raw[last - 1])) last--;
  const end = lineEndAt(raw, last);
  const rest = raw.slice(last, end);
  const keep = !isCollection(pair.value) && /^\s+#/.test(rest);
  return { pair, start: lineStartAt(raw, pair.key.range[0]), end, comment: keep ? rest : '' };
}

/** The old key without the comments and blank lines above it (those lines are not re-rendered). */
function bareKey(key: Node): Node {
  if (!isScalar(key)) return key;
  const copy = new Scalar(key.value);
  copy.type = key.type;
  return copy;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The new value as a node, reusing the old nodes wherever the value is the same, so comments, quoting and
 * flow style inside a list or map survive (adding a source keeps the person's comment on the first one).
 */
function reconcile(doc: Document, old: unknown, value: unknown): Node {
  const reusable = (n: unknown): n is Node => !!n && !isAlias(n) && !(n as { anchor?: string }).anchor;
  if (isSeq(old) && Array.isArray(value)) {
    const seq = new YAMLSeq(doc.schema);
    seq.flow = old.flow;
    const unused = old.items.filter(reusable);
    for (const v of value) {
      const i = unused.findIndex((n) => sameValue(n.toJSON(), asYaml(v)));
      seq.items.push(i === -1 ? reconcile(doc, null, v) : unused.splice(i, 1)[0]);
    }
    return seq;
  }
  if (isMap(old) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const map = new YAMLMap(doc.schema);
    map.flow = old.flow;
    for (const [k, v] of Object.entries(value)) {
      const was = old.items.find((p) => keyName(p.key) === k);
      const keep = was && reusable(was.value) && sameValue(was.value.toJSON(), asYaml(v));
      map.items.push(new Pair(was ? bareKey(was.key as Node) : doc.createNode(k), keep ? was.value : reconcile(doc, was?.value, v)));
    }
    return map;
  }
  const node = doc.createNode(value) as Node;
  if (isScalar(old) && isScalar(node) && typeof node.value === 'string') {
    const multiLine = node.value.includes('\n');
    if (old.type === Scalar.QUOTE_DOUBLE || old.type === Scalar.QUOTE_SINGLE) node.type = old.type;
    if (old.type === Scalar.BLOCK_LITERAL && multiLine) node.type = old.type;
  }
  return node;
}

/** `key: value` as YAML lines (no final line break), reusing the old key node so its quoting is kept. */
function renderPair(doc: Document, key: string, value: unknown, old: Pair<Node, Node | null> | null): string {
  const out = new Document(null);
  out.contents = new YAMLMap();
  out.contents.items.push(new Pair(old ? bareKey(old.key) : doc.createNode(key), reconcile(doc, old?.value, value)));
  return out.toString(STRINGIFY).replace(/\n$/, '');
}

function replaceRaw(note: Note, raw: string): string {
  const fm = note.frontmatter!;
  return note.text.slice(0, fm.rawStart) + raw + note.text.slice(fm.rawStart + fm.raw.length);
}

/** Checks that an edit changed exactly what it meant to; anything else is a bug, reported, never written. */
function verify(path: string, text: string, expected: Record<string, unknown>): string {
  let after: Record<string, unknown> | null = null;
  try {
    after = parseNote(path, text).frontmatter?.data ?? {};
  } catch (e) {
    if (!(e instanceof NoteParseError)) throw e;
  }
  if (!after || JSON.stringify(after) !== JSON.stringify(expected)) {
    throw new NoteEditError(`${path}: frontmatter edit would change more than the one key; nothing was written`);
  }
  return text;
}

/**
 * yaml re-renders a kept list item with one space before its comment; where a rendered line says the same
 * as an old line of the pair, write the old line, so unchanged items stay byte-identical.
 */
function keepOriginalLines(rendered: string[], original: string[]): string[] {
  const same = (line: string) => line.replace(/[ \t]+#/, ' #').trimEnd();
  let from = 0;
  return rendered.map((line) => {
    const at = original.findIndex((o, i) => i >= from && same(o) === same(line));
    if (at === -1) return line;
    from = at + 1;
    return original[at];
  });
}

/** Set (or add at the end) one top-level frontmatter key. `undefined` removes the key. */
export function setFrontmatterValue(text: string, key: string, value: unknown, path = UNNAMED_NOTE): string {
  if (value === undefined) return removeFrontmatterKey(text, key, path);
  const note = parseNote(path, text);
  const { eol } = note;
  const fm = note.frontmatter;
  const want = asYaml(value);
  if (!fm) {
    const pair = renderPair(new Document(), key, value, null);
    const at = note.bom ? 1 : 0;
    const block = toEol(`---\n${pair}\n---\n`, eol);
    return verify(path, text.slice(0, at) + block + text.slice(at), { [key]: want });
  }
  const expected = { ...fm.data, [key]: want };
  if (Object.hasOwn(fm.data, key) && JSON.stringify(fm.data[key]) === JSON.stringify(want)) return text;
  const doc = readYamlDocument(path, fm.raw, fm.rawLine);
  const root = doc.contents;
  if (isMap(root) && root.flow) {
    // A one-line `{a: 1}` block has no lines of its own per key; re-render it whole.
    doc.set(key, value);
    return verify(path, replaceRaw(note, toEol(doc.toString(STRINGIFY), eol)), expected);
  }
  const span = isMap(root) ? findKey(root, fm.raw, key) : null;
  if (!span) {
    const pair = toEol(renderPair(doc, key, value, null), eol);
    return verify(path, replaceRaw(note, fm.raw + pair + eol), expected);
  }
  const indent = fm.raw.slice(span.start, span.pair.key.range![0]);
  if (/[^ ]/.test(indent)) throw new NoteEditError(`${path}: frontmatter key "${key}" is written in a form this program does not edit`);
  const rendered = renderPair(doc, key, value, span.pair)
    .split('\n')
    .map((l, i) => indent + l + (i ? '' : span.comment));
  const lines = keepOriginalLines(rendered, fm.raw.slice(span.start, span.end).split(/\r?\n/)).join(eol);
  const raw = fm.raw.slice(0, span.start) + lines + fm.raw.slice(span.end);
  return verify(path, replaceRaw(note, raw), expected);
}

/** Remove one top-level frontmatter key with its line(s); absent key → text unchanged. */
export function removeFrontmatterKey(text: string, key: string, path = UNNAMED_NOTE): string {
  const note = parseNote(path, text);
  const fm = note.frontmatter;
  if (!fm || !Object.hasOwn(fm.data, key)) return text;
  const expected = { ...fm.data };
  delete expected[key];
  const doc = readYamlDocument(path, fm.raw, fm.rawLine);
  const root = doc.contents;
  if (!isMap(root)) return text;
  if (root.flow) {
    doc.delete(key);
    return verify(path, replaceRaw(note, toEol(doc.toString(STRINGIFY), note.eol)), expected);
  }
  const span = findKey(root, fm.raw, key);
  if (!span) return text;
  const raw = fm.raw.slice(0, span.start) + fm.raw.slice(pastLineBreak(fm.raw, span.end));
  return verify(path, replaceRaw(note, raw), expected);
}

// Headings, list items, wiki links and block ids of a note, read from the remark (mdast) tree of its body.
// Offsets are translated back into note.text, so they stay right with a BOM, frontmatter and CRLF.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Nodes, Parents, Root, ListItem as MdListItem } from 'mdast';
import type { Note } from './parse';
import { lineCounter, lineStartAt, lineEndAt } from './lines';
import { findWikiLinks, parseLinkInner, WIKI_LINK, type WikiLink } from './links';
import { parseWithLongLines } from './long-lines';

export type { WikiLink } from './links';

export interface Heading {
  depth: number;
  /** Plain text of the heading. */
  text: string;
  line: number;
  /** Offsets in note.text of the heading's whole line(s), without the final line break. */
  start: number;
  end: number;
}

export interface ListItem {
  /** The item's own text without marker, checkbox or trailing block id (continuation lines joined by '\n'). */
  text: string;
  blockId?: string;
  /** null when the item has no checkbox. */
  checked: boolean | null;
  /** 1-based line in the whole note. */
  line: number;
  /** Offsets in note.text of the item's own line(s), whole lines without the final line break, excluding nested children. */
  start: number;
  end: number;
  headingPath: string[];
  /** Nesting level, 0 = top. */
  depth: number;
  /** Offsets of the text part (after marker and checkbox, before the block id) in note.text. */
  textStart: number;
  textEnd: number;
  /** Offset of the character between the checkbox brackets, when there is a checkbox. */
  checkboxAt?: number;
  /** Offset where the item's marker starts (after indentation or a blockquote prefix). */
  markerAt: number;
  /** Number of items nested below this one (all levels). */
  nested: number;
  /** Offset just past the item's last nested child (== end when it has none). */
  subtreeEnd: number;
}

export interface NoteStructure {
  headings: Heading[];
  items: ListItem[];
  links: WikiLink[];
  /** Links found in frontmatter string values (e.g. `sources`, `superseded_by`). */
  frontmatterLinks: WikiLink[];
  /** Every block id in the body, without the '^', in note order. */
  blockIds: string[];
  /** Top-level lists (offsets in note.text), for edits that add to a list. */
  lists: ListBlock[];
}

export interface ListBlock {
  start: number;
  end: number;
  ordered: boolean;
  headingPath: string[];
  /** Index into `items` of this list's direct items. */
  items: number[];
}

/**
 * GFM's autolink literals (`www.x`, `https://x`, `a@b.c` without brackets) only make links inline, which the
 * structure never reads, and their tokenizer looks back over the whole paragraph at every candidate: a pasted
 * log of 20,000 lines took 8 s (quadratic). So they are left out; tables, task lists, footnotes and
 * strikethrough, which do shape what is read, stay.
 */
const AUTOLINK_LITERALS = new Set(['wwwAutolink', 'protocolAutolink', 'emailAutolink']);

function withoutAutolinkLiterals(this: { data(): { micromarkExtensions?: unknown[] } }): void {
  for (const ext of this.data().micromarkExtensions ?? []) {
    for (const byCode of Object.values(ext as Record<string, Record<string, unknown> | undefined>)) {
      if (!byCode || typeof byCode !== 'object') continue;
      for (const [code, constructs] of Object.entries(byCode)) {
        if (!Array.isArray(constructs)) continue;
        const kept = constructs.filter((c: { name?: string }) => !AUTOLINK_LITERALS.has(c?.name ?? ''));
        if (kept.length !== constructs.length) byCode[code] = kept;
      }
    }
  }
}

const processor = unified().use(remarkParse).use(remarkGfm).use(withoutAutolinkLiterals);
const TRAILING_ID = /(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$/;
const MARKER = /^(?:[-*+]|\d{1,9}[.)])[ \t]*/;
const CHECKBOX = /^\[([ xX])\][ \t]*/;
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell']);

export function plainText(node: Nodes): string {
  if ('value' in node && node.type !== 'html') return node.value;
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}

export function parseBody(body: string): Root {
  return parseWithLongLines(body, (text) => processor.parse(text));
}

/**
 * The structures of the last few large notes read, by their exact text: a checkpoint reads the same big note
 * for every change it plans and checks, and a note of 200,000 lines should be read once, not once per edit.
 * Small notes are read afresh (cheap). Callers only read a structure, never change it.
 */
const recent = new Map<string, NoteStructure>();
const RECENT_MIN_CHARS = 256 * 1024;
const RECENT_ENTRIES = 2;

export function readStructure(note: Note): NoteStructure {
  if (note.text.length < RECENT_MIN_CHARS) return readStructureOnce(note);
  const hit = recent.get(note.text);
  if (hit) return hit;
  const s = readStructureOnce(note);
  recent.set(note.text, s);
  if (recent.size > RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
  return s;
}

function readStructureOnce(note: Note): NoteStructure {
  const { text, bodyOffset } = note;
  const line = lineCounter(text);
  const at = (node: Nodes, edge: 'start' | 'end') => (node.position?.[edge].offset ?? 0) + bodyOffset;
  const out: NoteStructure = { headings: [], items: [], links: [], frontmatterLinks: [], blockIds: [], lists: [] };
  const path: Heading[] = [];
  const headingPath = () => path.map((h) => h.text);

  const visitItem = (node: MdListItem, depth: number): number => {
    const markerAt = at(node, 'start');
    const firstList = node.children.findIndex((c) => c.type === 'list');
    const own = firstList === -1 ? node.children : node.children.slice(0, firstList);
    const ownEnd = own.length ? at(own[own.length - 1], 'end') : lineEndAt(text, markerAt);
    const end = lineEndAt(text, Math.max(markerAt, ownEnd - 1));
    const lead = text.slice(markerAt, end);
    const marker = MARKER.exec(lead)?.[0].length ?? 0;
    const checked = typeof node.checked === 'boolean' ? node.checked : null;
    const box = checked === null ? null : CHECKBOX.exec(lead.slice(marker));
    const textStart = markerAt + marker + (box?.[0].length ?? 0);
    const rest = text.slice(textStart, end);
    const id = TRAILING_ID.exec(rest);
    const raw = (id ? rest.slice(0, id.index) : rest).replace(/[ \t]+$/, '');
    const item: ListItem = {
      // Continuation lines lose their indentation (and quote markers), as Obsidian shows them.
      text: raw
        .split(/\r?\n/)
        .map((l, i) => (i ? l.replace(/^[ \t>]*/, '') : l))
        .join('\n'),
      checked,
      line: line(markerAt),
      start: Math.max(bodyOffset, lineStartAt(text, markerAt)),
      end,
      headingPath: headingPath(),
      depth,
      textStart,
      textEnd: textStart + raw.length,
      markerAt,
      nested: 0,
      subtreeEnd: end,
    };
    if (box) item.checkboxAt = markerAt + marker + 1;
    if (id) item.blockId = id[1];
    out.items.push(item);
    const before = out.items.length;
    for (const child of node.children) walk(child, depth + 1);
    item.nested = out.items.length - before;
    item.subtreeEnd = Math.max(end, lineEndAt(text, Math.max(markerAt, at(node, 'end') - 1)));
    return before - 1;
  };

  const walk = (node: Nodes, listDepth: number): void => {
    if (node.type === 'heading') {
      const h: Heading = {
        depth: node.depth,
        text: plainText(node).trim(),
        line: line(at(node, 'start')),
        start: Math.max(bodyOffset, lineStartAt(text, at(node, 'start'))),
        end: lineEndAt(text, at(node, 'end') - 1),
      };
      while (path.length && path[path.length - 1].depth >= h.depth) path.pop();
      path.push(h);
      out.headings.push(h);
    }
    if (PHRASING_PARENTS.has(node.type)) {
      scanPhrasing(node as Parents);
      return;
    }
    if (node.type === 'list') {
      const block: ListBlock = { start: at(node, 'start'), end: at(node, 'end'), ordered: !!node.ordered, headingPath: headingPath(), items: [] };
      if (listDepth === 0) out.lists.push(block);
      for (const child of node.children) block.items.push(visitItem(child, listDepth));
      return;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child, listDepth);
  };

  // Inline code is blanked out (same length) so `[[x]]` or `^id` inside backticks is not read as one.
  const scanPhrasing = (node: Parents): void => {
    const start = at(node, 'start');
    let src = text.slice(start, at(node, 'end'));
    const blank = (n: Nodes): void => {
      if (n.type === 'inlineCode') {
        const s = at(n, 'start') - start;
        const e = at(n, 'end') - start;
        src = src.slice(0, s) + ' '.repeat(e - s) + src.slice(e);
      } else if ('children' in n) (n.children as Nodes[]).forEach(blank);
    };
    blank(node);
    out.links.push(...findWikiLinks(src, (o) => line(start + o)));
    // A trailing id is on the last line: read from its line break on (where `^` cannot match, as in the whole
    // text), since a paragraph can be a pasted log of megabytes.
    const id = node.type === 'paragraph' ? TRAILING_ID.exec(src.slice(Math.max(0, src.lastIndexOf('\n')))) : null;
    if (id) out.blockIds.push(id[1]);
  };

  walk(parseBody(note.body), 0);
  out.frontmatterLinks = frontmatterLinks(note, line);
  return out;
}

function frontmatterLinks(note: Note, line: (offset: number) => number): WikiLink[] {
  const fm = note.frontmatter;
  if (!fm) return [];
  const found: WikiLink[] = [];
  let from = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(WIKI_LINK)) {
        // Line of the link's spelling in the YAML; escapes in quoted scalars can hide it, then keep the last.
        const where = fm.raw.indexOf(m[0], from);
        if (where !== -1) from = where;
        found.push(parseLinkInner(m[2], m[1] === '!', line(fm.rawStart + from)));
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(fm.data);
  return found;
}

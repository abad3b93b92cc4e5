// Memory items are list bullets. These edits add, change or remove one bullet and leave every other byte.
import { NoteEditError, UNNAMED_NOTE } from './errors';
import { parseNote } from './parse';
import { readStructure, type Heading, type ListItem, type NoteStructure } from './structure';
import { lineEndAt, pastLineBreak } from './lines';
import { BLOCK_ID } from './block-id';

export interface AddListItemOptions {
  /** Block id without '^' to end the bullet with (e.g. from blockIdFor). */
  blockId?: string;
  /** Start the bullet with `[ ] `. */
  checkbox?: boolean;
  /** Depth of the heading: used to prefer a heading of that depth, and when creating it (default 2). */
  headingDepth?: number;
  /** Note path for error messages. */
  path?: string;
}

/** The item's text, refused when it would span lines (a list item is one line). */
function singleLine(itemText: string): string {
  if (/[\r\n]/.test(itemText)) throw new NoteEditError('A list item must be one line of text');
  return itemText.trim();
}

function findHeading(s: NoteStructure, text: string, depth?: number): Heading | undefined {
  const want = text.trim();
  const fits = (h: Heading) => depth === undefined || h.depth === depth;
  return s.headings.find((h) => fits(h) && h.text === want) ?? s.headings.find((h) => fits(h) && h.text.toLowerCase() === want.toLowerCase());
}

/** `- `, `* `, `+ ` or the next number of an ordered list, as the list already writes it. */
function markerFor(text: string, s: NoteStructure, items: number[], ordered: boolean): string {
  const first = s.items[items[0]];
  const last = s.items[items[items.length - 1]];
  if (!ordered) return text[first.markerAt];
  const m = /^(\d+)([.)])/.exec(text.slice(last.markerAt));
  return m ? `${Number(m[1]) + 1}${m[2]}` : '1.';
}

/** What follows a bullet's marker: the checkbox, the one-line text and the block id. */
function bulletText(itemText: string, opts: { checkbox?: boolean; blockId?: string }): string {
  return `${opts.checkbox ? '[ ] ' : ''}${singleLine(itemText)}${opts.blockId ? ` ^${opts.blockId}` : ''}`;
}

/** Where the heading's section ends (the next heading, or the end of the note) and the list in it, if any. */
function sectionOf(s: NoteStructure, heading: Heading, end: number): { sectionEnd: number; list?: NoteStructure['lists'][number] } {
  const next = s.headings.find((h) => h.start > heading.start);
  const sectionEnd = next ? next.start : end;
  return { sectionEnd, list: s.lists.find((l) => l.start > heading.end && l.start < sectionEnd) };
}

/** Append one bullet at the end of the list under a heading (creating list or heading when missing). */
export function addListItem(text: string, headingText: string, itemText: string, opts: AddListItemOptions = {}): string {
  const note = parseNote(opts.path ?? UNNAMED_NOTE, text);
  const s = readStructure(note);
  const { eol } = note;
  if (opts.blockId !== undefined && !BLOCK_ID.test(opts.blockId)) throw new NoteEditError(`Not a valid block id: "${opts.blockId}"`);
  if (opts.blockId && s.blockIds.includes(opts.blockId)) throw new NoteEditError(`Block id ^${opts.blockId} is already in the note`);
  const content = bulletText(itemText, opts);
  const heading = findHeading(s, headingText, opts.headingDepth);
  if (!heading) {
    const depth = Math.min(6, Math.max(1, opts.headingDepth ?? 2));
    let out = text;
    if (out.length > (note.bom ? 1 : 0) && !out.endsWith('\n')) out += eol;
    if (note.body.trim() !== '' && !/\n[ \t]*\r?\n$/.test(out)) out += eol;
    return out + `${'#'.repeat(depth)} ${headingText.trim()}${eol}${eol}- ${content}${eol}`;
  }
  const { sectionEnd, list } = sectionOf(s, heading, text.length);
  if (list) {
    const at = lineEndAt(text, list.end - 1);
    const lineStart = text.lastIndexOf('\n', list.start - 1) + 1;
    const prefix = text.slice(lineStart, list.start);
    return text.slice(0, at) + eol + prefix + markerFor(text, s, list.items, list.ordered) + ' ' + content + text.slice(at);
  }
  // No list yet: a bullet with text may follow any block directly; only where it would be swallowed
  // (an HTML block runs to the next blank line) does it need a blank line first.
  const at = heading.end + text.slice(heading.end, sectionEnd).replace(/\s+$/, '').length;
  const tryAt = (sep: string) => text.slice(0, at) + sep + '- ' + content + text.slice(at);
  const direct = tryAt(eol);
  return landsUnder(direct, heading.text, content, opts) ? direct : tryAt(eol + eol);
}

/** Whether the added bullet reads back as a list item under the heading. */
function landsUnder(text: string, heading: string, content: string, opts: AddListItemOptions): boolean {
  const s = readStructure(parseNote(opts.path ?? UNNAMED_NOTE, text));
  return s.items.some(
    (i) =>
      i.headingPath[i.headingPath.length - 1] === heading &&
      (opts.blockId ? i.blockId === opts.blockId : text.slice(i.markerAt, i.end).endsWith(content)),
  );
}

function itemWith(text: string, blockId: string, path: string): ListItem {
  const item = readStructure(parseNote(path, text)).items.find((i) => i.blockId === blockId);
  if (!item) throw new NoteEditError(`${path}: no list item with block id ^${blockId}`);
  return item;
}

/** Replace the text of the bullet ending in `^blockId`, keeping its marker, checkbox and block id. */
export function replaceListItem(text: string, blockId: string, newItemText: string, path = UNNAMED_NOTE): string {
  const item = itemWith(text, blockId, path);
  const next = singleLine(newItemText);
  const space = text[item.textEnd] === '^' ? ' ' : '';
  return text.slice(0, item.textStart) + next + space + text.slice(item.textEnd);
}

/** Remove the bullet ending in `^blockId`. Refused when a person nested items under it. */
export function removeListItem(text: string, blockId: string, path = UNNAMED_NOTE): string {
  const item = itemWith(text, blockId, path);
  if (item.nested > 0) throw new NoteEditError(`${path}: the item ^${blockId} has items nested under it; it was left in place`);
  const after = pastLineBreak(text, item.end);
  if (after > item.end) return text.slice(0, item.start) + text.slice(after);
  // Last line without a final line break: take the break before it, so the note still ends without one.
  const before = item.start >= 2 && text.slice(item.start - 2, item.start) === '\r\n' ? 2 : item.start > 0 ? 1 : 0;
  return text.slice(0, item.start - before) + text.slice(item.end);
}

/** Tick or untick the checkbox of the bullet ending in `^blockId`. */
export function setChecked(text: string, blockId: string, checked: boolean, path = UNNAMED_NOTE): string {
  const item = itemWith(text, blockId, path);
  if (item.checkboxAt === undefined) throw new NoteEditError(`${path}: the item ^${blockId} has no checkbox`);
  if (item.checked === checked) return text;
  return text.slice(0, item.checkboxAt) + (checked ? 'x' : ' ') + text.slice(item.checkboxAt + 1);
}

/**
 * Several items under one heading at once, as if added one by one with addListItem, but with two parses of
 * the note instead of two per item: on a long session's note (hundreds of bullets) that is the difference
 * between linear and quadratic time. The first item goes through addListItem (which makes the heading and
 * the list when missing); the rest are written after it in one go and read back once, and when any of them
 * would not land in that list as a bullet of its own, they are added one by one after all.
 */
export function addListItems(
  text: string,
  headingText: string,
  items: { text: string; blockId?: string; checkbox?: boolean }[],
  path?: string,
): string {
  if (!items.length) return text;
  const out = addListItem(text, headingText, items[0].text, { blockId: items[0].blockId, checkbox: items[0].checkbox, path });
  const rest = items.slice(1);
  if (!rest.length) return out;
  return (
    appendToList(out, headingText, rest, path) ??
    rest.reduce((t, i) => addListItem(t, headingText, i.text, { blockId: i.blockId, checkbox: i.checkbox, path }), out)
  );
}

/** The items appended to the list under the heading in one edit, or null when that is not the same as adding each. */
function appendToList(
  text: string,
  headingText: string,
  items: { text: string; blockId?: string; checkbox?: boolean }[],
  path?: string,
): string | null {
  const note = parseNote(path ?? UNNAMED_NOTE, text);
  const s = readStructure(note);
  const list = listUnder(s, headingText, text.length);
  if (!list) return null;
  const ids = new Set(s.blockIds);
  for (const i of items) {
    if (!i.blockId) continue;
    if (!BLOCK_ID.test(i.blockId) || ids.has(i.blockId)) return null;
    ids.add(i.blockId);
  }
  const at = lineEndAt(text, list.end - 1);
  const lineStart = text.lastIndexOf('\n', list.start - 1) + 1;
  const prefix = text.slice(lineStart, list.start);
  const marker = markerFor(text, s, list.items, list.ordered);
  const numbered = /^(\d+)([.)])$/.exec(marker);
  const contents = items.map((i) => bulletText(i.text, i));
  const bullets = contents.map((c, k) => `${note.eol}${prefix}${numbered ? `${Number(numbered[1]) + k}${numbered[2]}` : marker} ${c}`);
  const out = text.slice(0, at) + bullets.join('') + text.slice(at);
  // One read-back for all: the list must have gained exactly these bullets, in order.
  const after = readStructure(parseNote(path ?? UNNAMED_NOTE, out));
  const grown = listUnder(after, headingText, out.length);
  if (!grown || grown.items.length !== list.items.length + items.length) return null;
  const landed = grown.items.slice(list.items.length).every((n, k) => out.slice(after.items[n].markerAt, after.items[n].end).endsWith(contents[k]));
  return landed ? out : null;
}

function listUnder(s: NoteStructure, headingText: string, end: number): NoteStructure['lists'][number] | undefined {
  const heading = findHeading(s, headingText);
  return heading && sectionOf(s, heading, end).list;
}

// Replays a planned edit onto a note's text with the note model's one-bullet edits, and stamps the notes
// the program changes (`updated`, `sources`) — only where the note already has frontmatter, so a person's
// plain markdown note never grows a YAML block it did not ask for.
import { addListItem, parseNote, removeListItem, replaceListItem, setChecked, setFrontmatterValue } from '../notes';
import { elidePlainRuns } from '../notes/elide';
import { NoteEditError } from '../notes/errors';
import type { NoteEdit } from './plan';

export function applyEdit(text: string | null, edit: NoteEdit, path: string): string {
  if (edit.type === 'create') {
    if (text !== null) throw new NoteEditError(`${path} already exists`);
    return edit.text;
  }
  if (text === null) throw new NoteEditError(`${path} does not exist`);
  switch (edit.type) {
    case 'add':
      return addListItem(text, edit.heading, edit.text, { blockId: edit.blockId, checkbox: edit.checkbox, path });
    case 'replace':
      return replaceListItem(text, edit.blockId, edit.text, path);
    case 'tick':
      return setChecked(replaceListItem(text, edit.blockId, edit.text, path), edit.blockId, true, path);
    case 'move': {
      const without = removeListItem(text, edit.blockId, path);
      return addListItem(without, edit.heading, edit.text, { blockId: edit.blockId, path });
    }
    case 'frontmatter':
      return setFrontmatterValue(text, edit.key, edit.value, path);
    case 'none':
      return text;
  }
}

/** Sets `updated` and adds the session link to `sources` (a list; a single string becomes a list of two). */
export function stampNote(text: string, path: string, nowIso: string, sessionLink: string | null): string {
  const note = parseNote(path, text);
  if (!note.frontmatter) return text;
  // Only the frontmatter block is edited (and read back by each edit): a body of megabytes is joined on once.
  const head = text.slice(0, note.bodyOffset);
  let out = head;
  const data = note.frontmatter.data;
  if (sessionLink) {
    const sources = data.sources;
    const list: unknown[] | null =
      sources === undefined || sources === null
        ? []
        : Array.isArray(sources)
          ? (sources as unknown[])
          : typeof sources === 'string'
            ? [sources]
            : null;
    // Anything else in `sources` is a person's own structure: leave it.
    if (list && !list.includes(sessionLink)) out = setFrontmatterValue(out, 'sources', [...list, sessionLink], path);
  }
  if ('updated' in data || 'created' in data) out = setFrontmatterValue(out, 'updated', nowIso, path);
  return out === head ? text : out + text.slice(note.bodyOffset);
}

/**
 * `edit(text)` run on the note with its long runs of plain lines left out when it has any (notes/elide.ts), and
 * its text then put back whole: on a note holding a pasted log of 200,000 lines each edit reads and copies
 * kilobytes, not megabytes, and the full text is joined once. `short` is the edited note without those runs (the
 * same frontmatter, headings and bullets), for what reads only those. Small notes are edited as they are.
 */
export function editShortened<T extends { text: string | null }>(
  text: string,
  path: string,
  edit: (text: string) => T,
): T & { short: string | null } {
  const view = elidePlainRuns(text, path);
  if (view) {
    const done = edit(view.text);
    const full = done.text === null ? null : view.expand(done.text);
    if (full !== null) return { ...done, text: full, short: done.text };
  }
  const done = edit(text);
  return { ...done, short: done.text };
}

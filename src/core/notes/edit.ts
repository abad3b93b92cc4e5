// Text-in, text-out edits of a note. Each returns the full new text and changes nothing it was not asked to.
import { stringify } from 'yaml';

export { setFrontmatterValue, removeFrontmatterKey } from './edit-frontmatter';
export { addListItem, addListItems, replaceListItem, removeListItem, setChecked, type AddListItemOptions } from './edit-list';

/** Text of a new note: frontmatter keys in the order given, then the body, with the requested line endings. */
export function renderNote(frontmatter: Record<string, unknown> | null, body: string, eol: '\n' | '\r\n' = '\n'): string {
  let text = body;
  if (frontmatter) {
    const defined = Object.fromEntries(Object.entries(frontmatter).filter(([, v]) => v !== undefined));
    const yaml = Object.keys(defined).length ? stringify(defined, { lineWidth: 0, minContentWidth: 0 }) : '';
    text = `---\n${yaml}---\n${body}`;
  }
  return text.replace(/\r?\n/g, eol);
}

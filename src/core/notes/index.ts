// The note model: read a note into frontmatter + body + structure, and edit it one key or one bullet at a time.
export { NoteParseError, NoteEditError } from './errors';
export { parseNote, tryParseNote, detectEol, type Note, type Frontmatter, type ParseResult } from './parse';
export { readStructure, type NoteStructure, type Heading, type ListItem, type ListBlock } from './structure';
export {
  setFrontmatterValue,
  removeFrontmatterKey,
  addListItem,
  addListItems,
  replaceListItem,
  removeListItem,
  setChecked,
  renderNote,
  type AddListItemOptions,
} from './edit';
export { blockIdFor, uniqueBlockIdFor, isProgramBlockId, BLOCK_ID } from './block-id';
export { wikiLink, linkTargetMatches, findWikiLinks, type WikiLink } from './links';
export { lineAt, lineStarts, lineOf } from './lines';

// Links the checkpoint writes: to a note, and to one bullet in it (Obsidian's `[[note#^block|alias]]`).
import { wikiLink } from '../notes';
import { safeFileStem } from '../security/safe-names';
import { cleanLine } from './clean-text';

/** A link that never throws: folder settings may hold characters Obsidian links cannot carry. */
export function linkTo(path: string, alias?: string): string {
  try {
    return wikiLink(path, alias);
  } catch {
    return `[[${safeFileStem(path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, ''))}]]`;
  }
}

export function blockLink(path: string, blockId: string, alias: string): string {
  const label = cleanLine(alias, 60)
    .replace(/[[\]|#^]/g, ' ')
    .trim();
  return linkTo(path).replace(/(\|[^\]]*)?\]\]$/, `#^${blockId}${label ? `|${label}` : ''}]]`);
}

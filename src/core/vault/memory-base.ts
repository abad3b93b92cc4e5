// `Memory.base`: an Obsidian Bases view of the memory notes that `init` writes once (and never again: a
// person's edits to it are theirs). It lists the notes Codex Memory keeps, by the frontmatter they carry:
// `type`, `project` (session notes link theirs), `status` and `updated`. How often a note was given to
// Codex or cited is not in frontmatter (it lives in the state folder, and writing it into notes would make
// every session edit them), so the base has no column for it.
import type { FolderSettings } from '../settings';

export const MEMORY_BASE = 'Memory.base';

/** Every view lists the most recently updated notes first. */
const NEWEST_FIRST = ['    sort:', '      - property: note.updated', '        direction: DESC'];

/** YAML in the Bases format (filters, properties, views). Folder names come from the settings. */
export function memoryBase(folders: FolderSettings): string {
  const q = (s: string) => JSON.stringify(s.replace(/\/+$/, ''));
  return [
    '# Codex Memory: the notes Codex sessions are given, by type, project, status and last update.',
    '# Written once by `codex-memory init`; edit it freely, it is never overwritten.',
    'filters:',
    '  and:',
    '    - \'file.hasProperty("type")\'',
    '    - not:',
    `        - 'file.inFolder(${q(folders.inbox)})'`,
    'properties:',
    '  note.type:',
    '    displayName: Type',
    '  note.project:',
    '    displayName: Project',
    '  note.status:',
    '    displayName: Status',
    '  note.updated:',
    '    displayName: Updated',
    'views:',
    '  - type: table',
    '    name: By type',
    '    groupBy:',
    '      property: note.type',
    '      direction: ASC',
    '    order:',
    '      - file.name',
    '      - note.project',
    '      - note.status',
    '      - note.updated',
    ...NEWEST_FIRST,
    '  - type: table',
    '    name: Projects',
    '    filters:',
    '      and:',
    '        - \'type == "project"\'',
    '    order:',
    '      - file.name',
    '      - note.status',
    '      - note.updated',
    ...NEWEST_FIRST,
    '  - type: table',
    '    name: Sessions by project',
    '    filters:',
    '      and:',
    `        - 'file.inFolder(${q(folders.sessions)})'`,
    '    groupBy:',
    '      property: note.project',
    '      direction: ASC',
    '    order:',
    '      - file.name',
    '      - note.updated',
    ...NEWEST_FIRST,
    '  - type: table',
    '    name: Recently updated',
    '    order:',
    '      - file.name',
    '      - note.type',
    '      - note.project',
    '      - note.status',
    '      - note.updated',
    ...NEWEST_FIRST,
    '    limit: 50',
    '',
  ].join('\n');
}

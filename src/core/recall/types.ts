// The shapes the recall side shares with its callers (CLI, hooks, MCP server, plugin).
// Field names follow docs/architecture.md's `context --json` and `search --json` contracts.

export type MemoryMode = 'auto' | 'pin' | 'never';

/** One note as handed to the index: vault-relative path, its text, and its modification time (ms). */
export interface NoteInput {
  path: string;
  text: string;
  mtime: number;
}

/** A searchable piece of a note: one list item (bullet), the prose of one heading section, or the bare note. */
export interface IndexedUnit {
  /** Unique within one index; also the full-text engine's document id. */
  id: number;
  path: string;
  kind: 'bullet' | 'section' | 'note';
  /** Heading path above the unit, outermost first, joined with ' > '. */
  heading?: string;
  /** Obsidian block id (without '^') when the unit carries one. */
  block?: string;
  /** Checkbox state when the bullet is a task. */
  task?: 'open' | 'done';
  /** The unit's markdown without its list marker, checkbox or block id, on one line per source line. */
  text: string;
  /** Wiki-link targets inside the unit, as written (no alias, no #heading). */
  links: string[];
  /** 1-based line of the unit in the note. */
  line: number;
}

/** What recall knows about one note: frontmatter facts plus its units. */
export interface IndexedNote {
  path: string;
  mtime: number;
  title: string;
  aliases: string[];
  type?: string;
  status?: string;
  memory: MemoryMode;
  scope?: 'global' | 'project';
  repo: string[];
  remote: string[];
  /** The working directory a session note came from. */
  cwd?: string;
  /** Frontmatter `superseded_by` (or status superseded). */
  superseded: boolean;
  /** Wiki-link targets anywhere in the note (frontmatter values and body). */
  links: string[];
  /** Wiki-link targets in frontmatter values (`sources`, `project`, …): what the whole note is about. */
  frontLinks: string[];
  /** Best known date of the note's content, ms since the epoch (frontmatter, else mtime). */
  time: number;
  /** Frontmatter `compact: drop`: given at session start, not again after Codex compacts the session. */
  compactDrop?: boolean;
  /** Set when the note could not be read; such a note is never injected. */
  error?: string;
  /**
   * Set when the frontmatter does not parse: the note is then indexed by its body alone (no facts from its
   * frontmatter) and may still be injected; the file is never rewritten for it.
   */
  frontmatterError?: string;
  /** Frontmatter `supersedes`: link targets of the notes this one replaces (they are never injected). */
  supersedes?: string[];
  /** What else names the note's subject: a person's `org` / `organization` / `company` and `role`. */
  about?: string[];
  /** Number of open tasks (`- [ ]`) in the note, so TODO lists can be found without reading every note. */
  openTasks: number;
  /** Headings above the open tasks (each level once): a TODO list filed under a project's heading belongs to it. */
  taskHeadings: string[];
  /** The note's units; absent in a loaded catalog until read again (MemoryIndex.unitsOf). */
  units?: IndexedUnit[];
}

export interface SearchOptions {
  limit?: number;
  /** The vault's folders (for the inbox of unreviewed proposals); defaults to the default layout. */
  folders?: import('../settings').FolderSettings;
  /** Only units of these note paths (e.g. one project's notes). */
  scope?: (note: IndexedNote) => boolean;
}

export interface SearchItem {
  path: string;
  heading?: string;
  block?: string;
  score: number;
  snippet: string;
}

export interface SearchResult {
  items: SearchItem[];
}

export interface PackItem {
  path: string;
  heading?: string;
  block?: string;
  score: number;
  /** Why the item was chosen, in words (e.g. "pinned", "project status", "matches: rounding, decimal"). */
  why: string;
  /** The pack section it appears in. */
  section: PackSectionName;
  /** Its text as injected. */
  text: string;
  /** The unit's identity for the per-session ledger of what was given (its note and a hash of its text). */
  key: string;
  /** It names a repository file that is gone from the session's folder (src/core/recall/stale.ts). */
  stale?: true;
}

export type PackSectionName = 'preferences' | 'project' | 'todos' | 'people' | 'relevant' | 'sessions';

export interface ContextPack {
  /** o200k tokens of `text`; never above `budget`. */
  tokens: number;
  budget: number;
  /** Vault path of the detected project note. */
  project?: string;
  items: PackItem[];
  text: string;
}

// The memory inbox: proposal notes in the inbox folder, written by automatic checkpoints (hooks, the watcher)
// and by the MCP `remember` tool. Nothing in them has reached a note yet. Accepting a remembered item adds it,
// in the person's words, to the note they pick; rejecting moves the proposal to the trash.
import { addListItem, readStructure, tryParseNote, uniqueBlockIdFor } from '../core/notes';
import { cleanLine } from '../core/memory/clean-text';
import type { CodexMemorySettings } from '../core/settings';
import type { VaultStore } from '../core/vault/store';

export interface Proposal {
  path: string;
  /** 'auto-checkpoint', 'mcp remember', or whatever wrote it. */
  source: string;
  /** The heading of the note, without '#'. */
  title: string;
  created?: string;
  /** For a remembered item: what kind of memory it claims to be, and about whom or what. */
  kind?: string;
  subject?: string;
  /** The proposed words (a remembered item's text; empty for a checkpoint proposal). */
  text: string;
  /** For a checkpoint proposal: the session and its rollout. */
  thread?: string;
  transcript?: string;
  /** The note's text as read, so a reject or accept never loses an edit made meanwhile. */
  raw: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A proposal note's facts, or null when the note is not a pending proposal. */
export function readProposal(path: string, raw: string): Proposal | null {
  const parsed = tryParseNote(path, raw);
  if (!parsed.ok || !parsed.note.frontmatter) return null;
  const fm = parsed.note.frontmatter.data;
  if (fm.type !== 'proposal' || (str(fm.status) ?? 'pending') !== 'pending') return null;
  const body = parsed.note.body;
  const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
  const afterTitle = body.replace(/^[\s\S]*?^#\s+.+$/m, '');
  // The remembered text is what stands between the title and the closing note in italics.
  const paragraphs = afterTitle.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter((p) => p && !/^_Proposed by/.test(p));
  const source = str(fm.source) ?? 'unknown';
  return {
    path,
    source,
    title,
    created: str(fm.created),
    kind: str(fm.kind),
    subject: str(fm.subject),
    text: source === 'auto-checkpoint' ? '' : paragraphs.join('\n\n'),
    thread: str(fm.codex_thread),
    transcript: str(fm.transcript),
    raw,
  };
}

/** Pending proposals in the inbox folder, newest first. Notes that cannot be read are left out. */
export async function listProposals(store: VaultStore, settings: Pick<CodexMemorySettings, 'folders'>): Promise<Proposal[]> {
  const out: Proposal[] = [];
  for (const path of await store.listMarkdown(settings.folders.inbox)) {
    const raw = await store.read(path);
    const p = raw === null ? null : readProposal(path, raw);
    if (p) out.push(p);
  }
  return out.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '') || a.path.localeCompare(b.path));
}

export interface AcceptTarget {
  path: string;
  heading: string;
  checkbox?: boolean;
  /** How the choice reads in a list. */
  label: string;
}

const HEADING_FOR_KIND: Record<string, string> = {
  decision: 'Decisions',
  question: 'Open questions',
  status: 'Status',
  person: 'Facts',
  fact: 'Notes',
  reference: 'Notes',
};

function stem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
}

/**
 * Where a remembered item may go, best guess first: preferences to the preferences note, TODOs to TODO.md,
 * a person's fact to that person's note, anything else to a project, person or topic note that exists.
 */
export function acceptTargets(p: Proposal, notes: string[], settings: Pick<CodexMemorySettings, 'folders'>, titleOf: (path: string) => string | undefined): AcceptTarget[] {
  const { folders } = settings;
  const kind = p.kind ?? 'fact';
  const heading = HEADING_FOR_KIND[kind] ?? 'Notes';
  const inFolder = (folder: string) => notes.filter((n) => n.startsWith(`${folder}/`));
  const prefs: AcceptTarget = { path: folders.preferencesFile, heading: titleOf(folders.preferencesFile) ?? 'Agent preferences', label: `${folders.preferencesFile} (preferences)` };
  const todo: AcceptTarget = { path: folders.todoFile, heading: 'Inbox', checkbox: true, label: `${folders.todoFile} (as a task)` };
  const subject = p.subject?.toLowerCase();
  const others = [...inFolder(folders.projects), ...inFolder(folders.people), ...inFolder(folders.notes)]
    .map((path) => ({ path, heading, label: `${path} (${heading})` }))
    .sort((a, b) => Number(stem(b.path).toLowerCase() === subject) - Number(stem(a.path).toLowerCase() === subject));
  const first = kind === 'preference' ? [prefs] : kind === 'todo' ? [todo] : [];
  const rest = kind === 'preference' ? [todo] : kind === 'todo' ? [prefs] : [prefs, todo];
  return [...first, ...others, ...rest];
}

/** Adds the item to the target note (compare-before-write: a note changed meanwhile is not touched). */
export async function acceptIntoNote(store: VaultStore, target: AcceptTarget, words: string): Promise<void> {
  const text = cleanLine(words);
  if (!text) throw new Error('The item is empty; write what should be remembered, or reject it.');
  const current = await store.read(target.path);
  if (current === null) throw new Error(`${target.path} does not exist; create it first or pick another note.`);
  const parsed = tryParseNote(target.path, current);
  if (!parsed.ok) throw new Error(`${target.path} cannot be read (${parsed.error.message}); it was left as it is.`);
  const blockId = uniqueBlockIdFor(`remember:${text}`, new Set(readStructure(parsed.note).blockIds));
  const next = addListItem(current, target.heading, text, { blockId, checkbox: target.checkbox, path: target.path });
  await store.replace(target.path, current, next);
}

/** Moves a proposal note to the trash, unless it changed since it was read. */
export async function dismissProposal(store: VaultStore, p: Proposal): Promise<void> {
  await store.remove(p.path, p.raw);
}

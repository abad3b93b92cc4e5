// The memory inbox, written and read in one place: proposal notes in the inbox folder. Two kinds arrive
// there: an automatic checkpoint's plan that waits for a person (the hooks' drain and the plugin's watcher
// write it, indexed in `inbox-proposals.json` so a session is proposed once whoever noticed it), and an
// agent's MCP `remember` item. Nothing in them has reached a note yet, and recall never injects them
// (recall/scope.ts), so a proposal that came from a prompt injection cannot reach a session unreviewed.
import { cleanLine } from '../memory/clean-text';
import { textHash } from '../memory/ledger';
import { linkTo } from '../memory/note-links';
import type { Plan } from '../memory/plan';
import { renderPlanText } from '../memory/plan-text';
import { addListItem, readStructure, renderNote, tryParseNote, uniqueBlockIdFor } from '../notes';
import { redact } from '../security/redact';
import { chooseNotePath } from '../security/safe-names';
import type { CodexMemorySettings } from '../settings';
import { oneLine, plural } from '../text';
import { AlreadyExistsError, type StateStore, type VaultStore } from '../vault/store';

export const PROPOSALS_FILE = 'inbox-proposals.json';

export const CHECKPOINT_SOURCE = 'auto-checkpoint';
export const REMEMBER_SOURCE = 'mcp remember';

/** The closing paragraph of a remembered item: written below the item, and left out when the item is read back. */
export const REMEMBERED_FOOTER =
  '_Proposed by a Codex session through the Codex Memory MCP server. Nothing was changed in your notes: ' +
  'move what is true into the right note, then delete this one._';

type Folders = Pick<CodexMemorySettings, 'folders'>;

// ---- checkpoint proposals -------------------------------------------------------------------------------

export interface ProposedSession {
  thread: string;
  transcript: string;
  cwd?: string;
}

/**
 * Thread → its proposal note and the hash of the text the program wrote there. `prev` is the hash before the
 * latest refresh: the index is written before the note, so a run killed in between leaves a note that still
 * reads as `prev`, and that note is still the program's own (refreshed, not duplicated, by the next run).
 */
type ProposalIndex = Record<string, { path: string; hash: string; prev?: string }>;

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}diff\n${text.trimEnd()}\n${f}`;
}

async function readIndex(state: StateStore): Promise<ProposalIndex> {
  try {
    const parsed = JSON.parse((await state.readState(PROPOSALS_FILE)) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ProposalIndex) : {};
  } catch {
    return {};
  }
}

/**
 * Writes (or refreshes) the session's proposal note; returns its path. A later proposal for the same session
 * replaces the note unless the person has touched it since.
 */
export async function writeCheckpointProposal(
  store: VaultStore,
  state: StateStore,
  settings: Folders,
  session: ProposedSession,
  plan: Plan,
  applied: number,
  now: Date,
): Promise<string> {
  const iso = now.toISOString();
  const fm = {
    type: 'proposal',
    source: CHECKPOINT_SOURCE,
    codex_thread: session.thread,
    transcript: session.transcript,
    ...(session.cwd ? { cwd: session.cwd } : {}),
    created: iso,
    status: 'pending',
  };
  const body =
    `# Proposed checkpoint of session ${session.thread.slice(0, 8)}\n\n` +
    (applied ? `${plural(applied, 'change')} ${applied === 1 ? 'was' : 'were'} applied automatically; these wait for you.\n\n` : '') +
    'What the finished Codex session would change in your notes. Nothing below has been written.\n' +
    'Review it from the memory inbox (command: Review memory inbox), which applies what you accept.\n\n' +
    `${fence(renderPlanText(plan))}\n`;
  const text = renderNote(fm, body);
  const index = await readIndex(state);
  const known = index[session.thread];
  const current = known ? await store.read(known.path) : null;
  const mine = known && current !== null && (textHash(current) === known.hash || textHash(current) === known.prev);
  // The index is written first: a crash before the note is written then leaves an entry the next run replaces,
  // never a note nobody knows is ours (which the next run would duplicate).
  if (mine) {
    index[session.thread] = { path: known.path, hash: textHash(text), prev: textHash(current) };
    await state.writeState(PROPOSALS_FILE, JSON.stringify(index, null, 2));
    await store.replace(known.path, current, text);
    return known.path;
  }
  const folder = settings.folders.inbox;
  await store.ensureFolder(folder);
  const { path: target } = await chooseNotePath(folder, `Checkpoint ${iso.slice(0, 10)} ${session.thread.slice(0, 8)}`, async (p) =>
    (await store.stat(p)) ? 'other' : 'free',
  );
  index[session.thread] = { path: target, hash: textHash(text) };
  await state.writeState(PROPOSALS_FILE, JSON.stringify(index, null, 2));
  await store.create(target, text);
  return target;
}

// ---- remembered items (MCP `remember`) ------------------------------------------------------------------

export const REMEMBER_KINDS = ['decision', 'preference', 'fact', 'todo', 'question', 'status', 'person', 'reference'] as const;
export type RememberKind = (typeof REMEMBER_KINDS)[number];
export const REMEMBER_MAX_CHARS = 4000;

export interface RememberInput {
  text: string;
  kind?: RememberKind;
  subject?: string;
}

export interface Remembered {
  path: string;
  /** How many secrets were masked before writing. */
  redacted: number;
}

/** Saves an agent's proposed memory as a proposal note (secrets masked); never changes another note. */
export async function writeRememberedProposal(store: VaultStore, settings: Folders, input: RememberInput, now: Date): Promise<Remembered> {
  const raw = input.text.trim();
  if (!raw) throw new Error('text is empty: say what should be remembered');
  if (raw.length > REMEMBER_MAX_CHARS) throw new Error(`text is longer than ${REMEMBER_MAX_CHARS} characters; propose one memory at a time`);
  const { text, counts } = redact(raw);
  const subject = input.subject ? redact(oneLine(input.subject, 200)).text : undefined;
  const redacted = Object.values(counts).reduce((a, b) => a + b, 0);
  const iso = now.toISOString();
  const fm: Record<string, unknown> = {
    type: 'proposal',
    source: REMEMBER_SOURCE,
    kind: input.kind ?? 'fact',
    ...(subject ? { subject } : {}),
    created: iso,
    status: 'pending',
  };
  const note = renderNote(fm, `# Proposed memory: ${oneLine(text, 80)}\n\n${text}\n\n${REMEMBERED_FOOTER}\n`);
  // Words only in the name (safeFileStem would keep it safe anyway; this keeps it readable).
  const words = text
    .replace(/\[REDACTED:[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\p{N}\s-]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .join(' ');
  const stem = `${iso.slice(0, 10)} ${iso.slice(11, 19).replace(/:/g, '')} ${words}`;
  const folder = settings.folders.inbox;
  await store.ensureFolder(folder);
  for (let attempt = 0; attempt < 5; attempt++) {
    const { path } = await chooseNotePath(folder, stem, async (p) => ((await store.stat(p)) ? 'other' : 'free'));
    try {
      await store.create(path, note);
      return { path, redacted };
    } catch (e) {
      // Another writer took the name between our look and our write: pick the next one.
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }
  throw new Error(`no free file name in ${folder}`);
}

// ---- notes given often and never cited ------------------------------------------------------------------

export const USAGE_REVIEW_SOURCE = 'usage review';
/** The notes suggested so far and the proposal note that says so (its text as written, to know it is ours). */
const USAGE_REVIEW_FILE = 'recall/usage-review.json';

interface UsageReviewIndex {
  notes: string[];
  path?: string;
  hash?: string;
}

export interface UnusedNote {
  path: string;
  given: number;
  cited: number;
  lastCited?: string;
}

/**
 * Suggests for review, in one inbox note, the notes Codex is given often and never cites. Written only when a
 * note joins the list: a person who dismissed the suggestion is not asked again about the same notes, and a
 * proposal the person edited is left as it is (a new one is written beside it). Nothing is ever deleted.
 * Returns the proposal's path when one was written. Call while holding the vault lock.
 */
export async function writeUsageReviewProposal(
  store: VaultStore,
  state: StateStore,
  settings: Folders,
  unused: readonly UnusedNote[],
  now: Date,
): Promise<string | null> {
  let index: UsageReviewIndex = { notes: [] };
  try {
    const v = JSON.parse((await state.readState(USAGE_REVIEW_FILE)) ?? '{}') as Partial<UsageReviewIndex>;
    if (Array.isArray(v.notes)) index = { notes: v.notes.filter((n) => typeof n === 'string'), path: v.path, hash: v.hash };
  } catch {
    // unreadable: as if nothing had been suggested (the worst case is one suggestion repeated)
  }
  if (!unused.some((n) => !index.notes.includes(n.path))) return null;
  const iso = now.toISOString();
  const lines = unused.map(
    (n) =>
      `- ${linkTo(n.path)}: given to ${plural(n.given, 'session')}, ${n.cited ? `last cited ${n.lastCited?.slice(0, 10) ?? '?'}` : 'never cited'}`,
  );
  const body =
    '# Notes Codex is given and does not use\n\n' +
    'Codex was given these notes in many sessions and has not said it used them (`Memory used: [[note]]`) for a long time. ' +
    'They may be out of date, or too general to help. Nothing was changed and nothing will be deleted.\n' +
    'Look at them with the command "Review stale memory", which can mark an item done or superseded, or set `memory: never` on a note.\n\n' +
    `${lines.join('\n')}\n`;
  const text = renderNote({ type: 'proposal', source: USAGE_REVIEW_SOURCE, created: iso, status: 'pending' }, body);
  const notes = [...new Set([...index.notes, ...unused.map((n) => n.path)])];
  const current = index.path ? await store.read(index.path) : null;
  let target: string;
  if (index.path && current !== null && textHash(current) === index.hash) {
    target = index.path;
    await state.writeState(USAGE_REVIEW_FILE, JSON.stringify({ notes, path: target, hash: textHash(text) }, null, 2));
    await store.replace(target, current, text);
    return target;
  }
  const folder = settings.folders.inbox;
  await store.ensureFolder(folder);
  target = (await chooseNotePath(folder, `Review unused notes ${iso.slice(0, 10)}`, async (p) => ((await store.stat(p)) ? 'other' : 'free'))).path;
  // The index first: a crash before the note is written leaves an entry whose note is missing, so the next
  // run writes a new one rather than losing track of a note that is ours.
  await state.writeState(USAGE_REVIEW_FILE, JSON.stringify({ notes, path: target, hash: textHash(text) }, null, 2));
  await store.create(target, text);
  return target;
}

// ---- reading the inbox ----------------------------------------------------------------------------------

export interface Proposal {
  path: string;
  /** CHECKPOINT_SOURCE, REMEMBER_SOURCE, or whatever wrote it. */
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
const footerStart = REMEMBERED_FOOTER.slice(0, REMEMBERED_FOOTER.indexOf(' through'));

/** A proposal note's facts, or null when the note is not a pending proposal. */
export function readProposal(path: string, raw: string): Proposal | null {
  const parsed = tryParseNote(path, raw);
  if (!parsed.ok || !parsed.note.frontmatter) return null;
  const fm = parsed.note.frontmatter.data;
  if (fm.type !== 'proposal' || (str(fm.status) ?? 'pending') !== 'pending') return null;
  const body = parsed.note.body;
  const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
  const afterTitle = body.replace(/^[\s\S]*?^#\s+.+$/m, '');
  // The remembered text is what stands between the title and the footer (a person may have edited either).
  const paragraphs = afterTitle
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith(footerStart));
  const source = str(fm.source) ?? 'unknown';
  return {
    path,
    source,
    title,
    created: str(fm.created),
    kind: str(fm.kind),
    subject: str(fm.subject),
    text: source === CHECKPOINT_SOURCE ? '' : paragraphs.join('\n\n'),
    thread: str(fm.codex_thread),
    transcript: str(fm.transcript),
    raw,
  };
}

/** Pending proposals in the inbox folder, newest first. Notes that cannot be read are left out. */
export async function listProposals(store: VaultStore, settings: Folders): Promise<Proposal[]> {
  const out: Proposal[] = [];
  for (const path of await store.listMarkdown(settings.folders.inbox)) {
    const raw = await store.read(path);
    const p = raw === null ? null : readProposal(path, raw);
    if (p) out.push(p);
  }
  return out.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '') || a.path.localeCompare(b.path));
}

// ---- accepting and dismissing ---------------------------------------------------------------------------

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
export function acceptTargets(p: Proposal, notes: string[], settings: Folders, titleOf: (path: string) => string | undefined): AcceptTarget[] {
  const { folders } = settings;
  const kind = p.kind ?? 'fact';
  const heading = HEADING_FOR_KIND[kind] ?? 'Notes';
  const inFolder = (folder: string) => notes.filter((n) => n.startsWith(`${folder}/`));
  const prefs: AcceptTarget = {
    path: folders.preferencesFile,
    heading: titleOf(folders.preferencesFile) ?? 'Agent preferences',
    label: `${folders.preferencesFile} (preferences)`,
  };
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

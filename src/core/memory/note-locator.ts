// Which existing note a checkpoint writes to: the project note whose `repo`/`remote` matches the session,
// a person's note by name or alias, a topic note by name. When there is none, a safe new path that does not
// collide with a note of another type or about another subject.
import type { Thread } from '../codex/thread';
import { tryParseNote } from '../notes';
import { detectProject, normalizePath, normalizeRemote, type ProjectNote, type ReadGitConfig } from '../recall/project';
import { chooseNotePath, safeFileStem } from '../security/safe-names';
import type { VaultStore } from '../vault/store';

/** Reads each note once per plan and remembers what the plan saw. */
export class NoteReader {
  private readonly texts = new Map<string, string | null>();
  private readonly listings = new Map<string, string[]>();
  constructor(readonly vault: VaultStore) {}

  async read(path: string): Promise<string | null> {
    if (!this.texts.has(path)) this.texts.set(path, await this.vault.read(path));
    return this.texts.get(path) ?? null;
  }

  async list(folder: string): Promise<string[]> {
    if (!this.listings.has(folder)) this.listings.set(folder, await this.vault.listMarkdown(folder));
    return this.listings.get(folder)!;
  }

  /** Frontmatter of a note, or null when it is missing or does not parse. */
  async frontmatter(path: string): Promise<Record<string, unknown> | null> {
    const text = await this.read(path);
    if (text === null) return null;
    const parsed = tryParseNote(path, text);
    return parsed.ok ? (parsed.note.frontmatter?.data ?? {}) : null;
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The remote the rollout recorded counts as the cwd's git config when the disk has none to offer. */
function withThreadRemote(thread: Pick<Thread, 'cwd' | 'git'>, readGitConfig?: ReadGitConfig): ReadGitConfig {
  const here = thread.cwd ? normalizePath(thread.cwd) : '';
  const remote = thread.git.remote?.replace(/[\r\n"]/g, '');
  return (dir) => readGitConfig?.(dir) ?? (remote && normalizePath(dir) === here ? `[remote "origin"]\n\turl = ${remote}\n` : null);
}

function byRemote(notes: ProjectNote[], remote: string | undefined): string | undefined {
  const want = remote ? normalizeRemote(remote) : null;
  if (!want) return undefined;
  return notes.find((n) => n.remote.some((r) => normalizeRemote(r) === want))?.path;
}

export interface ProjectTarget {
  path: string;
  exists: boolean;
  name: string;
  repo: string[];
  remote: string[];
}

/** The project's name as a person would say it: the working folder's name, else the remote's repository name. */
export function projectName(thread: Pick<Thread, 'cwd' | 'git'>): string | null {
  const fromCwd = thread.cwd ? normalizePath(thread.cwd).split('/').filter(Boolean).pop() : undefined;
  const fromRemote = thread.git.remote ? normalizeRemote(thread.git.remote)?.split('/').pop() : undefined;
  return fromCwd ?? fromRemote ?? null;
}

/**
 * The project note the session belongs to, decided exactly as recall decides it (longest `repo` prefix of
 * the cwd, else a `remote` match), so what a checkpoint writes is what the next session's recall finds.
 */
export async function locateProject(
  reader: NoteReader,
  folder: string,
  thread: Pick<Thread, 'cwd' | 'git'>,
  readGitConfig?: ReadGitConfig,
): Promise<ProjectTarget | null> {
  const name = projectName(thread);
  if (!name) return null;
  const notes: ProjectNote[] = [];
  for (const path of await reader.list(folder)) {
    const fm = await reader.frontmatter(path);
    if (!fm || (fm.type !== undefined && fm.type !== 'project')) continue;
    notes.push({ path, repo: strings(fm.repo), remote: strings(fm.remote) });
  }
  const repo = thread.cwd ? [thread.cwd] : [];
  const remote = thread.git.remote ? [thread.git.remote] : [];
  const found = thread.cwd ? detectProject(thread.cwd, notes, withThreadRemote(thread, readGitConfig))?.path : byRemote(notes, thread.git.remote);
  if (found) return { path: found, exists: true, name, repo, remote };
  // A hand-made project note of that name without repo/remote keys is adopted; one that does not parse is
  // targeted too, so the plan reports it instead of creating a twin beside it.
  const chosen = await chooseNotePath(folder, name, (path) =>
    verdictFor(reader, folder, path, (fm) => (fm.type === undefined || fm.type === 'project') && fm.repo === undefined && fm.remote === undefined),
  );
  return { path: await existingCase(reader, folder, chosen.path), exists: chosen.exists, name, repo, remote };
}

/** The path as the vault spells it when a note differs only in case (case-insensitive file systems). */
async function existingCase(reader: NoteReader, folder: string, path: string): Promise<string> {
  const lower = path.toLowerCase();
  return (await reader.list(folder)).find((p) => p.toLowerCase() === lower) ?? path;
}

async function verdictFor(
  reader: NoteReader,
  folder: string,
  path: string,
  ours: (fm: Record<string, unknown>) => boolean,
): Promise<'free' | 'same' | 'other'> {
  const actual = await existingCase(reader, folder, path);
  if ((await reader.read(actual)) === null) return 'free';
  const fm = await reader.frontmatter(actual);
  return fm === null || ours(fm) ? 'same' : 'other';
}

function stemOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
}

/** A person's or topic's note: same name (any case), an alias, or a full name starting with the given name. */
export async function locateNamed(
  reader: NoteReader,
  folder: string,
  name: string,
  type: 'person' | 'topic',
): Promise<{ path: string; exists: boolean }> {
  const want = safeFileStem(name).toLowerCase();
  const spoken = name.trim().toLowerCase();
  const candidates: string[] = [];
  for (const path of await reader.list(folder)) {
    const fm = await reader.frontmatter(path);
    if (!fm || (fm.type !== undefined && fm.type !== type)) continue;
    const stem = stemOf(path).toLowerCase();
    if (stem === want || strings(fm.aliases).some((a) => a.trim().toLowerCase() === spoken)) return { path, exists: true };
    if (type === 'person' && !spoken.includes(' ') && stem.split(' ')[0] === spoken) candidates.push(path);
  }
  // "Priya" finds "Priya Raman" only when no other Priya could be meant.
  if (candidates.length === 1) return { path: candidates[0], exists: true };
  const chosen = await chooseNotePath(folder, name, (path) => verdictFor(reader, folder, path, (fm) => fm.type === undefined || fm.type === type));
  return { path: await existingCase(reader, folder, chosen.path), exists: chosen.exists };
}

// Which existing note a checkpoint writes to: the project note whose `repo`/`remote` matches the session,
// a person's note by name or alias, a topic note by name. When there is none, a safe new path that does not
// collide with a note of another type or about another subject.
import type { Thread } from '../codex/thread';
import { tryParseNote } from '../notes';
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

/** `git@github.com:org/x.git`, `https://user@github.com/org/x`, `ssh://…` → `github.com/org/x`. */
export function normaliseRemote(url: string): string {
  let s = url.trim().replace(/\.git\/?$/, '').replace(/\/+$/, '');
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]+@/, '');
  const scp = /^([^/:]+):(?!\d+\/)(.*)$/.exec(s);
  if (scp) s = `${scp[1]}/${scp[2]}`;
  s = s.replace(/^([^/]+):\d+\//, '$1/');
  const slash = s.indexOf('/');
  return slash === -1 ? s.toLowerCase() : s.slice(0, slash).toLowerCase() + s.slice(slash);
}

function normaliseDir(dir: string): string {
  const s = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  return /^[A-Za-z]:/.test(s) ? s.toLowerCase() : s;
}

/** How well a project note's keys match the session: longer repo prefix wins; a remote match counts fully. */
function matchScore(fm: Record<string, unknown>, cwd: string | undefined, remote: string | undefined): number {
  let best = 0;
  if (cwd) {
    const here = normaliseDir(cwd);
    for (const repo of strings(fm.repo)) {
      const r = normaliseDir(repo);
      if (r && (here === r || here.startsWith(`${r}/`))) best = Math.max(best, 1 + r.length);
    }
  }
  if (remote) {
    const want = normaliseRemote(remote);
    if (strings(fm.remote).some((r) => normaliseRemote(r) === want)) best = Math.max(best, 100000);
  }
  return best;
}

export interface ProjectTarget {
  path: string;
  exists: boolean;
  name: string;
  repo: string[];
  remote: string[];
}

/** The project's name as a person would say it: the remote's repository name, else the folder name. */
export function projectName(thread: Thread): string | null {
  const remote = thread.git.remote ? normaliseRemote(thread.git.remote) : '';
  const fromRemote = remote.split('/').filter(Boolean).pop();
  const fromCwd = thread.cwd ? normaliseDir(thread.cwd).split('/').filter(Boolean).pop() : undefined;
  return fromCwd ?? fromRemote ?? null;
}

export async function locateProject(reader: NoteReader, folder: string, thread: Thread): Promise<ProjectTarget | null> {
  const name = projectName(thread);
  if (!name) return null;
  let best: { path: string; score: number } | null = null;
  for (const path of await reader.list(folder)) {
    const fm = await reader.frontmatter(path);
    if (!fm || (fm.type !== undefined && fm.type !== 'project')) continue;
    const score = matchScore(fm, thread.cwd, thread.git.remote);
    if (score > 0 && (!best || score > best.score)) best = { path, score };
  }
  const repo = thread.cwd ? [thread.cwd] : [];
  const remote = thread.git.remote ? [thread.git.remote] : [];
  if (best) return { path: best.path, exists: true, name, repo, remote };
  // A hand-made project note of that name without repo/remote keys is adopted; one that does not parse is
  // targeted too, so the plan reports it instead of creating a twin beside it.
  const chosen = await chooseNotePath(folder, name, (path) => verdictFor(reader, folder, path,
    (fm) => (fm.type === undefined || fm.type === 'project') && fm.repo === undefined && fm.remote === undefined));
  return { path: await existingCase(reader, folder, chosen.path), exists: chosen.exists, name, repo, remote };
}

/** The path as the vault spells it when a note differs only in case (case-insensitive file systems). */
async function existingCase(reader: NoteReader, folder: string, path: string): Promise<string> {
  const lower = path.toLowerCase();
  return (await reader.list(folder)).find((p) => p.toLowerCase() === lower) ?? path;
}

async function verdictFor(
  reader: NoteReader, folder: string, path: string, ours: (fm: Record<string, unknown>) => boolean,
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
  reader: NoteReader, folder: string, name: string, type: 'person' | 'topic',
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
  const chosen = await chooseNotePath(folder, name, (path) => verdictFor(reader, folder, path,
    (fm) => fm.type === undefined || fm.type === type));
  return { path: await existingCase(reader, folder, chosen.path), exists: chosen.exists };
}

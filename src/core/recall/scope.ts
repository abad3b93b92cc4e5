// What may be injected, and how near each note is to the session: the rules of issue 5 §2 in one place.
import type { FolderSettings } from '../settings';
import { STARTER_INTROS } from '../vault/starter-notes';
import { wikiLinks } from './extract';
import { normalizePath } from './project';
import type { IndexedNote, IndexedUnit } from './types';

export type NoteKind = 'preferences' | 'project' | 'person' | 'session' | 'todo' | 'topic' | 'inbox';

/**
 * global: always eligible; project: the session's own project; named: a project the task names; neutral: no
 * project; other: a project the session is not in and the task does not name (never injected).
 */
export type ScopeClass = 'global' | 'project' | 'named' | 'neutral' | 'other';

function within(path: string, folder: string): boolean {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f === '' || path.startsWith(`${f}/`);
}

/** The note's kind: its `type` when it says one, else the folder it lives in. */
export function noteKind(note: IndexedNote, folders: FolderSettings): NoteKind {
  if (within(note.path, folders.inbox)) return 'inbox';
  if (note.path === folders.preferencesFile) return 'preferences';
  if (note.path === folders.todoFile) return 'todo';
  switch (note.type) {
    case 'preferences':
    case 'project':
    case 'session':
    case 'todo':
    case 'topic':
      return note.type;
    case 'person':
    case 'people':
      return 'person';
  }
  if (within(note.path, folders.sessions)) return 'session';
  if (within(note.path, folders.projects)) return 'project';
  if (within(note.path, folders.people)) return 'person';
  return 'topic';
}

/** Why a whole note may never be injected, or null when it may. */
export function noteExclusion(note: IndexedNote, folders: FolderSettings): string | null {
  if (note.error) return 'unreadable';
  if (note.memory === 'never') return 'memory: never';
  if (note.superseded) return 'superseded';
  if (note.status === 'done') return 'status: done';
  if (noteKind(note, folders) === 'inbox') return 'unreviewed proposal';
  return null;
}

/**
 * Why one unit may never be injected (beyond its note's exclusion), or null. A checkpoint moves a reversed
 * decision under a "Superseded" heading and notes "(superseded DATE by …)" on it; a person may strike a
 * line through instead.
 */
const starterIntros = new Set(STARTER_INTROS.map((t) => t.replace(/\s+/g, ' ').trim()));
const STARTER_MAX = Math.max(...[...starterIntros].map((t) => t.length));
const SPACE = /\s/;

/**
 * `text` with each run of whitespace as one space, trimmed, or null as soon as that is longer than `max`: a unit
 * can be a pasted log of megabytes, and flattening all of it to compare with a short text took seconds.
 */
function collapsedWithin(text: string, max: number): string | null {
  let length = 0;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    if (SPACE.test(text[i])) {
      gap = length > 0;
      continue;
    }
    length += gap ? 2 : 1;
    gap = false;
    if (length > max) return null;
  }
  return text.replace(/\s+/g, ' ').trim();
}

export function unitExclusion(unit: IndexedUnit): string | null {
  if (unit.task === 'done') return 'checked off';
  if (unit.kind !== 'bullet' && starterIntros.has(collapsedWithin(unit.text, STARTER_MAX) ?? '')) return 'starter text';
  if (unit.heading?.split(' > ').some((h) => /^superseded$/i.test(h.trim()))) return 'superseded';
  if (/\(superseded\b[^)]*\)\s*$/i.test(unit.text)) return 'superseded';
  if (/^~~[\s\S]*~~$/.test(unit.text.trim())) return 'struck through';
  return null;
}

function linkKey(target: string): string {
  return target.trim().replace(/\\/g, '/').replace(/^\/+/, '').replace(/\.md$/i, '').toLowerCase();
}

/**
 * Resolves wiki-link targets to note paths the way Obsidian does for unambiguous names: the full path
 * always; a bare name or alias only when one note has it. The name table is built on first use.
 */
export class LinkResolver {
  private byPath: Map<string, string> | null = null;
  /** name → path, or null when two notes share the name. */
  private byName: Map<string, string | null> | null = null;

  constructor(private readonly notes: Iterable<Pick<IndexedNote, 'path' | 'title' | 'aliases'>>) {}

  resolve(target: string): string | undefined {
    const t = linkKey(target);
    if (!t) return undefined;
    if (!this.byPath || !this.byName) this.build();
    return this.byPath?.get(t) ?? this.byName?.get(t) ?? undefined;
  }

  private build(): void {
    const byPath = new Map<string, string>();
    const byName = new Map<string, string | null>();
    const name = (k: string, path: string) => {
      const seen = byName.get(k);
      if (seen === undefined) byName.set(k, path);
      else if (seen !== path) byName.set(k, null);
    };
    for (const n of this.notes) {
      const full = n.path.slice(0, n.path.length - (n.path.toLowerCase().endsWith('.md') ? 3 : 0)).toLowerCase();
      byPath.set(full, n.path);
      name(full.slice(full.lastIndexOf('/') + 1), n.path);
      if (n.title) name(n.title.toLowerCase(), n.path);
      for (const a of n.aliases) name(a.toLowerCase(), n.path);
    }
    this.byPath = byPath;
    this.byName = byName;
  }
}

export interface ScopeContext {
  folders: FolderSettings;
  resolver: LinkResolver;
  /** The same over project notes only: membership checks run for every note and must stay cheap. */
  projectResolver: LinkResolver;
  /** Path of every project note, with its repo roots (normalised), for session notes matched by cwd. */
  projects: Map<string, string[]>;
  /** The session's project note, when one was detected. */
  current?: string;
  /** Project notes the task names (title, alias, repo folder or link): their notes may go in too. */
  named?: Set<string>;
  /**
   * Whether the session's place is known (a cwd or a chosen project). Only then are the notes of projects it
   * is not in kept out; with no place at all every project is as near as any other.
   */
  placed?: boolean;
}

/**
 * The projects a unit belongs to: the project note itself; else the projects the unit links; else those its
 * note's frontmatter names (`sources`, `project`); else a session's cwd. With no unit, any link in the note.
 */
export function unitProjects(note: IndexedNote, unit: IndexedUnit | null, ctx: ScopeContext): Set<string> {
  const out = new Set<string>();
  if (ctx.projects.has(note.path)) {
    out.add(note.path);
    return out;
  }
  const add = (targets: string[]) => {
    for (const t of targets) {
      const p = ctx.projectResolver.resolve(t);
      if (p && ctx.projects.has(p)) out.add(p);
    }
    return out.size > 0;
  };
  if (unit && add(unit.links)) return out;
  // A list filed under a project's heading (`## invoice-cli` in TODO.md, as checkpoints and people write it)
  // belongs to that project even when its items link only their session.
  if (unit?.heading && add(unit.heading.split(' > '))) return out;
  if (add(note.frontLinks)) return out;
  if (note.cwd) {
    const cwd = normalizePath(note.cwd);
    let best = '';
    for (const [path, roots] of ctx.projects) {
      for (const r of roots) {
        if ((cwd === r || cwd.startsWith(`${r}/`)) && r.length > best.length) {
          best = r;
          out.clear();
          out.add(path);
        }
      }
    }
    if (out.size) return out;
  }
  if (!unit) {
    add(note.links);
    add(note.taskHeadings);
  }
  return out;
}

export function scopeOf(note: IndexedNote, unit: IndexedUnit | null, ctx: ScopeContext): ScopeClass {
  const kind = noteKind(note, ctx.folders);
  if (kind === 'preferences' || note.scope === 'global') return 'global';
  const projects = unitProjects(note, unit, ctx);
  if (projects.size === 0) return 'neutral';
  if (ctx.current && projects.has(ctx.current)) return 'project';
  for (const p of projects) if (ctx.named?.has(p)) return 'named';
  return ctx.placed || ctx.current ? 'other' : 'neutral';
}

/** Lower case, with runs of spaces, hyphens and underscores as one space: "Invoice_CLI" and "invoice cli" meet. */
function nameForm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/**
 * The projects a task names: by the project note's title or file name, an `aliases` entry, its repository
 * folder's name, or a [[link]] to it. Names are matched as whole words, so "shop" does not name "shop-api".
 */
export function namedProjects(task: string, projects: Iterable<IndexedNote>, resolver: LinkResolver): Set<string> {
  const out = new Set<string>();
  const text = ` ${nameForm(task).replace(/[^\p{L}\p{N} ]+/gu, ' ')} `;
  const linked = new Set(
    wikiLinks(task)
      .map((t) => resolver.resolve(t))
      .filter((p): p is string => p !== undefined),
  );
  for (const p of projects) {
    if (linked.has(p.path)) {
      out.add(p.path);
      continue;
    }
    const names = [p.title, p.path.slice(p.path.lastIndexOf('/') + 1).replace(/\.md$/i, ''), ...p.aliases, ...p.repo.map(baseName)];
    for (const n of names) {
      const form = nameForm(n)
        .replace(/[^\p{L}\p{N} ]+/gu, ' ')
        .trim();
      if (form.length >= 3 && text.includes(` ${form} `)) {
        out.add(p.path);
        break;
      }
    }
  }
  return out;
}

function baseName(dir: string): string {
  const d = dir.replace(/[\\/]+$/, '');
  return d.slice(Math.max(d.lastIndexOf('/'), d.lastIndexOf('\\')) + 1);
}

/** Paths of the notes another note says it `supersedes`: replaced, so never injected. */
export function supersededTargets(notes: Iterable<IndexedNote>, resolver: LinkResolver): Set<string> {
  const out = new Set<string>();
  for (const n of notes) {
    for (const t of n.supersedes ?? []) {
      const p = resolver.resolve(t);
      if (p && p !== n.path) out.add(p);
    }
  }
  return out;
}

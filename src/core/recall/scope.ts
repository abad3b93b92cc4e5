// What may be injected, and how near each note is to the session: the rules of issue 5 §2 in one place.
import type { FolderSettings } from '../settings';
import { normalizePath } from './project';
import type { IndexedNote, IndexedUnit } from './types';

export type NoteKind = 'preferences' | 'project' | 'person' | 'session' | 'todo' | 'topic' | 'inbox';

/** global: always eligible; project: the session's own project; neutral: no project; other: another project. */
export type ScopeClass = 'global' | 'project' | 'neutral' | 'other';

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
    case 'preferences': case 'project': case 'session': case 'todo': case 'topic':
      return note.type;
    case 'person': case 'people':
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

/** Why one unit may never be injected (beyond its note's exclusion), or null. */
export function unitExclusion(unit: IndexedUnit): string | null {
  if (unit.task === 'done') return 'checked off';
  return null;
}

/** Resolves wiki-link targets to note paths the way Obsidian does for unambiguous names. */
export class LinkResolver {
  private readonly byKey = new Map<string, string>();

  constructor(notes: Iterable<IndexedNote>) {
    const names = new Map<string, string[]>();
    for (const n of notes) {
      const full = n.path.replace(/\.md$/i, '').toLowerCase();
      this.byKey.set(full, n.path);
      const keys = [full.slice(full.lastIndexOf('/') + 1), n.title.toLowerCase(), ...n.aliases.map((a) => a.toLowerCase())];
      for (const k of new Set(keys)) names.set(k, [...(names.get(k) ?? []), n.path]);
    }
    // A short name or alias resolves only when one note has it; an exact path always wins.
    for (const [k, paths] of names) if (!this.byKey.has(k)) this.byKey.set(k, paths.sort()[0]);
  }

  resolve(target: string): string | undefined {
    const t = target.trim().replace(/\\/g, '/').replace(/^\/+/, '').replace(/\.md$/i, '').toLowerCase();
    return t ? this.byKey.get(t) : undefined;
  }
}

export interface ScopeContext {
  folders: FolderSettings;
  resolver: LinkResolver;
  /** Path of every project note, with its repo roots (normalised), for session notes matched by cwd. */
  projects: Map<string, string[]>;
  /** The session's project note, when one was detected. */
  current?: string;
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
      const p = ctx.resolver.resolve(t);
      if (p && ctx.projects.has(p)) out.add(p);
    }
    return out.size > 0;
  };
  if (unit && add(unit.links)) return out;
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
  if (!unit) add(note.links);
  return out;
}

export function scopeOf(note: IndexedNote, unit: IndexedUnit | null, ctx: ScopeContext): ScopeClass {
  const kind = noteKind(note, ctx.folders);
  if (kind === 'preferences' || note.scope === 'global') return 'global';
  const projects = unitProjects(note, unit, ctx);
  if (projects.size === 0) return 'neutral';
  if (ctx.current && projects.has(ctx.current)) return 'project';
  return ctx.current ? 'other' : 'neutral';
}

// Which project a session belongs to: the project note whose `repo` path is the longest prefix of the cwd,
// else the one whose `remote` matches the repository's git remote. Remotes are compared in a normal form so
// git@host:owner/repo.git, ssh://git@host/owner/repo and https://host/owner/repo all meet.
import type { IndexedNote } from './types';

export interface ProjectNote {
  path: string;
  repo: string[];
  remote: string[];
}

/** Reads the text of `<dir>/.git/config` (or null); injected so core code never touches the disk. */
export type ReadGitConfig = (dir: string) => string | null;

export interface DetectedProject {
  path: string;
  by: 'repo' | 'remote';
  /** The repo path or remote that matched. */
  match: string;
}

export function normalizePath(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(s)) s = s[0].toLowerCase() + s.slice(1);
  s = s.replace(/\/+/g, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}

function isWithin(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root === '/' ? '/' : `${root}/`);
}

/** host/owner/repo, lower-cased, without scheme, user, port, or a trailing .git. Null when not a remote. */
export function normalizeRemote(remote: string): string | null {
  let s = remote.trim();
  if (!s) return null;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(s);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    s = `${scp[1]}/${scp[2]}`;
  } else {
    const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(s);
    if (!url) return null;
    s = `${url[1]}/${url[2]}`;
  }
  s = s
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/\/+/g, '/');
  return s.toLowerCase();
}

/** The remote URLs in a .git/config text, `origin` first. */
export function gitRemotes(config: string): string[] {
  const found: { name: string; url: string }[] = [];
  let section: string | null = null;
  for (const line of config.split(/\r?\n/)) {
    const head = /^\s*\[\s*remote\s+"([^"]*)"\s*\]/.exec(line);
    if (head) {
      section = head[1];
      continue;
    }
    if (/^\s*\[/.test(line)) {
      section = null;
      continue;
    }
    const url = section !== null ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
    if (url) found.push({ name: section as string, url: url[1].replace(/^"(.*)"$/, '$1') });
  }
  found.sort((a, b) => Number(b.name === 'origin') - Number(a.name === 'origin'));
  return found.map((f) => f.url);
}

/** Parent directories of `cwd`, nearest first, including cwd itself. */
function ancestors(cwd: string): string[] {
  const out: string[] = [];
  let d = normalizePath(cwd);
  for (;;) {
    out.push(d);
    const i = d.lastIndexOf('/');
    if (i <= 0) {
      if (d !== '/' && d.startsWith('/')) out.push('/');
      return out;
    }
    d = d.slice(0, i);
  }
}

export function detectProject(cwd: string | undefined, projectNotes: Iterable<ProjectNote>, readGitConfig?: ReadGitConfig): DetectedProject | null {
  if (!cwd) return null;
  const dir = normalizePath(cwd);
  const notes = [...projectNotes];
  let best: DetectedProject | null = null;
  for (const n of notes) {
    for (const r of n.repo) {
      const root = normalizePath(r);
      if (!root || !isWithin(dir, root)) continue;
      if (!best || root.length > best.match.length) best = { path: n.path, by: 'repo', match: root };
    }
  }
  if (best || !readGitConfig) return best;
  for (const d of ancestors(dir)) {
    const config = readGitConfig(d);
    if (config === null) continue;
    const remotes = gitRemotes(config)
      .map(normalizeRemote)
      .filter((r): r is string => r !== null);
    for (const remote of remotes) {
      const hit = notes.find((n) => n.remote.some((r) => normalizeRemote(r) === remote));
      if (hit) return { path: hit.path, by: 'remote', match: remote };
    }
    return null; // the nearest repository decides; an enclosing one is a different project
  }
  return null;
}

/** Project notes of an index: type project, or any note in the projects folder. */
export function projectNotes(notes: Iterable<IndexedNote>, projectsFolder: string): IndexedNote[] {
  const prefix = projectsFolder.replace(/\/$/, '') + '/';
  const out: IndexedNote[] = [];
  for (const n of notes) if (!n.error && (n.type === 'project' || n.path.startsWith(prefix))) out.push(n);
  return out;
}

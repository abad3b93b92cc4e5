// Turns one note into what recall indexes: frontmatter facts and units (bullets, section prose, or the bare
// note). Line-based on purpose: it runs over every note of a large vault on a cold start, so it must cost
// microseconds per note, and it must never throw on text a person wrote.
import { findWikiLinks } from '../notes/links';
import { tryParseNote } from '../notes/parse';
import type { IndexedNote, IndexedUnit, MemoryMode, NoteInput } from './types';

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[([ xX])\][ \t]+)?(.*)$/;
const FENCE = /^ {0,3}(```|~~~)/;
const BLOCK_ID = /(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$/;
const noLine = () => 0;

/** Wiki-link targets in a text, as written, without alias or anchor. */
export function wikiLinks(text: string): string[] {
  if (!text.includes('[[')) return [];
  return findWikiLinks(text, noLine)
    .map((l) => l.target)
    .filter((t) => t !== '');
}

export function noteTitle(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.md$/i, '');
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.flatMap(strings);
  return [];
}

function word(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined;
}

function dateMs(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function memoryMode(v: unknown): MemoryMode {
  const w = word(v);
  return w === 'pin' || w === 'never' ? w : 'auto';
}

/** Every string inside a frontmatter value, so links in `sources`, `project`, `superseded_by` are found. */
function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) allStrings(x, out);
  else if (v && typeof v === 'object' && !(v instanceof Date)) for (const x of Object.values(v)) allStrings(x, out);
  return out;
}

export function extractNote(input: NoteInput): IndexedNote & { units: IndexedUnit[] } {
  const { path, text, mtime } = input;
  const parsed = tryParseNote(path, text);
  const base: IndexedNote & { units: IndexedUnit[] } = {
    path,
    mtime,
    title: noteTitle(path),
    aliases: [],
    memory: 'auto',
    repo: [],
    remote: [],
    superseded: false,
    links: [],
    frontLinks: [],
    time: mtime,
    openTasks: 0,
    taskHeadings: [],
    units: [],
  };
  if (!parsed.ok) return bodyOnly(base, text, parsed.error.message);
  const note = parsed.note;
  const fm = note.frontmatter?.data ?? {};
  const status = word(fm.status);
  const scope = word(fm.scope);
  const title = typeof fm.title === 'string' && fm.title.trim() ? fm.title.trim() : base.title;
  // `project: name` without brackets still names the project.
  const fmLinks = [...wikiLinks(allStrings(fm).join('\n')), ...strings(fm.project).filter((p) => !p.includes('[['))];
  const time = dateMs(fm.updated) ?? dateMs(fm.ended) ?? dateMs(fm.date) ?? dateMs(fm.started) ?? dateMs(fm.created) ?? mtime;
  const units = splitUnits(path, note.body, lineOffset(text, note.bodyOffset), title);
  const links = [...new Set([...fmLinks, ...units.flatMap((u) => u.links)])];
  return {
    ...base,
    title,
    aliases: [...strings(fm.aliases), ...strings(fm.alias)],
    ...about(fm),
    ...(fm.supersedes !== undefined ? { supersedes: wikiLinks(allStrings(fm.supersedes).join('\n')) } : {}),
    type: word(fm.type),
    status,
    memory: memoryMode(fm.memory),
    scope: scope === 'global' || scope === 'project' ? scope : undefined,
    repo: strings(fm.repo),
    remote: strings(fm.remote),
    cwd: typeof fm.cwd === 'string' ? fm.cwd : undefined,
    ...(word(fm.compact) === 'drop' ? { compactDrop: true } : {}),
    superseded: status === 'superseded' || (fm.superseded_by !== undefined && fm.superseded_by !== null && fm.superseded_by !== ''),
    links,
    frontLinks: [...new Set(fmLinks)],
    time,
    ...taskFacts(units),
    units,
  };
}

/** How many open tasks a note has, and the headings they sit under. */
function taskFacts(units: IndexedUnit[]): Pick<IndexedNote, 'openTasks' | 'taskHeadings'> {
  return {
    openTasks: units.filter((u) => u.task === 'open').length,
    taskHeadings: [...new Set(units.flatMap((u) => (u.task === 'open' && u.heading ? u.heading.split(' > ') : [])))],
  };
}

/** A person's organisation and role, so "the tax lead" or "someone at Acme" finds them. */
function about(fm: Record<string, unknown>): { about?: string[] } {
  const found = [fm.org, fm.organization, fm.organisation, fm.company, fm.role, fm.team].flatMap(strings);
  return found.length ? { about: found } : {};
}

/**
 * A note whose frontmatter does not parse: what a person wrote below it is still worth finding. The body
 * starts after the closing fence when there is one (else after the opening line); nothing is taken from the
 * frontmatter, and the reason is kept so the shell can report it.
 */
function bodyOnly(base: IndexedNote & { units: IndexedUnit[] }, text: string, why: string): IndexedNote & { units: IndexedUnit[] } {
  const lines = text.split('\n');
  let start = lines.length > 0 && /^\uFEFF?---/.test(lines[0]) ? 1 : 0;
  if (start === 1) {
    const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*\r?$/.test(l));
    start = close === -1 ? 1 : close + 1;
  }
  const units = splitUnits(base.path, lines.slice(start).join('\n'), start, base.title);
  // One thing is read from the broken block after all: a person who wrote `memory: never` meant the note to
  // stay out, and a typo elsewhere in the block must not leak it.
  const never = lines.slice(1, Math.max(1, start - 1)).some((l) => /^\s*memory\s*:\s*\W*never\b/i.test(l));
  return {
    ...base,
    ...(never ? { memory: 'never' as const } : {}),
    frontmatterError: why,
    links: [...new Set(units.flatMap((u) => u.links))],
    ...taskFacts(units),
    units,
  };
}

function lineOffset(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

interface Draft {
  kind: IndexedUnit['kind'];
  heading?: string;
  task?: IndexedUnit['task'];
  lines: string[];
  line: number;
  indent: number;
}

/** Splits a body into bullets (each list item, continuation lines included) and section prose. */
export function splitUnits(path: string, body: string, firstLine: number, title: string): IndexedUnit[] {
  const units: IndexedUnit[] = [];
  const headings: { level: number; text: string }[] = [];
  let prose: Draft | null = null;
  let bullet: Draft | null = null;
  let fence: string | null = null;
  const headingPath = () => (headings.length ? headings.map((h) => h.text).join(' > ') : undefined);
  const flush = (d: Draft | null) => {
    if (!d) return;
    const raw = d.lines.join('\n').trim();
    if (!raw) return;
    const m = BLOCK_ID.exec(raw);
    const text = (m ? raw.slice(0, m.index) : raw).trim();
    if (!text) return;
    units.push({
      id: 0,
      path,
      kind: d.kind,
      heading: d.heading,
      block: m?.[1],
      task: d.task,
      text,
      links: wikiLinks(text),
      line: d.line,
    });
  };
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const lineNo = firstLine + i + 1;
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) fence = null;
      (bullet ?? prose)?.lines.push(line);
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1];
      if (!bullet && !prose) prose = { kind: 'section', heading: headingPath(), lines: [], line: lineNo, indent: 0 };
      (bullet ?? prose)?.lines.push(line);
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flush(bullet);
      bullet = null;
      flush(prose);
      prose = null;
      const level = h[1].length;
      while (headings.length && headings[headings.length - 1].level >= level) headings.pop();
      // A top heading that only repeats the note's title adds nothing to where a unit sits.
      if (!(headings.length === 0 && level === 1 && h[2].trim().toLowerCase() === title.toLowerCase())) headings.push({ level, text: h[2] });
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li) {
      flush(bullet);
      const task = li[2] === undefined ? undefined : li[2] === ' ' ? 'open' : 'done';
      bullet = { kind: 'bullet', heading: headingPath(), task, lines: [li[3]], line: lineNo, indent: li[1].length };
      continue;
    }
    if (bullet) {
      // A continuation belongs to the item while it is indented past the marker; a blank line ends the item
      // only when the next text is not indented (a new paragraph).
      if (line.trim() === '' || (/^[ \t]+\S/.test(line) && leadingWidth(line) > bullet.indent)) {
        if (line.trim() !== '' || nextIsIndented(lines, i, bullet.indent)) {
          bullet.lines.push(line.trim());
          continue;
        }
        flush(bullet);
        bullet = null;
        continue;
      }
      flush(bullet);
      bullet = null;
    }
    if (line.trim() === '') {
      prose?.lines.push('');
      continue;
    }
    // A paragraph carrying its own block id is its own unit, so a link to it can be recalled by that id.
    if (BLOCK_ID.test(line)) {
      const para: Draft = { kind: 'section', heading: headingPath(), lines: [line], line: lineNo, indent: 0 };
      flush(para);
      continue;
    }
    if (!prose) prose = { kind: 'section', heading: headingPath(), lines: [], line: lineNo, indent: 0 };
    prose.lines.push(line);
  }
  flush(bullet);
  flush(prose);
  if (units.length === 0) units.push({ id: 0, path, kind: 'note', text: title, links: [], line: 1 });
  return units;
}

function leadingWidth(line: string): number {
  return line.length - line.trimStart().length;
}

function nextIsIndented(lines: string[], i: number, indent: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    if (lines[j].trim() === '') continue;
    return leadingWidth(lines[j]) > indent && !LIST_ITEM.test(lines[j]);
  }
  return false;
}

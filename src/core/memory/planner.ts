// Learnings + the vault as it is → a plan of note changes, nothing written. Each change carries the note
// text it saw, the text it would leave and a diff, so a person can review it and apply can refuse it when
// the note changed in between.
import type { Thread } from '../codex/thread';
import type { Learnings } from '../distill/learnings';
import { addListItem, readStructure, tryParseNote, wikiLink } from '../notes';
import { NoteEditError } from '../notes/errors';
import type { ReadGitConfig } from '../recall/project';
import type { CodexMemorySettings } from '../settings';
import { chooseNotePath, safeFileStem } from '../security/safe-names';
import type { VaultStore } from '../vault/store';
import { cleanLine } from './clean-text';
import { applyEdit, stampNote } from './edits';
import { decideItem, findReplacement, type ItemDecision, type NoteItems } from './item-decision';
import type { Ledger } from './ledger';
import { locateNamed, locateProject, NoteReader } from './note-locator';
import { unifiedDiff, type NoteEdit, type Plan, type PlannedChange } from './plan';
import { PROJECT_SECTIONS, route, SESSION_SECTIONS, type Desired, type Target } from './routing';
import { sessionEnded, sessionSkeleton, sessionTitle } from './session-note';
import { skeletonNote, type NoteType } from './templates';

export interface PlanInput {
  thread: Thread;
  learnings: Learnings;
  vault: VaultStore;
  ledger: Ledger;
  settings: CodexMemorySettings;
  now: Date | string;
  /** Reads `<dir>/.git/config` for project detection by remote (the CLI passes the disk reader). */
  readGitConfig?: ReadGitConfig;
}

const PREFERENCES_TITLE = 'Agent preferences';

interface NoteSpec {
  path: string;
  type: NoteType;
  skeleton: () => string;
  sections: readonly string[];
  /** Link added to `sources` on change (null: leave sources alone). */
  sourcesLink: string | null;
  /** Items go under the note's title heading (the list right after its introduction). */
  underTitle?: boolean;
  items: Desired[];
}

/** A link that never throws: folder settings may hold characters Obsidian links cannot carry. */
export function linkTo(path: string, alias?: string): string {
  try {
    return wikiLink(path, alias);
  } catch {
    return `[[${safeFileStem(path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, ''))}]]`;
  }
}

function blockLink(path: string, blockId: string, alias: string): string {
  const label = cleanLine(alias, 60).replace(/[[\]|#^]/g, ' ').trim();
  return linkTo(path).replace(/(\|[^\]]*)?\]\]$/, `#^${blockId}${label ? `|${label}` : ''}]]`);
}

function isoOf(now: Date | string): string {
  return typeof now === 'string' ? new Date(now).toISOString() : now.toISOString();
}

export async function planCheckpoint(input: PlanInput): Promise<Plan> {
  const { thread, learnings, vault, ledger, settings } = input;
  const now = isoOf(input.now);
  const folders = settings.folders;
  const reader = new NoteReader(vault);
  const date = (sessionEnded(thread) ?? thread.startedAt ?? now).slice(0, 10);
  const title = sessionTitle(thread, learnings);

  const known = ledger.sessions[thread.id]?.note;
  const sessionPath = known ?? (await chooseNotePath(folders.sessions, `${thread.startedAt?.slice(0, 10) ?? date} ${title}`, async (path) => {
    const fm = await reader.frontmatter(path);
    if ((await reader.read(path)) === null) return 'free';
    return fm?.codex_thread === thread.id ? 'same' : 'other';
  })).path;
  const sessionLink = linkTo(sessionPath);

  const project = await locateProject(reader, folders.projects, thread, input.readGitConfig);
  const specs = new Map<string, NoteSpec>();
  const spec = (path: string, make: () => Omit<NoteSpec, 'path' | 'items'>): NoteSpec => {
    let s = specs.get(path);
    if (!s) {
      s = { path, items: [], ...make() };
      specs.set(path, s);
    }
    return s;
  };
  spec(sessionPath, () => ({
    type: 'session', sections: SESSION_SECTIONS, sourcesLink: null,
    skeleton: () => sessionSkeleton({ thread, learnings, title, now, projectLink: project ? linkTo(project.path) : undefined }),
  }));

  const personPaths = new Map<string, string>();
  const resolve = async (target: Target): Promise<NoteSpec> => {
    switch (target.note) {
      case 'session':
        return specs.get(sessionPath)!;
      case 'project':
        return spec(project!.path, () => ({
          type: 'project', sections: PROJECT_SECTIONS, sourcesLink: sessionLink,
          skeleton: () => skeletonNote({ type: 'project', title: project!.name, now, sessionLink, repo: project!.repo, remote: project!.remote }),
        }));
      case 'person': {
        const name = cleanLine(target.name, 80);
        const found = await locateNamed(reader, folders.people, name, 'person');
        personPaths.set(target.name, found.path);
        return spec(found.path, () => ({
          type: 'person', sections: ['Facts'], sourcesLink: sessionLink,
          skeleton: () => skeletonNote({ type: 'person', title: name, now, sessionLink }),
        }));
      }
      case 'preferences':
        return spec(folders.preferencesFile, () => ({
          type: 'preferences', sections: [], sourcesLink: sessionLink, underTitle: true,
          skeleton: () => skeletonNote({ type: 'preferences', title: PREFERENCES_TITLE, now, sessionLink }),
        }));
      case 'todo':
        return spec(folders.todoFile, () => ({
          type: 'todo', sections: [], sourcesLink: null,
          skeleton: () => skeletonNote({ type: 'todo', title: 'TODO', now, sessionLink }),
        }));
      case 'topic': {
        const name = cleanLine(target.name, 80);
        const found = await locateNamed(reader, folders.notes, name, 'topic');
        return spec(found.path, () => ({
          type: 'topic', sections: ['Notes'], sourcesLink: sessionLink,
          skeleton: () => skeletonNote({ type: 'topic', title: name, now, sessionLink }),
        }));
      }
    }
  };

  for (const d of route(learnings, thread, project !== null)) {
    const text = cleanLine(d.text);
    if (!text) continue;
    const s = await resolve(d.target);
    const item: Desired = { ...d, text };
    if (d.target.note === 'todo') {
      item.text = `${text} (${sessionLink})`;
      item.heading = project?.name ?? 'Inbox';
    }
    if (d.personLink) item.text = withPersonLink(text, d.personLink, personPaths.get(d.personLink));
    if (d.reversed) {
      item.reversed = {
        what: cleanLine(d.reversed.what),
        reason: d.reversed.reason ? cleanLine(d.reversed.reason, 300) : undefined,
        replacedBy: d.reversed.replacedBy ? cleanLine(d.reversed.replacedBy) : undefined,
      };
    }
    s.items.push(item);
  }
  // People are resolved while routing; the session note's people bullets may come before their notes.
  for (const item of specs.get(sessionPath)!.items) {
    if (item.personLink && !item.text.includes('[[')) item.text = withPersonLink(item.text, item.personLink, personPaths.get(item.personLink));
  }

  const plan: Plan = {
    thread: thread.id, note: sessionPath, createdAt: now, turns: thread.turns.length, started: thread.startedAt, changes: [], skipped: [], notes: {},
  };
  for (const s of specs.values()) {
    if (s.items.length === 0 && s.type !== 'session') continue;
    await planNote(plan, s, { reader, ledger, now, date, sessionLink });
  }
  plan.changes.forEach((c, i) => {
    const id = `c${i + 1}`;
    for (const other of plan.changes) if (other.dependsOn === c.id) other.dependsOn = id;
    c.id = id;
  });
  return plan;
}

/** "Priya reviews…" → "[[people/Priya|Priya]] reviews…"; a text without the name gets the link in front. */
function withPersonLink(text: string, name: string, path: string | undefined): string {
  if (!path) return text;
  const link = linkTo(path, name);
  const at = text.toLowerCase().indexOf(name.toLowerCase());
  if (at === -1) return `${link}: ${text}`;
  return text.slice(0, at) + link + text.slice(at + name.length);
}

interface PlanContext {
  reader: NoteReader;
  ledger: Ledger;
  now: string;
  date: string;
  sessionLink: string;
}

let tmpIds = 0;

function supersededText(ctx: NoteItems, what: string, d: Desired, pc: PlanContext): string {
  const replacement = d.reversed?.replacedBy ? findReplacement(ctx, d.reversed.replacedBy) : null;
  const by = replacement ? blockLink(ctx.path, replacement.blockId, replacement.text) : pc.sessionLink;
  const reason = d.reversed?.reason ? `: ${d.reversed.reason.replace(/[()]/g, '')}` : '';
  return `${what} (superseded ${pc.date} by ${by}${reason})`;
}

/** Supersede items last: the decision that replaces them must have its block id first. */
function ordered(items: Desired[]): Desired[] {
  return [...items.filter((d) => d.mode !== 'supersede'), ...items.filter((d) => d.mode === 'supersede')];
}

async function planNote(plan: Plan, s: NoteSpec, pc: PlanContext): Promise<void> {
  const before = await pc.reader.read(s.path);
  const change = (c: Omit<PlannedChange, 'id' | 'diff'>): PlannedChange => {
    const full: PlannedChange = { id: `tmp${++tmpIds}`, diff: unifiedDiff(s.path, c.before, c.after), ...c };
    plan.changes.push(full);
    return full;
  };
  if (before !== null) {
    const parsed = tryParseNote(s.path, before);
    if (!parsed.ok) {
      plan.skipped.push({ path: s.path, reason: `cannot be read (${parsed.error.message}); left exactly as it is` });
      return;
    }
    const structure = readStructure(parsed.note);
    if (s.underTitle) {
      // Bullets go straight under the note's title, as the starter note suggests ("one bullet each").
      const title = structure.headings.find((h) => h.depth === 1)?.text;
      for (const d of s.items) d.heading = title ?? d.heading;
    }
    const ctx: NoteItems = {
      path: s.path, items: structure.items, ledger: pc.ledger, planned: [], touched: new Set(), thread: plan.thread, started: plan.started,
      taken: new Set([...structure.blockIds, ...Object.keys(pc.ledger.items)]),
    };
    plan.notes[s.path] = { seen: before, sourcesLink: s.sourcesLink };
    for (const d of ordered(s.items)) {
      const decision = decideItem(ctx, { ...d, text: d.mode === 'supersede' ? d.reversed?.what ?? d.text : d.text });
      const edit = editFor(decision, ctx, d, pc);
      if (decision.op === 'noop') {
        change({ op: 'noop', path: s.path, text: d.text, before, after: before, learningRef: d.ref, reason: decision.reason, edit: { type: 'none' }, kind: d.kind, items: [] });
        continue;
      }
      if (decision.op === 'skip' || !edit) {
        if (decision.op === 'skip') plan.skipped.push({ path: s.path, reason: decision.reason, text: d.text });
        continue;
      }
      let after: string;
      try {
        after = stampNote(applyEdit(before, edit, s.path), s.path, pc.now, s.sourcesLink);
      } catch (err) {
        if (!(err instanceof NoteEditError)) throw err;
        plan.skipped.push({ path: s.path, reason: err.message, text: d.text });
        continue;
      }
      const op = decision.op === 'supersede-move' || decision.op === 'supersede-add' ? 'supersede' : decision.op;
      const blockId = 'blockId' in decision ? decision.blockId : '';
      const text = edit.type === 'none' || edit.type === 'create' ? d.text : edit.text;
      change({
        op, path: s.path, text, before, after, learningRef: d.ref, needsReview: d.needsReview,
        reason: 'reason' in decision ? decision.reason : undefined, edit, kind: d.kind, items: [{ blockId, kind: d.kind }],
      });
      ctx.planned.push({ text, heading: d.heading, blockId, kind: d.kind });
      if (decision.op === 'update' || decision.op === 'supersede-move') ctx.touched.add(blockId);
    }
    return;
  }
  planNewNote(plan, s, pc, change);
}

function editFor(decision: ItemDecision, ctx: NoteItems, d: Desired, pc: PlanContext): NoteEdit | null {
  switch (decision.op) {
    case 'add':
      return { type: 'add', heading: decision.heading, text: decision.text, blockId: decision.blockId, checkbox: decision.checkbox };
    case 'update':
      return { type: 'replace', blockId: decision.blockId, text: decision.text };
    case 'supersede-move':
      return { type: 'move', blockId: decision.blockId, heading: decision.heading, text: supersededText(ctx, decision.text, d, pc) };
    case 'supersede-add':
      return { type: 'add', heading: decision.heading, text: supersededText(ctx, decision.text, d, pc), blockId: decision.blockId };
    default:
      return null;
  }
}

/**
 * A note that does not exist yet is one 'create' change holding every item that needs no review; items
 * that need review follow as 'add' changes depending on it, so declining them keeps the rest.
 */
function planNewNote(plan: Plan, s: NoteSpec, pc: PlanContext, change: (c: Omit<PlannedChange, 'id' | 'diff'>) => PlannedChange): void {
  if (s.type === 'session' && pc.ledger.sessions[plan.thread]?.note === s.path) {
    // The person deleted (or moved) this session's note; it is not recreated.
    plan.skipped.push({ path: s.path, reason: 'you removed this session note; it is not written back' });
    return;
  }
  if (s.underTitle) for (const d of s.items) d.heading = PREFERENCES_TITLE;
  const ctx: NoteItems = {
    path: s.path, items: [], ledger: pc.ledger, planned: [], touched: new Set(), thread: plan.thread, started: plan.started,
    taken: new Set(Object.keys(pc.ledger.items)),
  };
  const adds: { d: Desired; edit: Extract<NoteEdit, { type: 'add' }> }[] = [];
  for (const d of ordered(s.items)) {
    const decision = decideItem(ctx, { ...d, text: d.mode === 'supersede' ? d.reversed?.what ?? d.text : d.text });
    if (decision.op === 'skip') {
      plan.skipped.push({ path: s.path, reason: decision.reason, text: d.text });
      continue;
    }
    const edit = editFor(decision, ctx, d, pc);
    if (!edit || edit.type !== 'add') continue;
    adds.push({ d, edit });
    ctx.planned.push({ text: edit.text, heading: d.heading, blockId: edit.blockId, kind: d.kind });
  }
  if (adds.length === 0 && s.type !== 'session') return;
  const rank = (heading: string) => {
    const i = s.sections.indexOf(heading);
    return i === -1 ? s.sections.length : i;
  };
  const sorted = [...adds].sort((a, b) => rank(a.d.heading) - rank(b.d.heading));
  const allReview = sorted.every((a) => a.d.needsReview);
  const first = allReview ? sorted : sorted.filter((a) => !a.d.needsReview);
  const later = allReview ? [] : sorted.filter((a) => a.d.needsReview);
  let text = s.skeleton();
  for (const { edit } of first) text = addListItem(text, edit.heading, edit.text, { blockId: edit.blockId, checkbox: edit.checkbox, path: s.path });
  plan.notes[s.path] = { seen: null, sourcesLink: s.sourcesLink };
  const created = change({
    op: 'create', path: s.path, text: s.path.slice(s.path.lastIndexOf('/') + 1).replace(/\.md$/, ''), before: null, after: text,
    learningRef: first[0]?.d.ref, needsReview: allReview && sorted.length > 0 ? true : undefined,
    edit: { type: 'create', text }, kind: s.type, items: first.map((a) => ({ blockId: a.edit.blockId, kind: a.d.kind })),
  });
  for (const { d, edit } of later) {
    change({
      op: 'add', path: s.path, text: edit.text, before: text, after: applyEdit(text, edit, s.path), learningRef: d.ref,
      needsReview: true, edit, kind: d.kind, items: [{ blockId: edit.blockId, kind: d.kind }], dependsOn: created.id,
    });
  }
}

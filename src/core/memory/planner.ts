// Learnings + the vault as it is → a plan of note changes, nothing written. Each change carries the note
// text it saw, the text it would leave and a diff, so a person can review it and apply can refuse it when
// the note changed in between.
import type { Thread } from '../codex/thread';
import type { Learnings } from '../distill/learnings';
import type { ReadGitConfig } from '../recall/project';
import type { CodexMemorySettings } from '../settings';
import { chooseNotePath } from '../security/safe-names';
import type { VaultStore } from '../vault/store';
import { cleanLine } from './clean-text';
import { locateNamed, locateProject, NoteReader } from './note-locator';
import { blockLink, linkTo } from './note-links';
import { bulletLinesOf, planNote, PREFERENCES_TITLE, type NoteSpec } from './note-plan';
import { planDoneTodos, type DoneRecord } from './done-todos';
import type { Ledger } from './ledger';
import type { Plan } from './plan';
import { PROJECT_SECTIONS, route, SESSION_SECTIONS, type Desired, type Target } from './routing';
import { sessionEnded, sessionSkeleton, sessionTitle } from './session-note';
import { skeletonNote } from './templates';
import { planGoal } from '../goals/plan-goal';

export interface PlanInput {
  thread: Thread;
  learnings: Learnings;
  vault: VaultStore;
  ledger: Ledger;
  settings: CodexMemorySettings;
  now: Date | string;
  /** Reads `<dir>/.git/config` for project detection by remote (the CLI passes the disk reader). */
  readGitConfig?: ReadGitConfig;
  /** TODOs earlier ticks recorded (done-todos.ts); without it every open TODO may be ticked. */
  done?: DoneRecord;
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
  // Markdown emphasis and code quotes read badly in a file name (and in every link to it).
  const stem = `${thread.startedAt?.slice(0, 10) ?? date} ${title.replace(/[`*]/g, '')}`;
  const sessionPath =
    known ??
    (
      await chooseNotePath(folders.sessions, stem, async (path) => {
        const fm = await reader.frontmatter(path);
        if ((await reader.read(path)) === null) return 'free';
        return fm?.codex_thread === thread.id ? 'same' : 'other';
      })
    ).path;
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
    type: 'session',
    sections: SESSION_SECTIONS,
    sourcesLink: null,
    skeleton: () => sessionSkeleton({ thread, learnings, title, now, projectLink: project ? linkTo(project.path) : undefined }),
  }));

  const personPaths = new Map<string, string>();
  const resolve = async (target: Target): Promise<NoteSpec> => {
    switch (target.note) {
      case 'session':
        return specs.get(sessionPath)!;
      case 'project':
        return spec(project!.path, () => ({
          type: 'project',
          sections: PROJECT_SECTIONS,
          sourcesLink: sessionLink,
          skeleton: () => skeletonNote({ type: 'project', title: project!.name, now, sessionLink, repo: project!.repo, remote: project!.remote }),
        }));
      case 'person': {
        const name = cleanLine(target.name, 80);
        const found = await locateNamed(reader, folders.people, name, 'person');
        personPaths.set(target.name, found.path);
        return spec(found.path, () => ({
          type: 'person',
          sections: ['Facts', 'Decisions'],
          sourcesLink: sessionLink,
          skeleton: () => skeletonNote({ type: 'person', title: name, now, sessionLink }),
        }));
      }
      case 'preferences':
        return spec(folders.preferencesFile, () => ({
          type: 'preferences',
          sections: [],
          sourcesLink: sessionLink,
          underTitle: true,
          skeleton: () => skeletonNote({ type: 'preferences', title: PREFERENCES_TITLE, now, sessionLink }),
        }));
      case 'todo':
        return spec(folders.todoFile, () => ({
          type: 'todo',
          sections: [],
          sourcesLink: null,
          skeleton: () => skeletonNote({ type: 'todo', title: 'TODO', now, sessionLink }),
        }));
      case 'topic': {
        const name = cleanLine(target.name, 80);
        const found = await locateNamed(reader, folders.notes, name, 'topic');
        return spec(found.path, () => ({
          type: 'topic',
          sections: ['Notes'],
          sourcesLink: sessionLink,
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
        ifPresent: d.reversed.ifPresent,
      };
    }
    s.items.push(item);
  }
  // People are resolved while routing; the session note's people bullets may come before their notes.
  for (const item of specs.get(sessionPath)!.items) {
    if (item.personLink && !item.text.includes('[[')) item.text = withPersonLink(item.text, item.personLink, personPaths.get(item.personLink));
  }

  const plan: Plan = {
    thread: thread.id,
    note: sessionPath,
    createdAt: now,
    turns: thread.turns.length,
    started: thread.startedAt,
    changes: [],
    skipped: [],
    notes: {},
  };
  // People's notes last: their links point at decisions the project and session notes place first.
  const ordered = [...specs.values()].sort((a, b) => Number(a.type === 'person') - Number(b.type === 'person'));
  for (const s of ordered) {
    if (s.items.length === 0 && s.type !== 'session') continue;
    if (s.type === 'person')
      for (const item of s.items) if (item.decisionLink) item.text = decisionLinkLine(plan, item.decisionLink, project?.path ?? sessionPath, date);
    await planNote(plan, s, { reader, ledger, now, date, sessionLink });
  }
  await planGoal(plan, { thread, reader, projectPath: project?.path ?? null, ledger, now, date, sessionLink });
  if (thread.finished) {
    await planDoneTodos(plan, {
      thread,
      reader,
      todoPath: folders.todoFile,
      ledger,
      done: input.done ?? {},
      project: project?.name,
      date,
      now,
      sessionLink,
    });
  }
  return plan;
}

/**
 * "Weighed in on [[projects/x#^cm-…|Use Redis]] (2026-11-03)": the line a person's note gets for a decision
 * they took part in. The block is the one the plan gives (or found) for the decision in that note.
 */
function decisionLinkLine(plan: Plan, link: NonNullable<Desired['decisionLink']>, projectOrSession: string, date: string): string {
  const path = link.note === 'project' ? projectOrSession : plan.note;
  const head = link.text.replace(/\s+History:.*$/, '');
  const probe = head.slice(0, 40).toLowerCase();
  let block: string | undefined;
  for (const c of plan.changes) {
    if (c.path !== path) continue;
    const line = firstBulletLine(bulletLinesOf(c), (l) =>
      l
        .replace(/^\s*[-*+]\s+(?:\[.\]\s+)?/, '')
        .toLowerCase()
        .startsWith(probe),
    );
    block = (line && /\^([A-Za-z0-9-]+)\s*$/.exec(line)?.[1]) ?? block;
  }
  const label = head.replace(/\s*\([^)]*\)\s*\.?$/, '').replace(/\.$/, '');
  return `Weighed in on ${block ? blockLink(path, block, label) : linkTo(path)} (${date})`;
}

/** Where a line may start as a bullet: after a line break, but also after a '\r' (checked against the real line). */
const BULLET_START = /^[^\S\n]*[-*+] /gm;

/**
 * The first line of `text` (split at '\n') that starts as a bullet (`- `, `* `, `+ ` after any whitespace) and that
 * `wanted` accepts. Only the lines that start so are cut out: a project note can hold a pasted log of 200,000 lines.
 */
function firstBulletLine(text: string, wanted: (line: string) => boolean): string | undefined {
  for (const m of text.matchAll(BULLET_START)) {
    if (m.index > 0 && text[m.index - 1] !== '\n') continue;
    const end = text.indexOf('\n', m.index);
    const line = text.slice(m.index, end === -1 ? text.length : end);
    if (wanted(line)) return line;
  }
  return undefined;
}

/** "Priya reviews…" → "[[people/Priya|Priya]] reviews…"; a text without the name gets the link in front. */
function withPersonLink(text: string, name: string, path: string | undefined): string {
  if (!path) return text;
  const link = linkTo(path, name);
  const at = text.toLowerCase().indexOf(name.toLowerCase());
  if (at === -1) return `${link}: ${text}`;
  return text.slice(0, at) + link + text.slice(at + name.length);
}

// Review stale memory: what in the vault may no longer be true or no longer used — items naming repository
// files that are gone, notes older than `staleAfterDays`, notes Codex is given often and never cites, and
// items or notes already marked superseded — each with the actions a person can take on it (tick a TODO,
// mark an item superseded, set `memory: never` on a note). Every action is a one-change plan applied through
// the same journal as a checkpoint (apply.ts), so `undo` reverts it and a note edited meanwhile is not
// touched. The plugin's modal only calls these functions.
import type { CheckpointHost } from '../host';
import { readStructure, tryParseNote, type ListItem } from '../notes';
import { namedFiles } from '../recall/stale';
import { DEFAULT_STALE_AFTER_DAYS } from '../recall/stale';
import { usageStats } from '../recall/usage';
import { applyPlanHoldingLock, type ApplyResult } from './apply';
import { applyEdit, stampNote } from './edits';
import { LedgerStore } from './ledger';
import { unifiedDiff, type NoteEdit, type Plan, type PlannedChange } from './plan';

/** The ledger's "session" for changes made in the review (undo names it; no Codex thread has this id). */
export const REVIEW_THREAD = 'review-stale-memory';
/** Most repository files one review checks (a person waits for the list). */
export const MAX_FILE_CHECKS = 200;

export type StaleReason = 'gone' | 'old' | 'unused' | 'superseded';
export type ReviewAction = 'tick' | 'supersede' | 'never';

export interface StaleEntry {
  /** `path` for a whole note, `path#^block` for one item. */
  id: string;
  path: string;
  blockId?: string;
  /** The item's text (absent for a whole note). */
  text?: string;
  reasons: { kind: StaleReason; detail: string }[];
  /** What may be done to it here (opening the note is always possible). */
  actions: ReviewAction[];
  /** How often the note was given to Codex and cited back. */
  given?: number;
  cited?: number;
}

export type StaleReviewHost = Pick<CheckpointHost, 'store' | 'state' | 'settings' | 'now'> & {
  /** Whether a file exists on disk (absent where there is none: named files are then not checked). */
  fileExists?(path: string): Promise<boolean>;
};

const SUPERSEDED_TEXT = /\(superseded\b[^)]*\)\s*$/i;
const isSupersededHeading = (i: ListItem) => i.headingPath.some((h) => /^superseded$/i.test(h.trim()));
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const dateMs = (v: unknown): number | undefined => {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** Notes the review looks at: the person's memory, not sessions, proposals or program state. */
function reviewable(path: string, host: StaleReviewHost): boolean {
  const { inbox, sessions, stateDir } = host.settings.folders;
  return ![inbox, sessions, stateDir].some((f) => path === f || path.startsWith(`${f}/`));
}

/** The entries to review, stale items first, then whole notes. Reads the vault; writes nothing. */
export async function listStaleMemory(host: StaleReviewHost): Promise<StaleEntry[]> {
  const now = host.now().getTime();
  const afterDays = host.settings.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  const usage = new Map((await usageStats(host.state, host.now())).map((s) => [s.path, s]));
  const items: StaleEntry[] = [];
  const notes: StaleEntry[] = [];
  let checks = 0;
  const exists = new Map<string, Promise<boolean>>();
  const check = (file: string) => {
    if (!exists.has(file)) {
      checks++;
      exists.set(
        file,
        host.fileExists!(file).catch(() => true),
      );
    }
    return exists.get(file)!;
  };
  for (const path of await host.store.listMarkdown()) {
    if (!reviewable(path, host)) continue;
    const text = await host.store.read(path);
    if (text === null) continue;
    const parsed = tryParseNote(path, text);
    if (!parsed.ok) continue;
    const fm = parsed.note.frontmatter?.data ?? {};
    // Never given to Codex: nothing here can mislead it.
    if (fm.memory === 'never') continue;
    const reasons: StaleEntry['reasons'] = [];
    if (fm.status === 'superseded' || (fm.superseded_by !== undefined && fm.superseded_by !== null && fm.superseded_by !== '')) {
      reasons.push({ kind: 'superseded', detail: 'the note is marked superseded' });
    }
    const time = dateMs(fm.updated) ?? dateMs(fm.created) ?? (await host.store.stat(path))?.mtime;
    if (time !== undefined && now - time > afterDays * 86_400_000) {
      reasons.push({ kind: 'old', detail: `not updated since ${new Date(time).toISOString().slice(0, 10)}` });
    }
    const used = usage.get(path);
    if (used?.review) reasons.push({ kind: 'unused', detail: `given to ${used.given} sessions, ${used.cited ? 'not cited lately' : 'never cited'}` });
    if (reasons.length) {
      notes.push({ id: path, path, reasons, actions: ['never'], ...(used ? { given: used.given, cited: used.cited } : {}) });
    }
    // Repositories the note is about: a named file is gone when no existing checkout has it.
    const roots = strings(fm.repo).map((r) => r.replace(/[\\/]+$/, ''));
    const liveRoots =
      host.fileExists && roots.length
        ? (await Promise.all(roots.map((r) => check(r).then((ok) => (ok ? r : null))))).filter((r): r is string => !!r)
        : [];
    for (const item of readStructure(parsed.note).items) {
      if (item.checked === true) continue;
      const itemReasons: StaleEntry['reasons'] = [];
      if (isSupersededHeading(item)) continue;
      if (SUPERSEDED_TEXT.test(item.text))
        itemReasons.push({ kind: 'superseded', detail: 'says it is superseded but is still in a current section' });
      if (liveRoots.length) {
        const gone: string[] = [];
        for (const f of namedFiles(item.text)) {
          if (checks >= MAX_FILE_CHECKS) break;
          const found = await Promise.all(liveRoots.map((r) => check(`${r}/${f}`)));
          if (!found.some(Boolean)) gone.push(f);
        }
        if (gone.length) itemReasons.push({ kind: 'gone', detail: `${gone.join(', ')} ${gone.length > 1 ? 'are' : 'is'} gone` });
      }
      if (!itemReasons.length) continue;
      const actions: ReviewAction[] = item.blockId ? [...(item.checked === false ? (['tick'] as const) : []), 'supersede'] : [];
      items.push({
        id: `${path}#^${item.blockId ?? item.line}`,
        path,
        ...(item.blockId ? { blockId: item.blockId } : {}),
        text: item.text,
        reasons: itemReasons,
        actions,
      });
    }
  }
  return [...items, ...notes];
}

function editFor(entry: StaleEntry, action: ReviewAction, date: string): { edit: NoteEdit; op: PlannedChange['op']; text: string } {
  if (action === 'never') return { edit: { type: 'frontmatter', key: 'memory', value: 'never' }, op: 'update', text: 'memory: never' };
  if (!entry.blockId || entry.text === undefined) throw new Error(`${entry.path}: this line has no block id, so it can only be changed by hand.`);
  const bare = entry.text.replace(SUPERSEDED_TEXT, '').trimEnd();
  if (action === 'tick') {
    const text = `${entry.text.replace(/\s*✅\s*\d{4}-\d{2}-\d{2}\s*$/, '')} ✅ ${date}`;
    return { edit: { type: 'tick', blockId: entry.blockId, text }, op: 'update', text };
  }
  const text = `${bare} (superseded ${date}, in review)`;
  return { edit: { type: 'move', blockId: entry.blockId, heading: 'Superseded', text }, op: 'supersede', text };
}

/** The one-change plan an action makes, against the note as it reads now. */
export async function planReviewAction(host: StaleReviewHost, entry: StaleEntry, action: ReviewAction): Promise<Plan> {
  if (!entry.actions.includes(action)) throw new Error(`"${action}" is not offered for ${entry.id}.`);
  const nowIso = host.now().toISOString();
  const before = await host.store.read(entry.path);
  if (before === null) throw new Error(`${entry.path} no longer exists.`);
  if (entry.blockId) {
    // The person's hand wins: an item reworded, ticked or moved since the list was made is left alone.
    const parsed = tryParseNote(entry.path, before);
    const now = parsed.ok ? readStructure(parsed.note).items.find((i) => i.blockId === entry.blockId) : undefined;
    if (!now || now.text !== entry.text || now.checked === true) {
      throw new Error(`${entry.path} changed since the list was made; nothing was written. Refresh the list and look again.`);
    }
  }
  const { edit, op, text } = editFor(entry, action, nowIso.slice(0, 10));
  const after = stampNote(applyEdit(before, edit, entry.path), entry.path, nowIso, null);
  const change: PlannedChange = {
    id: 'c1',
    op,
    path: entry.path,
    text,
    before,
    after,
    diff: unifiedDiff(entry.path, before, after),
    reason: `review stale memory: ${entry.reasons.map((r) => r.detail).join('; ')}`,
    edit,
    kind: `review-${action}`,
    items: entry.blockId && action !== 'never' ? [{ blockId: entry.blockId, kind: action === 'tick' ? 'todo' : 'decision' }] : [],
  };
  return {
    thread: REVIEW_THREAD,
    note: entry.path,
    createdAt: nowIso,
    turns: 0,
    changes: [change],
    skipped: [],
    notes: { [entry.path]: { seen: before, sourcesLink: null } },
  };
}

/**
 * Takes one action, planned and applied under one hold of the vault lock through the checkpoint journal:
 * `undo` reverts it, and a note that changed since it was read is left alone (reported in `skipped`).
 */
export function applyReviewAction(host: StaleReviewHost, entry: StaleEntry, action: ReviewAction): Promise<ApplyResult> {
  return host.store.withLock(async () => {
    const plan = await planReviewAction(host, entry, action);
    const ledger = new LedgerStore(host.state, host.settings.folders.stateDir);
    return applyPlanHoldingLock(plan, ['c1'], host.store, ledger, { now: host.now() });
  });
}

// The decision for one memory item against one note: ADD, UPDATE, SUPERSEDE, NOOP — or leave it, because
// the person edited or deleted what the program once wrote there (their hand always wins).
import type { ExistingRelation } from '../distill/learnings';
import type { ListItem } from '../notes';
import { uniqueBlockIdFor } from '../notes';
import { textHash, type Ledger } from './ledger';
import { addsTo, alreadySaid, compare, profile, related } from './similarity';
import { isDroppedBy, type ItemMode } from './routing';

export interface NoteItems {
  path: string;
  /** Items now in the note (empty for a note that does not exist yet). */
  items: ListItem[];
  ledger: Ledger;
  /** Block ids that must not be handed out again (in the note, in the ledger, planned). */
  taken: Set<string>;
  /** Items this plan already intends to put in the note. */
  planned: { text: string; heading: string; blockId: string; kind: string }[];
  /** Block ids this plan already changes (updated or moved): one change per item. */
  touched: Set<string>;
  /** The session being checkpointed, and when it started. */
  thread: string;
  started?: string;
}

export interface ItemRequest {
  heading: string;
  text: string;
  kind: string;
  mode: ItemMode;
  checkbox?: boolean;
  reversed?: { what: string; reason?: string; replacedBy?: string; ifPresent?: boolean };
  /** The choice of a decision reached through a change of mind: a Superseded record of it is brought back. */
  redecided?: string;
  /** What the distiller said this repeats or updates (a bullet it was shown). */
  existing?: ExistingRelation;
}

export type ItemDecision =
  | { op: 'noop'; reason: string }
  | { op: 'skip'; reason: string; needsReview?: boolean }
  | { op: 'add'; heading: string; text: string; blockId: string; checkbox?: boolean }
  | { op: 'update'; blockId: string; text: string; reason: string }
  | { op: 'supersede-move'; blockId: string; heading: string; text: string; reason: string }
  | { op: 'supersede-add'; heading: string; text: string; blockId: string }
  /** A superseded record the session decided again: back under its heading, with the current text. */
  | { op: 'restore'; blockId: string; heading: string; text: string; reason: string };

const SUPERSEDED = /^superseded$/i;

function underSuperseded(item: ListItem): boolean {
  return item.headingPath.some((h) => SUPERSEDED.test(h.trim()));
}

/** Program-written and still exactly as written (a person's edit changes the hash). */
function ownership(ctx: NoteItems, item: ListItem): 'mine' | 'edited' | 'theirs' {
  const rec = item.blockId ? ctx.ledger.items[item.blockId] : undefined;
  if (!rec) return 'theirs';
  return textHash(item.text) === rec.hash ? 'mine' : 'edited';
}

/** Items the ledger put in this note that are no longer there: the person removed them. */
function removedItems(ctx: NoteItems): { id: string; text: string }[] {
  const present = new Set(ctx.items.map((i) => i.blockId).filter(Boolean));
  return Object.entries(ctx.ledger.items)
    .filter(([id, rec]) => rec.path === ctx.path && !present.has(id))
    .map(([id, rec]) => ({ id, text: rec.text }));
}

/** An item still in the note whose text, as the program wrote it, already said this (the person may have reworded it since). */
function writtenHere(ctx: NoteItems, items: ListItem[], same: (ledgerText: string) => boolean): ListItem | undefined {
  return items.find((i) => {
    const rec = i.blockId ? ctx.ledger.items[i.blockId] : undefined;
    return rec !== undefined && same(rec.text);
  });
}

/** The item came from a session that started after this one: an older session does not override it. */
function newerSessionWrote(ctx: NoteItems, item: ListItem): boolean {
  const rec = item.blockId ? ctx.ledger.items[item.blockId] : undefined;
  if (!rec || rec.thread === ctx.thread || !ctx.started) return false;
  const theirs = ctx.ledger.sessions[rec.thread]?.started;
  return theirs !== undefined && theirs > ctx.started;
}

/** Files are compared as paths: `src/a.ts` and `src/b.ts` share every word but are not the same file. */
function sameFile(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/\s*\^[A-Za-z0-9-]+\s*$/, '')
      .replace(/`/g, '')
      .trim()
      .toLowerCase();
  return norm(a) === norm(b);
}

function isSame(kind: string, candidate: string, known: string): boolean {
  return kind === 'file' ? sameFile(candidate, known) : alreadySaid(candidate, known);
}

function lineOf(item: ListItem): string {
  return `line ${item.line}`;
}

export function newBlockId(ctx: NoteItems, kind: string, text: string): string {
  const id = uniqueBlockIdFor(`${ctx.path}\n${kind}\n${[...profile(text).tokens].sort().join(' ')}`, ctx.taken);
  ctx.taken.add(id);
  return id;
}

export function decideItem(ctx: NoteItems, req: ItemRequest): ItemDecision {
  if (req.mode === 'supersede') return decideSupersede(ctx, req);
  const named = req.existing && req.existing.path === ctx.path ? decideNamed(ctx, req, req.existing) : null;
  if (named) return named;
  const live = ctx.items.filter((i) => !(req.kind === 'decision' && underSuperseded(i)));
  const scope = req.mode === 'single' ? live.filter((i) => i.headingPath[i.headingPath.length - 1] === req.heading) : live;

  const dup = ctx.planned.find((p) => isSame(req.kind, req.text, p.text));
  if (dup) return { op: 'noop', reason: `repeats ^${dup.blockId} in this plan` };
  const known =
    scope.find((i) => isSame(req.kind, req.text, i.text)) ??
    (req.mode === 'single' ? live.find((i) => isSame(req.kind, req.text, i.text)) : undefined);
  if (known) {
    const edited = ownership(ctx, known) === 'edited';
    return {
      op: 'noop',
      reason: edited ? `you edited ^${known.blockId} (${lineOf(known)}); your text is kept` : `already in the note (${lineOf(known)})`,
    };
  }

  if (req.kind === 'decision') {
    const dropped = ctx.items.find(
      (i) =>
        underSuperseded(i) &&
        (isSame(req.kind, req.text, supersededCore(i.text)) || (!!req.redecided && related(req.redecided, supersededCore(i.text)))),
    );
    if (dropped && req.redecided && ownership(ctx, dropped) !== 'theirs' && dropped.blockId) {
      return {
        op: 'restore',
        blockId: dropped.blockId,
        heading: req.heading,
        text: req.text,
        reason: `decided again; was superseded (${lineOf(dropped)})`,
      };
    }
    if (dropped && !req.redecided) return { op: 'noop', reason: `superseded since (${lineOf(dropped)}); not added again` };
  }
  const wrote = writtenHere(ctx, live, (text) => isSame(req.kind, req.text, text));
  if (wrote) return { op: 'noop', reason: `you edited ^${wrote.blockId} (${lineOf(wrote)}); your text is kept` };

  const gone = removedItems(ctx).find((r) => isSame(req.kind, req.text, r.text) || (req.kind !== 'file' && addsTo(req.text, r.text)));
  if (gone) return { op: 'skip', reason: `you removed ^${gone.id} from this note; it is not written back` };

  if (req.kind !== 'file') {
    const free = scope.filter((i) => !ctx.touched.has(i.blockId ?? ''));
    const older =
      req.mode === 'single'
        ? [...free].reverse().find((i) => ownership(ctx, i) !== 'theirs')
        : free.find((i) => ownership(ctx, i) !== 'theirs' && addsTo(req.text, i.text));
    if (older && newerSessionWrote(ctx, older)) {
      return { op: 'noop', reason: `a later session wrote ^${older.blockId} (${lineOf(older)}); it is kept` };
    }
    if (older) {
      if (ownership(ctx, older) === 'edited') {
        return { op: 'skip', reason: `you edited ^${older.blockId} (${lineOf(older)}); your text is kept` };
      }
      return { op: 'update', blockId: older.blockId!, text: req.text, reason: `replaces "${older.text}"` };
    }
  }
  return { op: 'add', heading: req.heading, text: req.text, blockId: newBlockId(ctx, req.kind, req.text), checkbox: req.checkbox };
}

/** The distiller named the bullet this repeats or updates; when it is in this note, that decides. */
function decideNamed(ctx: NoteItems, req: ItemRequest, existing: ExistingRelation): ItemDecision | null {
  const item = ctx.items.find((i) => (existing.block ? i.blockId === existing.block : i.text === existing.text));
  if (!item) return null;
  if (existing.relation === 'known') return { op: 'noop', reason: `already known (${lineOf(item)})` };
  if (existing.relation !== 'updates' || ctx.touched.has(item.blockId ?? '') || isSame(req.kind, req.text, item.text)) return null;
  const who = ownership(ctx, item);
  if (who === 'mine') return { op: 'update', blockId: item.blockId!, text: req.text, reason: `replaces "${item.text}"` };
  return {
    op: 'skip',
    needsReview: true,
    reason: `newer facts for ${who === 'edited' ? `^${item.blockId}, which you edited` : 'your text'} at ${lineOf(item)}; it was left as you wrote it`,
  };
}

/** The text of a superseded decision's record, without the annotation the program adds. */
export function supersededCore(text: string): string {
  return text
    .replace(/\s*\(superseded\b[^)]*\)\s*$/i, '')
    .replace(/^~~|~~$/g, '')
    .trim();
}

function decideSupersede(ctx: NoteItems, req: ItemRequest): ItemDecision {
  const what = req.reversed?.what ?? req.text;
  const recorded =
    ctx.items.find((i) => underSuperseded(i) && related(what, supersededCore(i.text))) ??
    ctx.planned.find((p) => p.heading === req.heading && related(what, supersededCore(p.text)));
  if (recorded) return { op: 'noop', reason: 'the reversal is already recorded under Superseded' };
  const wrote = writtenHere(ctx, ctx.items.filter(underSuperseded), (text) => related(what, supersededCore(text)));
  if (wrote) return { op: 'noop', reason: `you edited ^${wrote.blockId} (${lineOf(wrote)}); your text is kept` };

  const candidates = ctx.items
    .filter((i) => !underSuperseded(i) && !ctx.touched.has(i.blockId ?? '') && i.headingPath.some((h) => /decision/i.test(h)))
    .map((i) => ({ i, s: compare(what, i.text) }))
    .filter(({ i, s }) => !s.polarityDiffers && isDroppedBy(i.text, { what, replacedBy: req.reversed?.replacedBy }))
    .sort((a, b) => b.s.dice - a.s.dice);
  const live = candidates[0]?.i;
  if (live) {
    const who = ownership(ctx, live);
    if (who === 'mine') {
      return {
        op: 'supersede-move',
        blockId: live.blockId!,
        heading: req.heading,
        text: live.text,
        reason: `moves ^${live.blockId} (${lineOf(live)}) under ${req.heading}`,
      };
    }
    return {
      op: 'skip',
      needsReview: true,
      reason: `this session reversed "${what}", which matches your text at ${lineOf(live)}; it was left as you wrote it`,
    };
  }
  if (req.reversed?.ifPresent) return { op: 'noop', reason: `"${what}" was history within the session; no note states it` };
  const gone = removedItems(ctx).find((r) => related(what, supersededCore(r.text)));
  if (gone) return { op: 'skip', reason: `you removed ^${gone.id} from this note; it is not written back` };
  return { op: 'supersede-add', heading: req.heading, text: what, blockId: newBlockId(ctx, 'reversed_decision', what) };
}

/** Existing or planned decision that best matches the replacement a reversal names. */
export function findReplacement(ctx: NoteItems, replacedBy: string): { blockId: string; text: string } | null {
  const pool = [
    ...ctx.planned.filter((p) => p.kind === 'decision'),
    ...ctx.items.filter((i) => i.blockId && !underSuperseded(i)).map((i) => ({ blockId: i.blockId!, text: i.text })),
  ];
  let best: { blockId: string; text: string; dice: number } | null = null;
  for (const p of pool) {
    const s = compare(replacedBy, p.text);
    if (related(replacedBy, p.text) && (!best || s.dice > best.dice)) best = { ...p, dice: s.dice };
  }
  return best;
}

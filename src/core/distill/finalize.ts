// The last step of every distiller, whatever produced the items: texts are cleaned (redacted, one line, no
// block ids), anything resting on tool output alone is marked for review, repeats are merged, and items
// that repeat a memory bullet the distiller was shown are tagged as already known.
import { cleanLine } from '../memory/clean-text';
import { alreadySaid, compare, profile, related, type TokenProfile } from '../memory/similarity';
import { resolveDecisionChains } from './decision-chains';
import type { DistillContext } from './distiller';
import type { EvidenceSource, Learning } from './learnings';
import { NearDuplicates } from './near-duplicates';
import { reword } from './wording';

const STRENGTH: Record<EvidenceSource, number> = { user: 3, assistant: 2, structure: 1, tool: 0 };

/** A person's name fit to become part of a note name later: one line, no path separators. */
function cleanName(name: string): string {
  return cleanLine(name, 80)
    .replace(/^\\/, '')
    .replace(/[\\/:*?"<>|#^[\]]+/g, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .replace(/\s+/g, ' ');
}

function clean(l: Learning): Learning | null {
  const text = cleanLine(l.text, 600);
  if (!text) return null;
  const out: Learning = { ...l, text, confidence: Math.min(1, Math.max(0, Number.isFinite(l.confidence) ? l.confidence : 0.5)) };
  if (l.subject) {
    const name = cleanName(l.subject.name);
    if (!name) delete out.subject;
    else out.subject = { type: l.subject.type, name };
  }
  if (l.reversed) {
    out.reversed = {
      what: cleanLine(l.reversed.what, 300) || text,
      reason: l.reversed.reason ? cleanLine(l.reversed.reason, 400) || undefined : undefined,
      replacedBy: l.reversed.replacedBy ? cleanLine(l.reversed.replacedBy, 300) || undefined : undefined,
    };
  }
  if (l.ref) out.ref = { type: l.ref.type, id: cleanLine(l.ref.id, 300) };
  if (out.evidence === 'tool') out.needsReview = true;
  return out;
}

/**
 * Stricter than "already said" in memory: two items of one session are merged only when they say the same
 * thing, not when they differ by one word ("the parser got X" / "the scheduler got X").
 */
function sameText(a: TokenProfile, b: TokenProfile): boolean {
  const s = compare(a, b);
  if (s.polarityDiffers) return false;
  return s.dice >= 0.9 || (s.aInB === 1 && s.bInA >= 0.6) || (s.bInA === 1 && s.aInB >= 0.6);
}

/** Token profiles computed once per item: comparing every pair would otherwise re-tokenise each text n times. */
type Profiles = (l: Pick<Learning, 'text'>) => TokenProfile;

function profiles(): Profiles {
  const cache = new Map<string, TokenProfile>();
  return (l) => {
    let p = cache.get(l.text);
    if (!p) cache.set(l.text, (p = profile(l.text)));
    return p;
  };
}

function sameItem(a: Learning, b: Learning, p: Profiles): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'reference':
      return !!a.ref && !!b.ref && a.ref.type === b.ref.type && a.ref.id.toLowerCase() === b.ref.id.toLowerCase();
    case 'file':
      return a.text.replace(/`/g, '') === b.text.replace(/`/g, '');
    case 'person':
      return a.subject?.name === b.subject?.name && sameText(p(a), p(b));
    case 'reversed_decision':
      return !!a.reversed && !!b.reversed && related(a.reversed.what, b.reversed.what) && related(b.reversed.what, a.reversed.what);
    default:
      return sameText(p(a), p(b));
  }
}

function filled(l: Learning): number {
  return (l.reversed?.reason ? 1 : 0) + (l.reversed?.replacedBy ? 1 : 0) + l.text.length / 10000;
}

/** Folds `b` into `a`: the fuller text, the stronger evidence, the earlier turn, the higher confidence. */
function merge(a: Learning, b: Learning): Learning {
  const base = filled(b) > filled(a) ? { ...b } : { ...a };
  const other = base === a ? b : a;
  base.turn = Math.min(a.turn, b.turn);
  base.confidence = Math.max(a.confidence, b.confidence);
  base.evidence = STRENGTH[a.evidence] >= STRENGTH[b.evidence] ? a.evidence : b.evidence;
  base.needsReview = a.needsReview && b.needsReview ? true : undefined;
  if (base.evidence === 'tool') base.needsReview = true;
  if (!base.needsReview) delete base.needsReview;
  base.unconfirmed = a.unconfirmed && b.unconfirmed ? true : undefined;
  if (!base.unconfirmed) delete base.unconfirmed;
  if (base.reversed && other.reversed) {
    const r = { ...base.reversed };
    if (!r.reason && other.reversed.reason) {
      r.reason = other.reversed.reason;
      base.text = `${base.text} Reason: ${r.reason}.`;
    }
    if (!r.replacedBy && other.reversed.replacedBy) {
      r.replacedBy = other.reversed.replacedBy;
      base.text = `${base.text} Replaced by ${r.replacedBy}.`;
    }
    base.reversed = r;
  }
  base.existing = a.existing ?? b.existing;
  if (!base.existing) delete base.existing;
  return base;
}

/** What two items must share to be worth comparing at all. */
function indexKeys(l: Learning, p: Profiles): Set<string> {
  if (l.kind === 'reference' && l.ref) return new Set([`${l.ref.type}:${l.ref.id.toLowerCase()}`]);
  if (l.kind === 'file') return new Set([l.text.replace(/`/g, '')]);
  if (l.kind === 'reversed_decision' && l.reversed) return p({ text: l.reversed.what }).tokens;
  return p(l).tokens;
}

export function dedupe(items: Learning[]): Learning[] {
  const p = profiles();
  const out: Learning[] = [];
  const slot = new Map<Learning, number>();
  const byKind = new Map<string, NearDuplicates<Learning>>();
  for (const item of items) {
    let index = byKind.get(item.kind);
    if (!index) byKind.set(item.kind, (index = new NearDuplicates<Learning>((l) => indexKeys(l, p))));
    const twin = index.find(item, (earlier) => sameItem(out[slot.get(earlier)!], item, p));
    if (twin) {
      out[slot.get(twin)!] = merge(out[slot.get(twin)!], item);
      continue;
    }
    slot.set(item, out.length);
    out.push(item);
    index.add(item);
  }
  return out;
}

/** Tags items that only repeat a bullet already in memory (a distiller that saw nothing leaves them be). */
function relateToExisting(items: Learning[], existing: DistillContext['existing']): void {
  if (!existing?.length) return;
  const bullets = existing.map((e) => ({ e, p: profile(e.text) }));
  for (const item of items) {
    if (item.existing || item.kind === 'reference' || item.kind === 'file') continue;
    const mine = profile(item.text);
    const known = bullets.find((b) => alreadySaid(mine, b.p))?.e;
    if (known) item.existing = { relation: 'known', path: known.path, text: known.text, block: known.block };
  }
}

/** Kinds whose text is someone's sentence (the rest are generated or identifiers), and those split per statement. */
const REWORDED = new Set<Learning['kind']>(['decision', 'preference', 'person', 'status', 'todo', 'question', 'fact']);
const SPLIT = new Set<Learning['kind']>(['decision', 'preference', 'status', 'todo', 'fact']);

/**
 * Note wording for every distiller's bullets (wording.ts): one statement per bullet, third person, absolute
 * dates. A decision with a history is one statement already, and keeps its structure.
 */
function reworded(l: Learning, dateOf?: (turn: number) => string | undefined): Learning[] {
  if (!REWORDED.has(l.kind) || l.evidence === 'structure') return [l];
  const ctx = { voice: l.evidence === 'assistant' ? ('assistant' as const) : ('user' as const), date: dateOf?.(l.turn), kind: l.kind };
  const parts = reword(l.text, ctx);
  if (!parts.length) return [];
  const keep = SPLIT.has(l.kind) && !l.history ? parts : [parts.join(' ')];
  return keep.map((text, i) => (i === 0 ? { ...l, text } : { ...l, text, existing: undefined, history: undefined, replaces: undefined }));
}

export interface FinalizeOptions {
  /** The day of each turn, for relative dates ("tomorrow") in the session's words (sources.ts turnDates). */
  dateOf?: (turn: number) => string | undefined;
}

export function finalizeItems(items: Learning[], existing?: DistillContext['existing'], opts: FinalizeOptions = {}): Learning[] {
  const cleaned = items.map(clean).filter((l): l is Learning => l !== null);
  const merged = dedupe(resolveDecisionChains(cleaned).flatMap((l) => reworded(l, opts.dateOf)));
  relateToExisting(merged, existing);
  return merged;
}

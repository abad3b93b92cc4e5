// What must hold in a vault after a writer was interrupted (killed, disk full, read-only): every note wholly as
// it was or wholly as a clean run leaves it (byte-exact against the write journal when there is one), no stray
// or half-written file, and the ledger, as the next writer will read it, agreeing with each note. And once the job
// is finished: the vault one clean run leaves, ignoring only the clock.
import { createTwoFilesPatch } from 'diff';
import { ledgerView } from '../../src/core/memory/journal';
import { LedgerStore, parseLedger, textHash, type Ledger, type LedgerItem } from '../../src/core/memory/ledger';
import { parseNote, readStructure } from '../../src/core/notes';
import { openNodeVault } from '../../src/node/open-vault';
import { normalise, normaliseTree, readTree, type Files } from './vault-files';

export const STATE = '.codex-memory';
export const LEDGER = `${STATE}/ledger.json`;
export const JOURNAL = `${STATE}/journal.json`;
const RECALL = `${STATE}/recall/`;

export interface Expectation {
  /** The vault before the job, byte for byte. */
  pre: Files;
  /** The vault after one clean run of the job, normalised with `since`. */
  post: Files;
  /** Times at or after this are the runs' own (see normalise). */
  since: number;
  /** Files whose wording may legitimately differ from a clean run's: only that they exist is compared. */
  loose?: (rel: string) => boolean;
}

export function isNote(rel: string): boolean {
  return rel.endsWith('.md') && !rel.split('/').some((s) => s.startsWith('.'));
}

function itemsOf(ledger: Pick<Ledger, 'items'>, note: string): Record<string, LedgerItem> {
  return Object.fromEntries(Object.entries(ledger.items).filter(([, i]) => i.path === note));
}

/** Throws (naming `where`) unless every note is wholly old or wholly new and the ledger agrees with each. */
export async function checkInterruptedVault(x: Expectation, vault: string, where: string): Promise<void> {
  const now = await readTree(vault);
  const journal = now[JOURNAL] ? (JSON.parse(now[JOURNAL]) as { notes: { path: string; before: string | null; after: string | null }[] }) : null;
  const notes = new Set([...Object.keys(x.pre), ...Object.keys(x.post), ...Object.keys(now)].filter(isNote));
  const state: Record<string, 'old' | 'new'> = {};
  for (const p of notes) {
    const cur = now[p];
    if (cur === x.pre[p]) state[p] = 'old';
    else if (x.loose?.(p) && cur !== undefined) {
      parseNote(p, cur); // written whole: it parses
      state[p] = 'new';
    } else if (cur !== undefined ? normalise(cur, x.since) === x.post[p] : x.post[p] === undefined) state[p] = 'new';
    else throw new Error(`${where}: ${p} is neither as it was nor as a clean run leaves it:\n${cur ?? '(missing)'}`);
    const j = journal?.notes.find((n) => n.path === p);
    if (j && cur !== (j.before ?? undefined) && cur !== (j.after ?? undefined)) {
      throw new Error(`${where}: ${p} matches neither side of the journal`);
    }
  }
  const opened = await openNodeVault(vault);
  const view = await ledgerView(opened.store, new LedgerStore(opened.state));
  const preLedger = x.pre[LEDGER] ? parseLedger(x.pre[LEDGER]) : { items: {} };
  const postLedger = x.post[LEDGER] ? parseLedger(x.post[LEDGER]) : { items: {} };
  for (const p of notes) {
    const want = normalise(JSON.stringify(state[p] === 'old' ? itemsOf(preLedger, p) : itemsOf(postLedger, p)), x.since);
    const got = itemsOf(view, p);
    if (normalise(JSON.stringify(got), x.since) !== want) {
      throw new Error(`${where}: the ledger's items for ${p} (${state[p]}) do not match the note:\n${JSON.stringify(got, null, 1)}\nwant ${want}`);
    }
    // …and each item the ledger holds is in that note, with the text the ledger remembers.
    if (now[p] === undefined) continue;
    const byId = new Map(
      readStructure(parseNote(p, now[p]))
        .items.filter((i) => i.blockId)
        .map((i) => [i.blockId!, i]),
    );
    for (const [id, item] of Object.entries(got)) {
      if (textHash(byId.get(id)?.text ?? '') !== item.hash) throw new Error(`${where}: ledger item ${id} is not in ${p} as recorded`);
    }
  }
}

/**
 * How the vault differs from what one clean run leaves (null: it does not). `.trash/` holds every note an undo
 * removed, also from interrupted runs, so it is left out; a killed writer's lock stays until the next writer
 * takes it over, so it is allowed when `lockLeft`.
 */
export async function differenceFromClean(x: Expectation, vault: string, lockLeft: boolean): Promise<string | null> {
  const after = normaliseTree(await readTree(vault), x.since);
  const leftovers = Object.keys(after).filter((k) => k.endsWith('.tmp') || k === JOURNAL || (!lockLeft && k.endsWith('lock')));
  if (leftovers.length) return `left behind ${leftovers.join(', ')}`;
  // The recall index under `.codex-memory/recall/` is a cache of the notes keyed by their mtimes, which differ
  // between two copies of a vault; it is checked against the notes each time it is loaded, so only that what it
  // holds is whole (it parses) is required of it here.
  for (const k of Object.keys(after).filter((k) => k.startsWith(RECALL) && k.endsWith('.json'))) {
    try {
      JSON.parse(after[k]);
    } catch {
      return `${k} is not whole JSON`;
    }
  }
  const relevant = (k: string) => !k.startsWith('.trash/') && !k.endsWith('lock') && !k.startsWith(RECALL);
  for (const k of [...new Set([...Object.keys(after), ...Object.keys(x.post)])].filter(relevant).sort()) {
    const same = x.loose?.(k) ? (after[k] === undefined) === (x.post[k] === undefined) : after[k] === x.post[k];
    if (!same) return `${k} differs from a clean run's:\n${createTwoFilesPatch('clean run', 'this run', x.post[k] ?? '', after[k] ?? '')}`;
  }
  return null;
}

export async function checkFinished(x: Expectation, vault: string, where: string, lockLeft = false): Promise<void> {
  const problem = await differenceFromClean(x, vault, lockLeft);
  if (problem) throw new Error(`${where}: ${problem}`);
}

// The proposal note an automatic checkpoint leaves in the inbox, in the same form and with the same index
// (`inbox-proposals.json`) as the CLI's hook drain, so a session proposed by either is proposed once. A later
// proposal for the same session replaces the note unless the person has touched it since.
import { textHash } from '../core/memory/ledger';
import type { Plan } from '../core/memory/plan';
import { renderPlanText } from '../core/memory/plan-text';
import { renderNote } from '../core/notes';
import { chooseNotePath } from '../core/security/safe-names';
import type { CodexMemorySettings } from '../core/settings';
import type { StateStore, VaultStore } from '../core/vault/store';

export const PROPOSALS_FILE = 'inbox-proposals.json';

export interface ProposedSession {
  thread: string;
  transcript: string;
  cwd?: string;
}

/**
 * Thread → its proposal note and the hash of the text the program wrote there. `prev` is the hash before the
 * latest refresh: the index is written before the note, so a run killed in between leaves a note that still
 * reads as `prev`, and that note is still the program's own (refreshed, not duplicated, by the next run).
 */
type ProposalIndex = Record<string, { path: string; hash: string; prev?: string }>;

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}diff\n${text.trimEnd()}\n${f}`;
}

async function readIndex(state: StateStore): Promise<ProposalIndex> {
  try {
    const parsed = JSON.parse((await state.readState(PROPOSALS_FILE)) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ProposalIndex) : {};
  } catch {
    return {};
  }
}

/** Writes (or refreshes) the session's proposal note; returns its path. */
export async function writeProposalNote(
  store: VaultStore, state: StateStore, settings: Pick<CodexMemorySettings, 'folders'>, session: ProposedSession, plan: Plan, applied: number, now = new Date(),
): Promise<string> {
  const iso = now.toISOString();
  const fm = {
    type: 'proposal',
    source: 'auto-checkpoint',
    codex_thread: session.thread,
    transcript: session.transcript,
    ...(session.cwd ? { cwd: session.cwd } : {}),
    created: iso,
    status: 'pending',
  };
  const body = `# Proposed checkpoint of session ${session.thread.slice(0, 8)}\n\n` +
    (applied ? `${applied} change${applied === 1 ? ' was' : 's were'} applied automatically; these wait for you.\n\n` : '') +
    'What the finished Codex session would change in your notes. Nothing below has been written.\n' +
    'Review it from the memory inbox (command: Review memory inbox), which applies what you accept.\n\n' +
    `${fence(renderPlanText(plan))}\n`;
  const text = renderNote(fm, body);
  const index = await readIndex(state);
  const known = index[session.thread];
  const current = known ? await store.read(known.path) : null;
  const mine = known && current !== null && (textHash(current) === known.hash || textHash(current) === known.prev);
  // The index is written first: a crash before the note is written then leaves an entry the next run replaces,
  // never a note nobody knows is ours (which the next run would duplicate).
  if (mine) {
    index[session.thread] = { path: known.path, hash: textHash(text), prev: textHash(current) };
    await state.writeState(PROPOSALS_FILE, JSON.stringify(index, null, 2));
    await store.replace(known.path, current, text);
    return known.path;
  }
  const folder = settings.folders.inbox;
  await store.ensureFolder(folder);
  const { path: target } = await chooseNotePath(folder, `Checkpoint ${iso.slice(0, 10)} ${session.thread.slice(0, 8)}`, async (p) => ((await store.stat(p)) ? 'other' : 'free'));
  index[session.thread] = { path: target, hash: textHash(text) };
  await state.writeState(PROPOSALS_FILE, JSON.stringify(index, null, 2));
  await store.create(target, text);
  return target;
}

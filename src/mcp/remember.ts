// `remember`: the agent proposes a memory; it becomes a note in the inbox folder for the person to review,
// never a change to their notes. Inbox notes are never injected into sessions (recall/scope.ts), so a
// proposal that came from a prompt injection cannot reach the next session unreviewed.
import { renderNote } from '../core/notes';
import { redact } from '../core/security/redact';
import { chooseNotePath } from '../core/security/safe-names';
import type { CodexMemorySettings } from '../core/settings';
import { AlreadyExistsError, type VaultStore } from '../core/vault/store';

export const REMEMBER_KINDS = ['decision', 'preference', 'fact', 'todo', 'question', 'status', 'person', 'reference'] as const;
export type RememberKind = (typeof REMEMBER_KINDS)[number];
export const REMEMBER_MAX_CHARS = 4000;

export interface RememberInput {
  text: string;
  kind?: RememberKind;
  subject?: string;
}

export interface Remembered {
  path: string;
  /** How many secrets were masked before writing. */
  redacted: number;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export async function remember(store: VaultStore, settings: Pick<CodexMemorySettings, 'folders'>, input: RememberInput, now = new Date()): Promise<Remembered> {
  const raw = input.text.trim();
  if (!raw) throw new Error('text is empty: say what should be remembered');
  if (raw.length > REMEMBER_MAX_CHARS) throw new Error(`text is longer than ${REMEMBER_MAX_CHARS} characters; propose one memory at a time`);
  const { text, counts } = redact(raw);
  const subject = input.subject ? redact(oneLine(input.subject, 200)).text : undefined;
  const redacted = Object.values(counts).reduce((a, b) => a + b, 0);
  const iso = now.toISOString();
  const fm: Record<string, unknown> = {
    type: 'proposal',
    source: 'mcp remember',
    kind: input.kind ?? 'fact',
    ...(subject ? { subject } : {}),
    created: iso,
    status: 'pending',
  };
  const title = oneLine(text, 80);
  const body = `# Proposed memory: ${title}\n\n${text}\n\n` +
    '_Proposed by a Codex session through the Codex Memory MCP server. Nothing was changed in your notes: ' +
    'move what is true into the right note, then delete this one._\n';
  const note = renderNote(fm, body);
  // Words only in the name (safeFileStem would keep it safe anyway; this keeps it readable).
  const words = text.replace(/\[REDACTED:[^\]]*\]/g, ' ').replace(/[^\p{L}\p{N}\s-]+/gu, ' ').split(/\s+/).filter(Boolean).slice(0, 8).join(' ');
  const stem = `${iso.slice(0, 10)} ${iso.slice(11, 19).replace(/:/g, '')} ${words}`;
  const folder = settings.folders.inbox;
  await store.ensureFolder(folder);
  for (let attempt = 0; attempt < 5; attempt++) {
    const { path } = await chooseNotePath(folder, stem, async (p) => ((await store.stat(p)) ? 'other' : 'free'));
    try {
      await store.create(path, note);
      return { path, redacted };
    } catch (e) {
      // Another writer took the name between our look and our write: pick the next one.
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }
  throw new Error(`no free file name in ${folder}`);
}

// `read_note`: one note of the vault for the agent, and nothing outside it. The path must be a vault path
// (no '..', no absolute path, no drive letter), a markdown note outside the program's and Obsidian's folders;
// the store refuses a symlink that resolves outside the vault. A note marked `memory: never` is not handed
// out, and secrets are masked in what is.
import { tryParseNote } from '../core/notes';
import { redact } from '../core/security/redact';
import type { CodexMemorySettings } from '../core/settings';
import { isIgnoredPath, normaliseVaultPath } from '../core/vault/paths';
import { UnsafePathError, type VaultStore } from '../core/vault/store';

/** Longest text returned; the agent can search for the part it needs in a longer note. */
export const READ_NOTE_MAX_CHARS = 60_000;

export class ReadNoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadNoteError';
  }
}

function markedNever(path: string, text: string): boolean {
  const parsed = tryParseNote(path, text);
  if (parsed.ok) return parsed.note.frontmatter?.data.memory === 'never';
  // Unparseable frontmatter: err on the side of the person's wish.
  return /^memory\s*:\s*["']?never["']?\s*$/m.test(text.slice(0, 4000));
}

export async function readNote(store: VaultStore, settings: Pick<CodexMemorySettings, 'folders'>, rawPath: unknown): Promise<string> {
  if (typeof rawPath !== 'string' || !rawPath.trim())
    throw new ReadNoteError('path must be a vault-relative note path such as projects/invoice-cli.md');
  let path: string;
  try {
    path = normaliseVaultPath(rawPath.trim());
  } catch (e) {
    if (e instanceof UnsafePathError) throw new ReadNoteError(e.message);
    throw e;
  }
  if (!path.toLowerCase().endsWith('.md')) throw new ReadNoteError(`Refusing path "${rawPath}": only markdown notes (.md) can be read`);
  if (isIgnoredPath(path, settings.folders.stateDir) || path.split('/').some((s) => s.startsWith('.'))) {
    throw new ReadNoteError(`Refusing path "${rawPath}": hidden and program folders are not notes`);
  }
  let text: string | null;
  try {
    text = await store.read(path);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new ReadNoteError(e.message);
    throw e;
  }
  if (text === null) throw new ReadNoteError(`No note at ${path}`);
  if (markedNever(path, text)) throw new ReadNoteError(`${path} is marked memory: never; its owner keeps it out of Codex`);
  const clipped =
    text.length > READ_NOTE_MAX_CHARS
      ? `${text.slice(0, READ_NOTE_MAX_CHARS)}\n\n[… cut at ${READ_NOTE_MAX_CHARS} of ${text.length} characters]`
      : text;
  return redact(clipped).text;
}

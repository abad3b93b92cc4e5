// The memory a distiller is shown before it reads a session, so a model can answer "already known" or
// "this replaces that" instead of proposing a near-duplicate: the bullets of the session's project note,
// the agent's preferences and the open TODOs.
import type { Thread } from '../codex/thread';
import type { ExistingBullet } from '../distill/distiller';
import { readStructure, tryParseNote } from '../notes';
import type { ReadGitConfig } from '../recall/project';
import type { CodexMemorySettings } from '../settings';
import type { VaultStore } from '../vault/store';
import { locateProject, NoteReader } from './note-locator';

/** Enough for a model to recognise what is known, small enough to stay a minor part of its input. */
export const MAX_EXISTING_BULLETS = 200;

export async function existingMemory(
  vault: VaultStore,
  settings: CodexMemorySettings,
  thread: Thread,
  readGitConfig?: ReadGitConfig,
): Promise<ExistingBullet[]> {
  const reader = new NoteReader(vault);
  const project = await locateProject(reader, settings.folders.projects, thread, readGitConfig);
  const paths = [project?.exists ? project.path : null, settings.folders.preferencesFile, settings.folders.todoFile];
  const out: ExistingBullet[] = [];
  for (const path of paths) {
    if (!path) continue;
    const text = await reader.read(path);
    const parsed = text === null ? null : tryParseNote(path, text);
    if (!parsed?.ok) continue;
    for (const item of readStructure(parsed.note).items) {
      if (item.checked === true || !item.text.trim()) continue;
      out.push({ path, text: item.text, ...(item.blockId ? { block: item.blockId } : {}) });
      if (out.length >= MAX_EXISTING_BULLETS) return out;
    }
  }
  return out;
}

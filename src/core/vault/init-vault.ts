// Sets up a memory vault (the layout in docs/architecture.md, folder names from settings). Safe to run any number of
// times: it only adds what is missing and never overwrites a file.
import type { CodexMemorySettings } from '../settings';
import { normaliseVaultPath } from './paths';
import { starterNotes, STATE_README } from './starter-notes';
import { AlreadyExistsError, type StateStore, type VaultStore } from './store';

export interface InitReport {
  /** Folders (ending in '/') and notes that were added. */
  created: string[];
  /** Folders and notes that were already there and were left alone. */
  kept: string[];
  /** Entries that could not be set up (e.g. a file where a folder should be), with the reason. */
  problems: { path: string; reason: string }[];
}

export async function initVault(store: VaultStore, state: StateStore, settings: CodexMemorySettings, now: Date = new Date()): Promise<InitReport> {
  const f = settings.folders;
  const report: InitReport = { created: [], kept: [], problems: [] };
  const folders = [f.people, f.projects, f.agent, f.sessions, f.inbox, f.notes].map((p) => normaliseVaultPath(p));
  await store.withLock(async () => {
    for (const folder of [...new Set(folders)]) {
      try {
        ((await store.ensureFolder(folder)) ? report.created : report.kept).push(`${folder}/`);
      } catch (err) {
        report.problems.push({ path: `${folder}/`, reason: (err as Error).message });
      }
    }
    for (const note of starterNotes(f, now.toISOString())) {
      try {
        await store.create(note.path, note.content);
        report.created.push(note.path);
      } catch (err) {
        if (err instanceof AlreadyExistsError) report.kept.push(note.path);
        else report.problems.push({ path: note.path, reason: (err as Error).message });
      }
    }
    const stateEntry = `${normaliseVaultPath(f.stateDir)}/`;
    try {
      if ((await state.readState(STATE_README.name)) === null) {
        await state.writeState(STATE_README.name, STATE_README.content);
        report.created.push(stateEntry);
      } else {
        report.kept.push(stateEntry);
      }
    } catch (err) {
      report.problems.push({ path: stateEntry, reason: (err as Error).message });
    }
  });
  return report;
}

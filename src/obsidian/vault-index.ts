// The recall index inside Obsidian: built from the vault on first use (never during onload), then kept
// current by the vault's modify, create, delete and rename events, so a note a person edits, renames or
// deletes is searched and injected as it now is. The build itself (seconds at 10k notes) runs in a Web Worker
// (index-worker/), so Obsidian stays responsive; where no worker can run, or it fails, it runs here.
import { TFile, type App, type TAbstractFile } from 'obsidian';
import { MemoryIndex, type IndexProblem } from '../core/recall/memory-index';
import type { NoteInput } from '../core/recall/types';
import { isIgnoredPath } from '../core/vault/paths';
import { buildInWorker, startWebWorker, type StartWorker } from './index-worker/build-in-worker';

/** How the build gets off the main thread. */
export interface IndexWorkerOptions {
  /** The code of recall-worker.js (read from the plugin folder); null when it is not there. */
  code?: () => Promise<string | null>;
  /** Starts a worker over that code (a Web Worker unless a test gives another). */
  start?: StartWorker;
  /** Overrides how long the worker may take (workerTimeout). */
  timeoutMs?: number;
}

/** Reading the notes gives the event loop a turn this often (ms), so the window repaints and takes keys. */
const READ_SLICE_MS = 16;

const nextTurn = () => new Promise<void>((resolve) => window.setTimeout(resolve, 0));

export class VaultIndex {
  private index: MemoryIndex | null = null;
  private building: Promise<MemoryIndex> | null = null;
  /** Notes that changed while a build was reading the vault; read again when it finishes. */
  private changedDuringBuild = new Set<string>();
  /** Bumped by rebuild(), so a build that was overtaken does not install its stale result. */
  private generation = 0;

  constructor(
    private readonly app: App,
    private readonly stateDir: () => string,
    /** Notes indexed by their body alone (broken frontmatter), once per build or edit, for the log. */
    private readonly onProblems: (problems: IndexProblem[]) => Promise<void> = async () => undefined,
    private readonly worker: IndexWorkerOptions = {},
  ) {}

  private async report(index: MemoryIndex): Promise<void> {
    const problems = index.takeProblems();
    if (problems.length) await this.onProblems(problems).catch(() => undefined);
  }

  /** The index if it is built, without building it. */
  peek(): MemoryIndex | null {
    return this.index;
  }

  /** The index, built now if it is not yet. */
  get(): Promise<MemoryIndex> {
    if (this.index) return Promise.resolve(this.index);
    this.building ??= this.build(this.generation);
    return this.building;
  }

  /** Throws the index away and reads every note again. */
  rebuild(): Promise<MemoryIndex> {
    this.generation++;
    this.index = null;
    this.building = null;
    this.changedDuringBuild.clear();
    return this.get();
  }

  /** A note was created or modified. */
  async changed(file: TAbstractFile): Promise<void> {
    if (!this.tracks(file)) return;
    if (!this.index) {
      if (this.building) this.changedDuringBuild.add(file.path);
      return;
    }
    await this.reread(this.index, file.path);
  }

  deleted(file: TAbstractFile): void {
    if (!this.tracks(file)) return;
    if (this.index) this.index.update(file.path, null);
    else if (this.building) this.changedDuringBuild.add(file.path);
  }

  async renamed(file: TAbstractFile, oldPath: string): Promise<void> {
    if (this.index?.notes.has(oldPath)) this.index.update(oldPath, null);
    else if (this.building) this.changedDuringBuild.add(oldPath);
    await this.changed(file);
  }

  private tracks(file: TAbstractFile): file is TFile {
    return file instanceof TFile && file.extension === 'md' && !isIgnoredPath(file.path, this.stateDir());
  }

  private async reread(index: MemoryIndex, path: string): Promise<void> {
    const file = this.app.vault.getFileByPath(path);
    if (!file || !this.tracks(file)) {
      if (index.notes.has(path)) index.update(path, null);
      return;
    }
    index.update(path, await this.app.vault.cachedRead(file), file.stat.mtime);
    await this.report(index);
  }

  /** Every tracked note; a cached read resolves at once, so the loop yields now and then by itself. */
  private async readNotes(): Promise<NoteInput[]> {
    const notes: NoteInput[] = [];
    let since = Date.now();
    for (const file of this.app.vault.getMarkdownFiles()) {
      if (!this.tracks(file)) continue;
      notes.push({ path: file.path, text: await this.app.vault.cachedRead(file), mtime: file.stat.mtime });
      if (Date.now() - since >= READ_SLICE_MS) {
        await nextTurn();
        since = Date.now();
      }
    }
    return notes;
  }

  /** The index built in a worker; null when none can run here or it failed (the caller builds here then). */
  private async buildOffThread(notes: NoteInput[]): Promise<MemoryIndex | null> {
    const code = await (this.worker.code?.() ?? Promise.resolve(null)).catch(() => null);
    if (!code) return null;
    try {
      return await buildInWorker(notes, code, this.worker.start ?? startWebWorker, this.worker.timeoutMs);
    } catch (err) {
      console.warn('Codex Memory: building the recall index on the main thread instead.', err);
      return null;
    }
  }

  private async build(generation: number): Promise<MemoryIndex> {
    const notes = await this.readNotes();
    const built = await this.buildOffThread(notes);
    if (generation !== this.generation) return this.get();
    const index = built ?? MemoryIndex.build(notes);
    while (this.changedDuringBuild.size) {
      const late = [...this.changedDuringBuild];
      this.changedDuringBuild.clear();
      for (const path of late) await this.reread(index, path);
    }
    this.index = index;
    this.building = null;
    await this.report(index);
    return index;
  }
}

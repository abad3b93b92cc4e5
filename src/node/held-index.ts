// The recall index a long-lived process keeps between requests (the recall server, src/node/recall-server/):
// loaded once, then for each request checked against the notes the same way a hook checks a freshly loaded
// one. It is dropped and read again whenever the saved catalog is not the one it matches (another process
// saved, or the vault's settings changed), and the note texts it read are forgotten after every request, so
// what it serves is what a fresh process would serve.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { MemoryIndex } from '../core/recall/memory-index';
import type { NodeVault } from './open-vault';
import { CATALOG_FILE, loadNodeIndex, type LoadIndexOptions } from './recall-index';

/** Which saved catalog, under which settings: any change in either means the held index is not it. */
function catalogStamp(vault: NodeVault): string {
  let file = 'none';
  try {
    const st = statSync(path.join(vault.root, ...vault.settings.folders.stateDir.split('/'), ...CATALOG_FILE.split('/')));
    file = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    // no saved catalog: the next load builds one
  }
  return `${file}|${JSON.stringify(vault.settings)}`;
}

function mtimeOf(vault: NodeVault, rel: string): number | null {
  try {
    return statSync(path.join(vault.root, ...rel.split('/'))).mtimeMs;
  } catch {
    return null;
  }
}

export class HeldIndex {
  private held: { index: MemoryIndex; stamp: string } | null = null;

  /** The index for this request, brought up to date with the notes (`check` as in loadNodeIndex). */
  async get(vault: NodeVault, check: LoadIndexOptions['check']): Promise<MemoryIndex> {
    const reuse = this.held && this.held.stamp === catalogStamp(vault) ? this.held.index : undefined;
    reuse?.recheckSinceSegment((rel) => mtimeOf(vault, rel));
    this.held = null;
    const index = await loadNodeIndex(vault, { check, held: reuse });
    // Stamped after the load, which may have saved the catalog itself.
    this.held = { index, stamp: catalogStamp(vault) };
    return index;
  }

  /** The index getter for one request's host: checked once, however often the request asks for it. */
  forRequest(vault: NodeVault, check: LoadIndexOptions['check']): () => Promise<MemoryIndex> {
    let got: Promise<MemoryIndex> | null = null;
    return () => (got ??= this.get(vault, check));
  }

  /** After each request: the note texts read for it are let go (the next request re-reads the notes). */
  release(): void {
    this.held?.index.dropTexts();
  }

  /** Notes held, for the server's status line. */
  get notes(): number {
    return this.held?.index.size ?? 0;
  }
}

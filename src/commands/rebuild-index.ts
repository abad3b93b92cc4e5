// "Rebuild memory index": reads every note again. The index follows edits on its own; this is for when it
// seems not to (notes changed by another program while Obsidian was closed, a sync tool).
import { Notice } from 'obsidian';
import type { CodexMemoryHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { plural } from '../core/text';

export async function rebuildMemoryIndex(host: CodexMemoryHost): Promise<number> {
  const notice = new Notice('Rebuilding the memory index…', 0);
  try {
    const index = await servicesOf(host).index.rebuild();
    notice.setMessage(`Memory index rebuilt: ${plural(index.size, 'note')}.`);
    window.setTimeout(() => notice.hide(), 4000);
    return index.size;
  } catch (err) {
    notice.setMessage(`Could not rebuild the memory index: ${(err as Error).message}`);
    throw err;
  }
}

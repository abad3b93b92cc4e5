// Sets or clears one frontmatter key through Obsidian's own writer (pin / never toggles).
import type { App } from 'obsidian';
import { obsidianPath } from './vault-store';

/** `value === undefined` removes the key. Throws when the note does not exist. */
export async function setFrontmatter(app: App, path: string, key: string, value: unknown): Promise<void> {
  const target = obsidianPath(path);
  const file = app.vault.getFileByPath(target);
  if (!file) throw new Error(`${target} does not exist`);
  await app.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => {
    if (value === undefined) delete fm[key];
    else fm[key] = value;
  });
}

// A unified diff drawn line by line, additions and removals marked by class (styles.css colours them with
// the theme's own variables).
export function renderDiff(parent: HTMLElement, diff: string): void {
  const pre = parent.createEl('pre', { cls: 'codex-memory-diff' });
  const lines = diff.split('\n').filter((l) => l !== '' && !/^={10,}$/.test(l) && !/^(?:Index:|---|\+\+\+) /.test(l));
  if (lines.length === 0) {
    pre.createDiv({ text: 'No change to the note text.' });
    return;
  }
  for (const line of lines) {
    const cls = line.startsWith('@@') ? 'is-hunk' : line.startsWith('+') ? 'is-added' : line.startsWith('-') ? 'is-removed' : 'is-context';
    pre.createDiv({ cls: `codex-memory-diff-line ${cls}`, text: line });
  }
}

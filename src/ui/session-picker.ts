// "Checkpoint a Codex session…": every session in CODEX_HOME, found by its name or first prompt, project
// folder or date, each marked finished or still running, and whether it is already checkpointed.
import { FuzzySuggestModal, type App, type FuzzyMatch } from 'obsidian';
import type { SessionSummary } from '../core/codex/thread';

export function sessionTitle(s: SessionSummary): string {
  return s.name ?? s.firstPrompt ?? `Session ${s.thread.slice(0, 8)}`;
}

function project(s: SessionSummary): string {
  if (!s.cwd) return '';
  const parts = s.cwd.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? s.cwd;
}

function when(s: SessionSummary): string {
  const t = s.updated ?? s.started;
  return t ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : '';
}

/** The facts under a session's title, as one line. */
export function sessionMeta(s: SessionSummary): string {
  return [project(s), when(s), s.finished ? 'finished' : 'still running', s.checkpointed ? 'checkpointed' : 'not checkpointed']
    .filter(Boolean)
    .join(' · ');
}

export class SessionPickerModal extends FuzzySuggestModal<SessionSummary> {
  constructor(
    app: App,
    private readonly sessions: SessionSummary[],
    private readonly onPick: (s: SessionSummary) => void,
  ) {
    super(app);
    this.setPlaceholder('Find a Codex session by name, first prompt, project or date');
    this.emptyStateText = 'No Codex session matches.';
  }

  override getItems(): SessionSummary[] {
    return this.sessions;
  }

  override getItemText(s: SessionSummary): string {
    return `${sessionTitle(s)} ${project(s)} ${when(s)}`;
  }

  override renderSuggestion(match: FuzzyMatch<SessionSummary>, el: HTMLElement): void {
    const s = match.item;
    el.addClass('codex-memory-session');
    el.createDiv({ cls: 'codex-memory-session-title', text: sessionTitle(s) });
    const meta = el.createDiv({ cls: 'codex-memory-session-meta' });
    meta.createSpan({ text: sessionMeta(s) });
    if (!s.finished) el.addClass('is-running');
    if (s.checkpointed) el.addClass('is-checkpointed');
  }

  override onChooseItem(s: SessionSummary): void {
    this.onPick(s);
  }
}

// Picks a project note and one of its repository folders (a project with two checkouts is listed twice).
import { FuzzySuggestModal, type App, type FuzzyMatch } from 'obsidian';

export interface ProjectRepo {
  path: string;
  title: string;
  repo: string;
}

export class ProjectPickerModal extends FuzzySuggestModal<ProjectRepo> {
  constructor(
    app: App,
    private readonly items: ProjectRepo[],
    placeholder: string,
    private readonly onPick: (p: ProjectRepo) => void,
  ) {
    super(app);
    this.setPlaceholder(placeholder);
    this.emptyStateText = 'No project note with a repo folder matches.';
  }

  override getItems(): ProjectRepo[] {
    return this.items;
  }

  override getItemText(p: ProjectRepo): string {
    return `${p.title} ${p.repo}`;
  }

  override renderSuggestion(match: FuzzyMatch<ProjectRepo>, el: HTMLElement): void {
    el.createDiv({ text: match.item.title });
    el.createDiv({ cls: 'codex-memory-session-meta', text: match.item.repo });
  }

  override onChooseItem(p: ProjectRepo): void {
    this.onPick(p);
  }
}

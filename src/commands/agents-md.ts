// "Update AGENTS.md memory block for a project…": for Codex sessions started without hooks, the project's
// context pack goes into the managed block of the AGENTS.md in the project's repository folder (the `repo:`
// of its project note). Only the block is written; the rest of the file keeps every byte.
import { Notice, Platform } from 'obsidian';
import { contextPack } from '../core/recall/context';
import { projectNotes } from '../core/recall/project';
import { desktopCodex, DesktopOnlyError, type AgentsMdUpdate } from '../obsidian/desktop-codex';
import type { CodexMemoryHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { ProjectPickerModal, type ProjectRepo } from '../ui/project-picker';
import { plural } from '../core/text';

export async function writeProjectBlock(host: CodexMemoryHost, project: ProjectRepo): Promise<AgentsMdUpdate> {
  if (!Platform.isDesktop) throw new DesktopOnlyError('Writing AGENTS.md');
  const desktop = await desktopCodex();
  const { repoAgentsMd, updateAgentsMd } = desktop.agentsMd;
  const memory = await servicesOf(host).memoryHost();
  const at = await repoAgentsMd(project.repo);
  const settings = host.settings;
  return updateAgentsMd(at, desktop.codexHome(settings.codexHome), settings.contextBudget, (budget) =>
    contextPack(memory, { task: '', project: project.path, cwd: project.repo, budget }),
  );
}

export function agentsMdMessage(u: AgentsMdUpdate, asked: number): string {
  const what = `${plural(u.items, 'item')}, ${u.tokens} tokens${u.budget < asked ? ` (shrunk from ${asked} to fit)` : ''}`;
  return `${u.changed ? 'Wrote' : 'Already up to date:'} the memory block in ${u.file}: ${what}. Codex's instruction files there now use ${u.chainBytes} of ${u.cap} bytes.`;
}

export async function updateAgentsMdForProject(host: CodexMemoryHost): Promise<ProjectPickerModal | null> {
  const index = await servicesOf(host).index.get();
  const items = projectNotes(index.notes.values(), host.settings.folders.projects).flatMap((n) =>
    n.repo.map((repo) => ({ path: n.path, title: n.title, repo })),
  );
  if (items.length === 0) {
    new Notice(
      "No project note names its repository folder yet. Add `repo: /path/to/checkout` to a project note's properties, or checkpoint a session from that folder.",
      0,
    );
    return null;
  }
  const modal = new ProjectPickerModal(host.app, items, 'Pick the project whose AGENTS.md gets the memory block', (p) => {
    writeProjectBlock(host, p).then(
      (u) => new Notice(agentsMdMessage(u, host.settings.contextBudget), 10_000),
      (err: Error) => new Notice(`AGENTS.md was not changed: ${err.message}`, 0),
    );
  });
  modal.open();
  return modal;
}

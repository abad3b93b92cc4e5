// "Copy context for a new Codex session…": asks for the task and project, shows the context preview (what
// would be given and why, within the budget) and copies the pack.
import { contextPack } from '../core/recall/context';
import { projectNotes } from '../core/recall/project';
import { setFrontmatter } from '../obsidian/frontmatter';
import type { CodexMemoryHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { ContextPreviewModal, type PreviewSource } from '../ui/context-preview-modal';
import { TaskPromptModal, type TaskChoice } from '../ui/task-prompt-modal';

export function previewSource(host: CodexMemoryHost, choice: TaskChoice): PreviewSource {
  const index = servicesOf(host).index;
  return {
    async pack() {
      // The same request the hook and `context --cwd` make: the project's checkout is the session's folder
      // (staleness checks and detection read it), and the person's pick of project stands.
      const services = servicesOf(host);
      const notes = choice.project ? projectNotes((await index.get()).notes.values(), host.settings.folders.projects) : [];
      const cwd = notes.find((n) => n.path === choice.project)?.repo[0];
      return contextPack(await services.memoryHost(), { task: choice.task, project: choice.project, ...(cwd ? { cwd } : {}) });
    },
    modeOf(path) {
      return index.peek()?.notes.get(path)?.memory ?? 'auto';
    },
    async setMode(path, mode) {
      await setFrontmatter(host.app, path, 'memory', mode === 'auto' ? undefined : mode);
      const file = host.app.vault.getFileByPath(path);
      if (file) await index.changed(file);
    },
    copy: (text) => navigator.clipboard.writeText(text),
  };
}

export function openContextPreview(host: CodexMemoryHost, choice: TaskChoice): ContextPreviewModal {
  const title = choice.task ? `For: ${choice.task}` : 'For a session with no task given';
  const modal = new ContextPreviewModal(host.app, `${title}${choice.project ? ` in ${choice.project}` : ''}`, previewSource(host, choice));
  modal.open();
  return modal;
}

/** Opens the task prompt (project notes listed from the index, which is built now if needed). */
export async function copyContextForNewSession(host: CodexMemoryHost): Promise<TaskPromptModal> {
  const index = await servicesOf(host).index.get();
  const projects = projectNotes(index.notes.values(), host.settings.folders.projects)
    .sort((a, b) => b.time - a.time)
    .map((n) => ({ path: n.path, title: n.title }));
  const modal = new TaskPromptModal(host.app, projects, null, (choice) => openContextPreview(host, choice));
  modal.open();
  return modal;
}

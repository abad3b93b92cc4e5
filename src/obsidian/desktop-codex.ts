// Codex's own files, read with Node inside Obsidian's desktop app: the sessions in CODEX_HOME, a repository's
// git config, `codex exec`, AGENTS.md and hooks.json. This is the one module through which the plugin reaches
// the Node adapters in src/node (lint enforces it, docs/architecture.md): they are loaded here only, only on
// desktop and only when a command first needs them, so onload stays free of I/O and a phone never tries to
// load Node's modules.
import { Platform } from 'obsidian';
import type { SessionSummary, Thread } from '../core/codex/thread';
import type { CodexRunner } from '../core/distill/codex';
import type { ReadGitConfig } from '../core/recall/project';
import { redact } from '../core/security/redact';
import type { AgentsMdUpdate, RepoAgentsMd } from '../node/agents-md-update';
import type { HooksFileChange } from '../node/hooks-json';

export type { AgentsMdUpdate, RepoAgentsMd, HooksFileChange };

/** What only the desktop app can do was asked for elsewhere. */
export class DesktopOnlyError extends Error {
  constructor(what: string) {
    super(`${what} needs Obsidian on a desktop computer, where Codex keeps its sessions.`);
    this.name = 'DesktopOnlyError';
  }
}

export interface CodexSessionList {
  sessions: SessionSummary[];
  skipped: { path: string; reason: string }[];
}

export interface CodexSessions {
  /** The Codex home folder in use (absolute). */
  readonly home: string;
  /** Every session, newest activity first. Throws (CodexHomeError) when the folder is missing. */
  list(isCheckpointed: (thread: string) => boolean): Promise<CodexSessionList>;
  /** One rollout parsed whole (streamed), with the name Codex gave the thread. */
  read(path: string): Promise<Thread>;
}

export interface DesktopCodex {
  sessions(codexHomeSetting: string): CodexSessions;
  /** The Codex home folder for the setting (else $CODEX_HOME, else ~/.codex). */
  codexHome(codexHomeSetting: string): string;
  readGitConfig: ReadGitConfig;
  codexRunner(): CodexRunner;
  agentsMd: Pick<typeof import('../node/agents-md-update'), 'repoAgentsMd' | 'updateAgentsMd'>;
  installHooksFile: (typeof import('../node/hooks-json'))['installHooksFile'];
  /** Whether a repository file exists (the staleness checks of the preview and Review stale memory). */
  fileExists: (path: string) => Promise<boolean>;
}

type Modules = [
  typeof import('../node/codex-home'),
  typeof import('../node/session-list'),
  typeof import('../node/rollout-source'),
  typeof import('../node/git-remote'),
  typeof import('../node/codex-exec'),
  typeof import('../node/agents-md-update'),
  typeof import('../node/hooks-json'),
  typeof import('../node/file-exists'),
];

let loaded: Promise<Modules> | null = null;

function modules(): Promise<Modules> {
  if (!Platform.isDesktop) return Promise.reject(new DesktopOnlyError('Reading Codex sessions'));
  loaded ??= Promise.all([
    import('../node/codex-home'),
    import('../node/session-list'),
    import('../node/rollout-source'),
    import('../node/git-remote'),
    import('../node/codex-exec'),
    import('../node/agents-md-update'),
    import('../node/hooks-json'),
    import('../node/file-exists'),
  ]);
  return loaded;
}

/** The desktop-only adapters, loaded on first use. Rejects with DesktopOnlyError on mobile. */
export async function desktopCodex(): Promise<DesktopCodex> {
  const [home, list, rollout, git, exec, agentsMd, hooksJson, files] = await modules();
  return {
    codexHome: (setting) => home.resolveCodexHome({ setting }),
    agentsMd: { repoAgentsMd: agentsMd.repoAgentsMd, updateAgentsMd: agentsMd.updateAgentsMd },
    installHooksFile: hooksJson.installHooksFile,
    fileExists: files.fileExists,
    sessions(setting) {
      const dir = home.resolveCodexHome({ setting });
      return {
        home: dir,
        list: (isCheckpointed) => list.listSessions(dir, { isCheckpointed }),
        async read(path) {
          const thread = await rollout.parseRolloutFile(path);
          if (!thread.name) {
            const name = (await home.readSessionNames(dir).catch(() => new Map<string, string>())).get(thread.id);
            if (name) thread.name = redact(name).text;
          }
          return thread;
        },
      };
    },
    readGitConfig: git.readGitConfig,
    codexRunner: () => exec.createCodexExecRunner(),
  };
}

/** True for the error a missing or empty Codex home gives. */
export function isCodexHomeError(err: unknown): err is Error {
  return err instanceof Error && (err as { code?: string }).code === 'CODEX_HOME';
}

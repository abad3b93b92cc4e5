// The heartbeat: now and then, look in CODEX_HOME for sessions that finished since the watcher was turned on
// and are not checkpointed yet, and run the core's automatic checkpoint on each (the same one as the hooks'
// drain: offline distiller, one hold of the vault lock from plan to proposal, what needs review left in the
// inbox). It never throws: a missing CODEX_HOME or a bad rollout is reported and the next session is tried.
import { autoCheckpoint, checkpointedThreads } from '../core/checkpoint/workflow';
import type { MemoryHost } from '../core/host';
import type { StateStore } from '../core/vault/store';
import type { CodexSessions } from '../obsidian/desktop-codex';
import { isCodexHomeError } from '../obsidian/desktop-codex';
import type { CodexMemoryHost } from './host';

export const WATCHER_FILE = 'watcher.json';

interface WatcherState {
  /** Sessions that finished before this were there before the watcher; they are left to the person. */
  since: string;
  /** thread → the `updated` time it was last handled at (a resumed session is handled again). */
  handled: Record<string, string>;
}

export interface WatchReport {
  /** Why nothing was looked at, when nothing was. */
  idle?: 'off' | 'busy' | 'first-run' | 'no-codex-home';
  proposed: string[];
  applied: string[];
  failed: { thread: string; reason: string }[];
}

export class SessionWatcher {
  private running = false;
  private lastRun = 0;

  constructor(
    private readonly host: CodexMemoryHost,
    private readonly sessions: () => Promise<CodexSessions>,
    private readonly memoryHost: (now: () => Date) => Promise<MemoryHost>,
    private readonly onProposed: () => void = () => undefined,
  ) {}

  /** Runs a check when the configured interval has passed since the last one (called every minute). */
  async heartbeat(now = Date.now()): Promise<WatchReport | null> {
    const every = this.host.settings.watcherIntervalMinutes * 60_000;
    if (now - this.lastRun < every) return null;
    return this.check(new Date(now));
  }

  async check(now = new Date()): Promise<WatchReport> {
    const report: WatchReport = { proposed: [], applied: [], failed: [] };
    const { settings } = this.host;
    if (!settings.watcherEnabled || settings.autoCheckpoint === 'off') return { ...report, idle: 'off' };
    if (this.running) return { ...report, idle: 'busy' };
    this.running = true;
    this.lastRun = now.getTime();
    try {
      await this.checkNow(now, report);
    } catch (err) {
      if (isCodexHomeError(err)) return { ...report, idle: 'no-codex-home' };
      report.failed.push({ thread: '', reason: (err as Error).message });
    } finally {
      this.running = false;
    }
    if (report.proposed.length) this.onProposed();
    return report;
  }

  private async checkNow(now: Date, report: WatchReport): Promise<void> {
    const host = await this.memoryHost(() => now);
    const state = await this.readState(host.state);
    if (!state) {
      await host.state.writeState(WATCHER_FILE, JSON.stringify({ since: now.toISOString(), handled: {} } satisfies WatcherState));
      report.idle = 'first-run';
      return;
    }
    const codex = await this.sessions();
    const done = await checkpointedThreads(host);
    const { sessions } = await codex.list((t) => done.has(t));
    const mode = this.host.settings.autoCheckpoint;
    if (mode === 'off') return;
    for (const s of sessions) {
      if (!s.finished || s.checkpointed || !s.updated || s.updated <= state.since || state.handled[s.thread] === s.updated) continue;
      try {
        const out = await autoCheckpoint(host, await codex.read(s.path), { thread: s.thread, transcript: s.path, cwd: s.cwd }, mode);
        if (out.checkpoint) report.applied.push(s.thread);
        if (out.proposal) report.proposed.push(out.proposal);
      } catch (err) {
        report.failed.push({ thread: s.thread, reason: (err as Error).message });
      }
      // Not retried every few minutes: a later turn in the session changes `updated` and tries again.
      state.handled[s.thread] = s.updated;
    }
    await host.state.writeState(WATCHER_FILE, JSON.stringify(state));
  }

  private async readState(state: StateStore): Promise<WatcherState | null> {
    try {
      const parsed = JSON.parse((await state.readState(WATCHER_FILE)) ?? 'null') as Partial<WatcherState> | null;
      if (!parsed || typeof parsed.since !== 'string') return null;
      return { since: parsed.since, handled: parsed.handled && typeof parsed.handled === 'object' ? parsed.handled : {} };
    } catch {
      return null;
    }
  }
}

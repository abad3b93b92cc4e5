// `codex-memory sessions`: every Codex session in CODEX_HOME, newest first, from file heads and tails only.
import { basename } from 'node:path';
import { sessionSummaryJson } from '../../core/codex/session-summary';
import type { SessionSummary } from '../../core/codex/thread';
import { LedgerStore } from '../../core/memory/ledger';
import { CodexHomeError, resolveCodexHome } from '../../node/codex-home';
import { openNodeVault } from '../../node/open-vault';
import { hasSessionFolders, listSessions } from '../../node/session-list';
import { CliError, flag, stringOpt, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

function localTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export function sessionsTable(sessions: SessionSummary[], width = 120): string {
  const rows = sessions.map((s) => [
    localTime(s.updated),
    s.finished ? 'finished' : 'unfinished',
    s.checkpointed ? 'yes' : '-',
    s.cwd ? basename(s.cwd) : '',
    s.thread.slice(0, 8),
    s.name ? `${s.name}: ${s.firstPrompt ?? ''}` : (s.firstPrompt ?? ''),
  ]);
  const head = ['UPDATED', 'STATUS', 'SAVED', 'PROJECT', 'THREAD', 'NAME / FIRST PROMPT'];
  const widths = head.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fixed = widths.reduce((a, b) => a + b + 2, 0);
  const last = Math.max(20, width - fixed);
  const line = (r: string[]): string => [...r.slice(0, -1).map((c, i) => c.padEnd(widths[i])), clip(r[r.length - 1], last)].join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

async function checkpointedLookup(vaultDir: string | undefined, io: CliIO): Promise<((id: string) => boolean) | undefined> {
  if (!vaultDir) return undefined;
  const vault = await openNodeVault(vaultDir, undefined, { cwd: io.cwd });
  const ledger = await new LedgerStore(vault.state, vault.store.stateDir).read();
  return (id) => id in ledger.sessions;
}

export const sessionsCommand: Command = {
  name: 'sessions',
  summary: 'List Codex sessions, newest first',
  usage: 'sessions [--codex-home DIR] [--vault DIR] [--json]',
  help: `Options:
  --codex-home DIR  Codex's home folder (default: $CODEX_HOME, else ~/.codex)
  --vault DIR       mark the sessions this vault has already checkpointed
  --json            one JSON array: [{thread, name, path, cwd, branch, commit, remote, started, updated,
                    first_prompt, finished, checkpointed, size}]

Only the start and the end of each rollout file are read, so the list is quick even for large histories.`,
  options: {
    'codex-home': { type: 'string' },
    vault: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const home = resolveCodexHome({ flag: stringOpt(args, 'codex-home'), env: io.env });
    const isCheckpointed = await checkpointedLookup(stringOpt(args, 'vault'), io);
    let list;
    try {
      list = await listSessions(home, { isCheckpointed });
    } catch (err) {
      if (err instanceof CodexHomeError) throw new CliError(err.message);
      throw err;
    }
    for (const s of list.skipped) io.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
    if (list.sessions.length === 0) {
      const where = (await hasSessionFolders(home)) ? 'its sessions/ and archived_sessions/ folders are empty' : 'it has no sessions/ folder';
      throw new CliError(`No Codex sessions in ${home}: ${where}. Is this the right CODEX_HOME?`);
    }
    if (flag(args, 'json')) {
      writeJson(io, list.sessions.map(sessionSummaryJson));
      return 0;
    }
    const columns = (io.stdout as NodeJS.WriteStream).columns;
    io.stdout.write(sessionsTable(list.sessions, columns && columns > 60 ? columns : 120));
    return 0;
  },
};

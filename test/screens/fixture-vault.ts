// The material the screens are drawn from, made by the real core on real folders: a vault of several projects
// (one with a very long note name), a Codex session of a transit-timetable team written as a rollout, the
// checkpoint plan the offline distiller makes of it, inbox proposals (an automatic checkpoint, a remembered
// item, the unused-notes suggestion), the context pack a new session there would get, and the stale-memory
// review. Nothing here is drawn by hand: every plan, diff, pack and entry comes from the workflows the CLI
// and the plugin call. `npm run screens` bundles this for Node (scripts/screens/build.mjs).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { autoCheckpoint, planSession, rememberForReview } from '../../src/core/checkpoint/workflow';
import { acceptTargets, listProposals, type AcceptTarget, type Proposal } from '../../src/core/checkpoint/inbox';
import { listStaleMemory, type StaleEntry } from '../../src/core/memory/stale-review';
import type { Plan } from '../../src/core/memory/plan';
import { contextPack } from '../../src/core/recall/context';
import type { ContextPack, MemoryMode } from '../../src/core/recall/types';
import { usageStats, type NoteStats } from '../../src/core/recall/usage';
import { DEFAULT_SETTINGS, type CodexMemorySettings } from '../../src/core/settings';
import { initVault } from '../../src/core/vault/init-vault';
import { readThread } from '../../src/node/find-session';
import { nodeHost } from '../../src/node/host';
import { openNodeVault } from '../../src/node/open-vault';

export interface ScreensData {
  review: { plan: Plan; source: string };
  inbox: { proposals: Proposal[]; targets: Record<string, AcceptTarget[]> };
  preview: { title: string; pack: ContextPack; modes: Record<string, MemoryMode> };
  stale: { entries: StaleEntry[]; stats: NoteStats[] };
  settings: CodexMemorySettings;
}

const NOW = new Date('2026-11-20T09:30:00.000Z');
const DAY = 86_400_000;
const THREAD = '019c4d2e-7a10-7b3c-9d4e-5f6a7b8c9d01';
const SECOND_THREAD = '019c5e3f-8b21-7c4d-8e5f-6a7b8c9d0e02';
/** A long note name, as people do give them: it has to wrap in every screen. */
const LONG_PROJECT = 'harbour-line-realtime-departure-board-and-timetable-importer-for-the-coastal-tram-network';

const iso = (msAgo: number) => new Date(NOW.getTime() - msAgo).toISOString();

function projectNote(repo: string, name: string, decisions: string[], extra = ''): string {
  return `---\ntype: project\nrepo: ${repo}\nupdated: 2026-11-18\n---\n# ${name}\n\n## Decisions\n${decisions.join('\n')}\n${extra}`;
}

/** One finished Codex session as Codex writes it: meta, the person's prompts, tool calls, final answers. */
type Turn = { prompt: string; answer: string; patch?: string };

function rollout(id: string, cwd: string, turns: Turn[], start: number): string {
  let t = start;
  const at = () => new Date((t += 1000)).toISOString();
  const lines: unknown[] = [
    {
      timestamp: at(),
      type: 'session_meta',
      payload: { id, timestamp: at(), cwd, originator: 'codex-tui', cli_version: '0.171.0', source: 'cli', model_provider: 'openai' },
    },
  ];
  turns.forEach((turn, i) => {
    const turnId = `${id.slice(0, 24)}${String(i).padStart(12, '0')}`;
    lines.push({ timestamp: at(), type: 'event_msg', payload: { type: 'task_started', turn_id: turnId, model_context_window: 258400 } });
    lines.push({ timestamp: at(), type: 'turn_context', payload: { turn_id: turnId, cwd, approval_policy: 'on-request', model: 'gpt-5.5' } });
    lines.push({
      timestamp: at(),
      type: 'response_item',
      payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.prompt }] },
    });
    lines.push({ timestamp: at(), type: 'event_msg', payload: { type: 'user_message', message: turn.prompt, images: [] } });
    if (turn.patch) {
      const call = `call_${i}`;
      lines.push({
        timestamp: at(),
        type: 'response_item',
        payload: { type: 'custom_tool_call', status: 'completed', call_id: call, name: 'apply_patch', input: turn.patch },
      });
      lines.push({
        timestamp: at(),
        type: 'response_item',
        payload: { type: 'custom_tool_call_output', call_id: call, output: 'Exit code: 0\nOutput:\nSuccess.\n' },
      });
    }
    lines.push({
      timestamp: at(),
      type: 'response_item',
      payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: turn.answer }], phase: 'final_answer' },
    });
    lines.push({ timestamp: at(), type: 'event_msg', payload: { type: 'task_complete', turn_id: turnId, last_agent_message: turn.answer } });
  });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

async function write(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}

/** Writes a finished session where Codex keeps it (CODEX_HOME/sessions/Y/M/D/rollout-…-ID.jsonl); its path. */
async function writeSession(home: string, id: string, startIso: string, cwd: string, turns: Turn[]): Promise<string> {
  const [day, time] = startIso.slice(0, 19).split('T');
  const file = path.join(home, 'sessions', ...day.split('-'), `rollout-${day}T${time.replaceAll(':', '-')}-${id}.jsonl`);
  await write(file, rollout(id, cwd, turns, Date.parse(startIso)));
  return file;
}

/** Builds the vault and sessions in a temp folder, runs the workflows, and returns what each screen shows. */
export async function buildScreensData(): Promise<ScreensData> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cm-screens-')));
  try {
    const vaultDir = path.join(dir, 'vault');
    const home = path.join(dir, 'codex-home');
    const repos = {
      tram: path.join(dir, 'src', 'harbour-tram'),
      fares: path.join(dir, 'src', 'fare-capping'),
      ops: path.join(dir, 'src', 'depot-ops'),
    };
    for (const r of Object.values(repos)) await fs.mkdir(path.join(r, '.git'), { recursive: true });
    await write(path.join(repos.tram, 'src', 'import', 'gtfs-feed.ts'), 'export {};\n');

    const vault = await openNodeVault(vaultDir, DEFAULT_SETTINGS, { create: true });
    await initVault(vault.store, vault.state, vault.settings);
    const notes: Record<string, string> = {
      [`projects/${LONG_PROJECT}.md`]: projectNote(repos.tram, 'Harbour line departure board', [
        '- Import the GTFS timetable nightly with cron at 02:00 ^cm-t1',
        '- Departure times are shown in the stop’s local time zone, never the server’s ^cm-t2',
        '- The feed parser lives in `src/import/gtfs-feed.ts` ^cm-t3',
        '- Platform changes are read from `src/import/platform-overrides.ts` ^cm-t4',
      ]),
      'projects/fare-capping.md': projectNote(repos.fares, 'Fare capping', [
        '- Daily caps reset at 04:00, after the last night tram ^cm-f1',
        '- Amounts are integer cents; never floats ^cm-f2',
      ]),
      'projects/depot-ops.md': projectNote(repos.ops, 'Depot operations', ['- Shift rosters are exported as iCalendar ^cm-d1']),
      'people/mireille-okonkwo-van-der-berg.md': `---\ntype: person\nupdated: 2026-11-02\n---\n# Mireille Okonkwo-van der Berg\n\n- Owns the GTFS feed contract with the regional transit authority ^cm-p1\n`,
      'people/tomasz.md': `---\ntype: person\nupdated: 2025-03-01\n---\n# Tomasz\n\n- Runs the depot night shift rota ^cm-p2\n`,
      'notes/timetable-glossary.md': `---\ntype: topic\nupdated: 2026-10-01\n---\n# Timetable glossary\n\n- A block is one vehicle’s working from depot to depot ^cm-g1\n- Headway is the planned gap between two trams on the same line ^cm-g2\n`,
    };
    for (const [p, text] of Object.entries(notes)) await write(path.join(vaultDir, p), text);
    // Six sessions were given the glossary and none cited it: the review's "not used" and the inbox's suggestion.
    const given = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ s: `sess-${i}`, t: NOW.getTime() - (50 - i) * DAY, k: ['notes/timetable-glossary.md#h1'] }),
    );
    await write(path.join(vaultDir, '.codex-memory', 'recall', 'given.jsonl'), `${given.join('\n')}\n`);

    const host = nodeHost(vault, { now: () => NOW, codexHome: home });
    const sessionFile = await writeSession(home, THREAD, '2026-11-19T14:00:00Z', repos.tram, [
      {
        prompt:
          'The nightly GTFS import keeps missing the 02:00 feed. Let’s use the transit authority’s webhook instead of cron for the timetable import.',
        answer:
          'Decision: the timetable import is triggered by the transit authority’s feed-published webhook instead of the 02:00 cron job, so a late feed is picked up within a minute. I added `src/import/webhook.ts` and removed the cron entry.',
        patch: '*** Begin Patch\n*** Add File: src/import/webhook.ts\n+export const onFeedPublished = () => undefined;\n*** End Patch',
      },
      {
        prompt:
          'Mireille Okonkwo-van der Berg from the transit authority signs off every change to the feed contract. Add a TODO to ask her for the webhook signing secret rotation schedule.',
        answer: 'Noted: Mireille signs off feed contract changes. TODO: ask Mireille for the webhook signing secret rotation schedule.',
      },
    ]);
    const thread = await readThread(sessionFile, home);
    const { plan, distiller } = await planSession(host, thread, { look: true });

    // An automatic checkpoint of another session waits in the inbox, beside what Codex remembered.
    const secondFile = await writeSession(home, SECOND_THREAD, '2026-11-18T09:00:00Z', repos.fares, [
      {
        prompt: 'Switch the fare cap reset to 04:30 so that the last night tram on Saturdays is still capped.',
        answer: 'Decision: daily caps now reset at 04:30 instead of 04:00, so the Saturday night tram (last departure 04:12) is still capped.',
      },
    ]);
    await autoCheckpoint(host, await readThread(secondFile, home), { thread: SECOND_THREAD, transcript: secondFile, cwd: repos.fares }, 'inbox');
    await rememberForReview(host, {
      text: 'Tram 14 short-turns at Quay Street on match days; the departure board must show “Quay Street” as its destination from two hours before kick-off.',
      kind: 'fact',
      subject: 'Harbour line departure board',
    });
    const proposals = await listProposals(vault.store, vault.settings);
    const markdown = await vault.store.listMarkdown();
    const targets: Record<string, AcceptTarget[]> = {};
    for (const p of proposals)
      targets[p.path] = acceptTargets(p, markdown, vault.settings, (n) => path.basename(n, '.md')).filter((t) => markdown.includes(t.path));

    const task = 'Show platform changes on the departure board when the webhook import brings a new feed';
    const pack = await contextPack(host, { task, cwd: repos.tram });
    const modes: Record<string, MemoryMode> = { 'people/mireille-okonkwo-van-der-berg.md': 'pin' };

    const data: ScreensData = {
      review: {
        plan,
        source: `Session ${THREAD.slice(0, 8)} “${thread.turns[0]?.prompts[0]?.slice(0, 60) ?? ''}…” · distilled by the ${distiller} rules`,
      },
      inbox: { proposals: proposals.map((p) => ({ ...p, created: p.created ?? iso(DAY) })), targets },
      preview: { title: `For “${task}” in ${repos.tram}`, pack, modes },
      stale: { entries: await listStaleMemory(host), stats: await usageStats(vault.state, NOW) },
      settings: { ...DEFAULT_SETTINGS, distiller: 'openai', autoCheckpoint: 'inbox' },
    };
    // The temp folder's random name would change every picture: shown as a person's home instead.
    return JSON.parse(JSON.stringify(data).replaceAll(dir, '/home/sam')) as ScreensData;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// A small real vault and repository for the delivery tests (hooks, AGENTS.md, MCP): a project note whose
// `repo` is a temp git repository, its decisions and an open TODO, a person, a preference, and notes that
// must never reach Codex (memory: never, superseded).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from './cli';

export interface DeliveryFixture {
  dir: string;
  vault: string;
  repo: string;
  cleanup(): Promise<void>;
}

export const DECISION = 'Money amounts use Decimal with ROUND_HALF_UP (the tax office expects it)';
export const TODO = 'Add a test for CHF invoices';
export const NEVER = 'The staging database password lives in the team vault';
export const SUPERSEDED = 'Amounts are stored as binary floats';

export async function makeDeliveryFixture(prefix = 'cm-delivery-'): Promise<DeliveryFixture> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  const vault = path.join(dir, 'vault');
  const repo = path.join(dir, 'src', 'invoice-cli');
  await fs.mkdir(path.join(repo, '.git'), { recursive: true });
  await fs.writeFile(path.join(repo, '.git', 'config'), '[remote "origin"]\n\turl = git@github.com:marta/invoice-cli.git\n');
  const init = await runCliCaptured(['init', '--vault', vault]);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(vault, rel)), { recursive: true });
    await fs.writeFile(path.join(vault, rel), text);
  };
  await write(
    'projects/invoice-cli.md',
    `---
type: project
repo:
  - ${repo}
status: active
scope: project
---
# invoice-cli

## Status
- Rounding rework in progress; CHF support next ^cm-status1

## Decisions
- ${DECISION} ^cm-dec1

## Open questions
- Does 5-rappen rounding apply to card payments? ^cm-q1

## TODO
- [ ] ${TODO} ^cm-todo1

Works with [[people/Jonas]].
`,
  );
  await write(
    'projects/old-billing.md',
    `---
type: project
status: superseded
superseded_by: "[[projects/invoice-cli]]"
---
# old-billing

- ${SUPERSEDED} ^cm-old1
`,
  );
  await write(
    'people/Jonas.md',
    `---
type: person
---
# Jonas

- Reviews every change to rounding in invoice-cli ^cm-p1
`,
  );
  await write(
    'notes/secrets.md',
    `---
memory: never
---
# Secrets

- ${NEVER} ^cm-n1
`,
  );
  await write(
    'agent/preferences.md',
    `---
type: preferences
memory: pin
scope: global
---
# Agent preferences

- Answer in English, keep commit messages short ^cm-pref1
`,
  );
  return { dir, vault, repo, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** The SessionStart body Codex 0.169.0 sends. */
export function sessionStartBody(cwd: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: '019a2018-e000-7000-8000-00000000001e',
    transcript_path: null,
    cwd,
    hook_event_name: 'SessionStart',
    model: 'gpt-5.1-codex',
    permission_mode: 'workspace-write',
    source: 'startup',
    ...extra,
  });
}

/** The Stop body Codex sends at the end of a turn. */
export function stopBody(
  transcript: string,
  cwd: string,
  event: 'Stop' | 'SessionEnd' = 'Stop',
  thread = '019a2018-e000-7000-8000-00000000001e',
): string {
  return JSON.stringify({
    session_id: thread,
    turn_id: 'turn-1',
    transcript_path: transcript,
    cwd,
    hook_event_name: event,
    model: 'gpt-5.1-codex',
    permission_mode: 'workspace-write',
    stop_hook_active: false,
    last_assistant_message: 'Done.',
  });
}

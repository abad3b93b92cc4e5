// A vault of several projects whose words overlap ("deploy", "migration", "tests"), for the per-prompt hook:
// each project has its own runbook-like topic note that no session-start pack carries, so only a prompt that
// calls for it brings it in. Real folders: three git repositories and a vault made by `init`.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from './cli';

export interface ProjectsVault {
  dir: string;
  vault: string;
  /** Repository folders by project name. */
  repos: { invoice: string; shop: string; pipeline: string };
  cleanup(): Promise<void>;
}

/** Lines the tests look for, one per note. */
export const FACTS = {
  invoiceDecision: 'Money amounts use Decimal with ROUND_HALF_UP',
  invoiceDeploy: 'Deploy invoice-cli with fly deploy --app invoice-cli, after the alembic migration has run',
  shopDeploy: 'Deploy shop-api with kubectl rollout restart, after the flyway migration has run',
  pipelineMigration: 'The warehouse migration of data-pipeline runs dbt run --select staging first',
  invoiceExport: 'The CSV export of invoice-cli uses semicolons as the separator, for German Excel',
  globalTests: 'Tests never call the network; use recorded fixtures instead',
  jonas: 'Jonas reviews every change to rounding in invoice-cli',
  onboarding: 'Read the invoice-cli glossary before touching tax codes',
  preference: 'Answer in English, keep commit messages short',
} as const;

export async function makeProjectsVault(prefix = 'cm-projects-'): Promise<ProjectsVault> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  const vault = path.join(dir, 'vault');
  const repos = {
    invoice: path.join(dir, 'src', 'invoice-cli'),
    shop: path.join(dir, 'src', 'shop-api'),
    pipeline: path.join(dir, 'src', 'data-pipeline'),
  };
  for (const r of Object.values(repos)) await fs.mkdir(path.join(r, '.git'), { recursive: true });
  const init = await runCliCaptured(['init', '--vault', vault]);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(vault, rel)), { recursive: true });
    await fs.writeFile(path.join(vault, rel), text);
  };
  const project = (name: string, repo: string, body: string) =>
    write(`projects/${name}.md`, `---\ntype: project\nrepo: ${repo}\nstatus: active\n---\n# ${name}\n\n${body}\n`);
  await project(
    'invoice-cli',
    repos.invoice,
    `## Status\n- Rounding rework in progress ^cm-i1\n\n## Decisions\n- ${FACTS.invoiceDecision} ^cm-i2\n\nWorks with [[people/Jonas]].`,
  );
  await project('shop-api', repos.shop, `## Status\n- Checkout v2 behind a flag; tests are flaky on CI ^cm-s1`);
  await project('data-pipeline', repos.pipeline, `## Status\n- Nightly loads move to the new warehouse ^cm-p1`);
  const topic = (rel: string, projectName: string, title: string, line: string) =>
    write(rel, `---\nproject: "[[${projectName}]]"\n---\n# ${title}\n\n- ${line}\n`);
  await topic('notes/invoice-deploy.md', 'invoice-cli', 'Deploying invoice-cli', FACTS.invoiceDeploy);
  await topic('notes/shop-deploy.md', 'shop-api', 'Deploying shop-api', FACTS.shopDeploy);
  await topic('notes/pipeline-migration.md', 'data-pipeline', 'Warehouse migration', FACTS.pipelineMigration);
  await topic('notes/invoice-export.md', 'invoice-cli', 'CSV export', FACTS.invoiceExport);
  await write('notes/testing.md', `---\nscope: global\n---\n# Testing\n\n- ${FACTS.globalTests}\n`);
  await write('people/Jonas.md', `---\ntype: person\n---\n# Jonas\n\n- ${FACTS.jonas}\n`);
  // Pinned, so every session start of the project has it; marked to be dropped once Codex compacts.
  await write(
    'notes/invoice-onboarding.md',
    `---\nproject: "[[invoice-cli]]"\nmemory: pin\ncompact: drop\n---\n# Onboarding\n\n- ${FACTS.onboarding}\n`,
  );
  await write('agent/preferences.md', `---\ntype: preferences\nmemory: pin\nscope: global\n---\n# Agent preferences\n\n- ${FACTS.preference}\n`);
  return { dir, vault, repos, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** The UserPromptSubmit body Codex 0.171.0 sends (user-prompt-submit.command.input.schema.json). */
export function promptBody(session: string, cwd: string, prompt: string, turn = 'turn-1'): string {
  return JSON.stringify({
    session_id: session,
    turn_id: turn,
    transcript_path: null,
    cwd,
    hook_event_name: 'UserPromptSubmit',
    model: 'gpt-5.5',
    permission_mode: 'default',
    prompt,
  });
}

/** A SessionStart body with a given source (startup | resume | clear | compact). */
export function startBody(session: string, cwd: string, source = 'startup'): string {
  return JSON.stringify({
    session_id: session,
    transcript_path: null,
    cwd,
    hook_event_name: 'SessionStart',
    model: 'gpt-5.5',
    permission_mode: 'default',
    source,
  });
}

// The per-prompt hook and the session-aware SessionStart, as Codex runs them: the built CLI as a child
// process, the bodies Codex 0.171.0 sends on stdin, a vault of several projects whose words overlap.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { PACK_HEADER } from '../../src/core/recall';
import { GIVEN_FILE } from '../../src/core/recall/given';
import { FULLTEXT_FILE } from '../../src/node/recall-index';
import { PROMPT_FULLTEXT_MAX_BYTES } from '../../src/node/prompt-hook';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { FACTS, makeProjectsVault, promptBody, startBody, type ProjectsVault } from '../support/projects-vault';

let fx: ProjectsVault;

beforeAll(() => requireBuiltCli());
beforeEach(async () => {
  fx = await makeProjectsVault();
});
afterEach(async () => fx.cleanup());

const log = () => fs.readFile(path.join(fx.vault, '.codex-memory', 'log'), 'utf8').catch(() => '');
const ledger = () => path.join(fx.vault, '.codex-memory', ...GIVEN_FILE.split('/'));

/** What the hook handed Codex: the additionalContext, or null when it printed nothing. Checks the body's shape. */
async function hook(event: 'session-start' | 'user-prompt-submit', stdin: string): Promise<string | null> {
  const res = await runBuiltCli(['hook', event, '--vault', fx.vault], { stdin, cwd: '/' });
  expect(res.code).toBe(0);
  expect(res.stderr).toBe('');
  if (res.stdout === '') return null;
  const body = JSON.parse(res.stdout);
  expect(Object.keys(body)).toEqual(['hookSpecificOutput']);
  expect(body.hookSpecificOutput.hookEventName).toBe(event === 'session-start' ? 'SessionStart' : 'UserPromptSubmit');
  const ctx: string = body.hookSpecificOutput.additionalContext;
  expect(ctx.startsWith(PACK_HEADER)).toBe(true);
  return ctx;
}

const prompt = (session: string, cwd: string, text: string) => hook('user-prompt-submit', promptBody(session, cwd, text));
const start = (session: string, cwd: string, source = 'startup') => hook('session-start', startBody(session, cwd, source));

describe('hook user-prompt-submit (built CLI)', () => {
  test("a prompt gets its own project's note that the start pack lacked, and never the same note twice in a session", async () => {
    const s = 'sess-deploy';
    const first = await start(s, fx.repos.invoice);
    expect(first).toContain(FACTS.invoiceDecision);
    expect(first).not.toContain(FACTS.invoiceDeploy);

    const asked = await prompt(s, fx.repos.invoice, 'How do we deploy this after the migration?');
    expect(asked).toContain(FACTS.invoiceDeploy);
    expect(asked).toContain('[[notes/invoice-deploy]]');
    // Another project's note that shares only "migration" is below the bar. (Whether another project's
    // runbook that shares both words goes in is the project-scoping rule's to decide: issue 12, item 3.)
    expect(asked).not.toContain(FACTS.pipelineMigration);
    // What the start pack gave is not repeated.
    expect(asked).not.toContain(FACTS.invoiceDecision);
    expect(countTokens(asked!)).toBeLessThanOrEqual(600);

    // The same question again, in other words: the note is not given twice.
    expect((await prompt(s, fx.repos.invoice, 'Deploy it again once the migration is done')) ?? '').not.toContain(FACTS.invoiceDeploy);
    // A new session has been given nothing yet.
    expect(await prompt('sess-other', fx.repos.invoice, 'How do we deploy this after the migration?')).toContain(FACTS.invoiceDeploy);
  });

  test('the relevance bar: a prompt that names nothing in the vault, or only one common word of a longer prompt, gets nothing', async () => {
    await start('sess-bar', fx.repos.invoice);
    expect(await prompt('sess-bar', fx.repos.invoice, 'Thanks, that looks good to me.')).toBeNull();
    expect(await prompt('sess-bar', fx.repos.invoice, 'Yes, do it!')).toBeNull();
    // "export" alone matches the CSV note; the rest of the prompt is about something the vault does not hold.
    expect(await prompt('sess-bar', fx.repos.invoice, 'Rename the export button colour in the settings dialog to teal')).toBeNull();
    // The other side of the bar: the prompt is about that note.
    expect(await prompt('sess-bar', fx.repos.invoice, 'Which separator does the CSV export use?')).toContain(FACTS.invoiceExport);
  });

  test('another project’s note goes in when the prompt names that project', async () => {
    await start('sess-named', fx.repos.invoice);
    const ctx = await prompt('sess-named', fx.repos.invoice, 'How is shop-api deployed after its flyway migration?');
    expect(ctx).toContain(FACTS.shopDeploy);
  });

  test('global notes come with the prompt that calls for them, from any project', async () => {
    await start('sess-global', fx.repos.pipeline);
    const ctx = await prompt('sess-global', fx.repos.pipeline, 'Can the tests call the network, or do we use fixtures?');
    expect(ctx).toContain(FACTS.globalTests);
    expect(ctx).not.toContain(FACTS.invoiceDeploy);
  });

  test('without a session_id the prompt still gets its notes; nothing is recorded', async () => {
    const body = JSON.parse(promptBody('x', fx.repos.invoice, 'Which separator does the CSV export use?'));
    delete body.session_id;
    expect(await hook('user-prompt-submit', JSON.stringify(body))).toContain(FACTS.invoiceExport);
    expect(await fs.readFile(ledger(), 'utf8').catch(() => '')).toBe('');
  });

  test('turned off with the promptRecall setting: nothing at all', async () => {
    const data = path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ version: 1, promptRecall: false }));
    expect(await prompt('sess-off', fx.repos.invoice, 'Which separator does the CSV export use?')).toBeNull();
  });

  test('the promptBudget setting bounds what one prompt adds', async () => {
    const data = path.join(fx.vault, '.obsidian/plugins/codex-memory/data.json');
    await fs.mkdir(path.dirname(data), { recursive: true });
    await fs.writeFile(data, JSON.stringify({ version: 1, promptBudget: 100 }));
    const many = Array.from({ length: 40 }, (_, i) => `- Deploy step ${i} of invoice-cli: check migration ${i} logs ^cm-st${i}`).join('\n');
    await fs.writeFile(path.join(fx.vault, 'notes/invoice-steps.md'), `---\nproject: "[[invoice-cli]]"\n---\n# Steps\n\n${many}\n`);
    const ctx = await prompt('sess-budget', fx.repos.invoice, 'Which deploy steps check the migration logs?');
    expect(ctx).toContain('Deploy step');
    expect(countTokens(ctx!)).toBeLessThanOrEqual(100);
  });

  test('a corrupt ledger fails open: the prompt still gets its notes and the file is usable again', async () => {
    await fs.mkdir(path.dirname(ledger()), { recursive: true });
    await fs.writeFile(ledger(), '{"s":"sess-c","t":1,"k":[\u0000garbage\n{not json\n');
    expect(await prompt('sess-c', fx.repos.invoice, 'Which separator does the CSV export use?')).toContain(FACTS.invoiceExport);
    expect(await prompt('sess-c', fx.repos.invoice, 'Which separator does the CSV export use?')).toBeNull();
  });

  test('a ledger that cannot be written (a folder in its place) still gives the notes, and says so in the log', async () => {
    await fs.mkdir(ledger(), { recursive: true });
    expect(await prompt('sess-ro', fx.repos.invoice, 'Which separator does the CSV export use?')).toContain(FACTS.invoiceExport);
    expect(await log()).toContain('hook user-prompt-submit: could not record what session sess-ro was given');
  });

  test('prompts of concurrent sessions, at once: every session is recorded, none lost', async () => {
    // One prompt first, as a session's earlier turn would: the index and the line's token count are then
    // saved, so six hooks at once on two cores stay inside their 2 s deadline (what is tested is the ledger).
    expect(await prompt('sess-par-warm', fx.repos.invoice, 'Which separator does the CSV export use?')).toContain(FACTS.invoiceExport);
    const sessions = Array.from({ length: 6 }, (_, i) => `sess-par-${i}`);
    const outs = await Promise.all(sessions.map((s) => prompt(s, fx.repos.invoice, 'Which separator does the CSV export use?')));
    for (const o of outs) expect(o).toContain(FACTS.invoiceExport);
    const again = await Promise.all(sessions.map((s) => prompt(s, fx.repos.invoice, 'Which separator does the CSV export use?')));
    expect(again).toEqual(sessions.map(() => null));
  });

  test('a full-text index too large to load per prompt: nothing at once, and the log says why', async () => {
    await runBuiltCli(['hook', 'warm', '--vault', fx.vault, '--cwd', fx.repos.invoice]);
    const fullText = path.join(fx.vault, '.codex-memory', ...FULLTEXT_FILE.split('/'));
    // A sparse file: only its size matters, the hook must not read it.
    await fs.truncate(fullText, PROMPT_FULLTEXT_MAX_BYTES + 1);
    const res = await runBuiltCli(['hook', 'user-prompt-submit', '--vault', fx.vault], {
      stdin: promptBody('sess-big', fx.repos.invoice, 'Which separator does the CSV export use?'),
    });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await log()).toContain('too large to load for every prompt; nothing sent');
  });

  test('bad input fails open: exit 0, nothing printed, one log line', async () => {
    const res = await runBuiltCli(['hook', 'user-prompt-submit', '--vault', fx.vault], { stdin: '{"prompt": 7}' });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await log()).toMatch(/hook user-prompt-submit: hook input field "prompt" is not a string\n$/);
  });
});

describe('hook session-start by source (built CLI)', () => {
  test('compact: the pack again, minus the notes marked compact: drop; resume: only what changed since', async () => {
    const s = 'sess-life';
    const startup = await start(s, fx.repos.invoice);
    expect(startup).toContain(FACTS.onboarding);
    expect(startup).toContain(FACTS.invoiceDecision);
    expect(startup).toContain(FACTS.preference);

    // Resumed with nothing changed: the session holds all of it already.
    expect(await start(s, fx.repos.invoice, 'resume')).toBeNull();

    // A person edits the project's status; the resumed session gets that line and nothing else it holds.
    const note = path.join(fx.vault, 'projects/invoice-cli.md');
    await fs.writeFile(note, (await fs.readFile(note, 'utf8')).replace('Rounding rework in progress', 'Rounding rework merged; CHF next'));
    const resumed = await start(s, fx.repos.invoice, 'resume');
    expect(resumed).toContain('Rounding rework merged; CHF next');
    expect(resumed).not.toContain(FACTS.invoiceDecision);
    expect(resumed).not.toContain(FACTS.preference);

    // Compaction: the model lost the pack; it comes again, but not the note marked to be dropped.
    const compacted = await start(s, fx.repos.invoice, 'compact');
    expect(compacted).toContain(FACTS.invoiceDecision);
    expect(compacted).toContain(FACTS.preference);
    expect(compacted).not.toContain(FACTS.onboarding);

    // After the compaction the session holds only the new pack: a prompt about onboarding may bring it back.
    expect(await prompt(s, fx.repos.invoice, 'Where is the glossary of tax codes I should read?')).toContain(FACTS.onboarding);
    // And what the compacted start gave is not repeated by a prompt.
    expect(await prompt(s, fx.repos.invoice, 'Why do money amounts use Decimal with ROUND_HALF_UP?')).toBeNull();
  });

  test('a resume of a session never seen gets the whole pack', async () => {
    const ctx = await start('sess-unknown', fx.repos.invoice, 'resume');
    expect(ctx).toContain(FACTS.invoiceDecision);
  });
});

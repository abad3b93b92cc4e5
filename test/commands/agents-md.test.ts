/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Update AGENTS.md memory block for a project…": the project's context pack goes into the managed block of
// the AGENTS.md in the project's repository folder (a real temp folder); the person's text keeps every byte.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { BLOCK_END, BLOCK_START } from '../../src/core/delivery/agents-md-block';
import type { ProjectPickerModal } from '../../src/ui/project-picker';
import { tempDir } from '../node/support/temp-codex-home';
import { captureUi, newPlugin, until, opened } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

const MINE = '# Atlas\n\nRun `make test` before every commit.\n';

async function repoAndPlugin() {
  const repo = await tempDir('cm-repo-');
  await fs.mkdir(path.join(repo, '.git'));
  await fs.writeFile(path.join(repo, 'AGENTS.md'), MINE);
  const ui = captureUi();
  const h = await newPlugin(
    ui,
    { codexHome: await tempDir('cm-home-') },
    {
      'projects/atlas.md': `---\ntype: project\nrepo:\n  - ${repo}\nstatus: active\n---\n# atlas\n\n## Decisions\n\n- Store the ledger in Postgres. ^cm-dec00001\n`,
      'projects/garden.md': '---\ntype: project\n---\n# garden\n',
    },
  );
  return { repo, ui, h };
}

test("writes the block at the top of the repository's AGENTS.md and keeps the rest byte for byte", async () => {
  const { repo, ui, h } = await repoAndPlugin();
  h.mock.commands__.get('update-agents-md')!.callback!();
  const picker = await opened<ProjectPickerModal>(ui, 'ProjectPickerModal');
  // Only projects that name their repository folder can be picked.
  expect(picker.getItems()).toEqual([{ path: 'projects/atlas.md', title: 'atlas', repo }]);
  picker.onChooseItem(picker.getItems()[0]);
  const said = await until(() => ui.notices.find((n) => n.startsWith('Wrote the memory block')), 'the notice');
  expect(said).toContain(path.join(repo, 'AGENTS.md'));
  const text = await fs.readFile(path.join(repo, 'AGENTS.md'), 'utf8');
  expect(text.startsWith(BLOCK_START)).toBe(true);
  expect(text).toContain('Store the ledger in Postgres.');
  expect(text.slice(text.indexOf(BLOCK_END) + BLOCK_END.length).replace(/^\n+/, '')).toBe(MINE);

  picker.onChooseItem(picker.getItems()[0]);
  await until(() => ui.notices.find((n) => n.startsWith('Already up to date')), 'the second notice');
  expect(await fs.readFile(path.join(repo, 'AGENTS.md'), 'utf8')).toBe(text);
});

test('a repository folder that is gone is reported and nothing is written', async () => {
  const { repo, ui, h } = await repoAndPlugin();
  await fs.rm(repo, { recursive: true });
  h.mock.commands__.get('update-agents-md')!.callback!();
  const picker = await opened<ProjectPickerModal>(ui, 'ProjectPickerModal');
  picker.onChooseItem(picker.getItems()[0]);
  const said = await until(() => ui.notices.find((n) => n.startsWith('AGENTS.md was not changed')), 'the notice');
  expect(said).toBe(`AGENTS.md was not changed: no such folder: ${repo}`);
});

/** @jest-environment ./test/support/obsidian-environment.cjs */
// "Install Codex hooks": with the codex-memory command line and Node found on PATH, our three hooks go into
// $CODEX_HOME/hooks.json (beside anyone else's); without them, nothing is written and the terminal command
// to run is given.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { installCodexHooks, terminalCommand } from '../../src/commands/install-hooks';
import { findCodexMemoryCli } from '../../src/obsidian/desktop-hooks';
import { tempDir } from '../node/support/temp-codex-home';
import { captureUi, newPlugin } from '../plugin/support/plugin-harness';

beforeAll(() => setup());
afterAll(() => teardown());
afterEach(() => jest.restoreAllMocks());

/** A bin folder as npm links it: `codex-memory` → <checkout>/bin/codex-memory.js, and `node`. */
async function binDir(): Promise<{ bin: string; script: string }> {
  const root = await tempDir('cm-cli-');
  const script = path.join(root, 'checkout', 'bin', 'codex-memory.js');
  await fs.mkdir(path.dirname(script), { recursive: true });
  // Stands in for the CLI: records what it was asked to do (the plugin starts `hook warm` after installing).
  const record = `require('node:fs').appendFileSync(__dirname + '/ran.jsonl', JSON.stringify(process.argv.slice(2)) + '\\n');\n`;
  await fs.writeFile(script, `#!/usr/bin/env node\n${record}`, { mode: 0o755 });
  const bin = path.join(root, 'bin');
  await fs.mkdir(bin);
  await fs.symlink(script, path.join(bin, 'codex-memory'));
  await fs.symlink(process.execPath, path.join(bin, 'node'));
  return { bin, script: await fs.realpath(script) };
}

test('installs the four hooks for this vault and keeps the other hooks in the file', async () => {
  const { bin, script } = await binDir();
  const home = await tempDir('cm-home-');
  const theirs = { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }] } };
  await fs.writeFile(path.join(home, 'hooks.json'), JSON.stringify(theirs));
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: home });
  const message = await installCodexHooks(h.plugin, () => findCodexMemoryCli(`/nonexistent${path.delimiter}${bin}`));
  expect(message).toMatch(
    /^Installed Codex Memory's hooks in .*hooks\.json \(the previous file is saved as .*\)\. The recall index is being built in the background\. One step left: start Codex in a terminal, type \/hooks/,
  );
  const hooks = JSON.parse(await fs.readFile(path.join(home, 'hooks.json'), 'utf8')).hooks;
  const commands = Object.values(hooks as Record<string, { hooks: { command: string }[] }[]>)
    .flat()
    .flatMap((g) => g.hooks.map((x) => x.command));
  expect(commands).toContain('notify-send done');
  const ours = commands.filter((c) => c.includes('codex-memory.js'));
  expect(ours.sort()).toEqual([
    `${path.join(bin, 'node')} ${script} hook session-end --vault /mock-vault`,
    `${path.join(bin, 'node')} ${script} hook session-start --vault /mock-vault`,
    `${path.join(bin, 'node')} ${script} hook stop --vault /mock-vault`,
    `${path.join(bin, 'node')} ${script} hook user-prompt-submit --vault /mock-vault`,
  ]);
  expect(message).toContain('The recall index is being built in the background.');
  // The index is built ahead by the command line, in the background, for this vault.
  const ran = path.join(path.dirname(script), 'ran.jsonl');
  for (let i = 0; i < 100 && !(await fs.readFile(ran, 'utf8').catch(() => '')); i++) await new Promise((r) => setTimeout(r, 50));
  expect(JSON.parse((await fs.readFile(ran, 'utf8')).split('\n')[0])).toEqual(['hook', 'warm', '--vault', '/mock-vault', '--cwd', '/mock-vault']);
  expect(await installCodexHooks(h.plugin, () => findCodexMemoryCli(bin))).toMatch(/already in .*; nothing changed\.$/);
});

test('without the command line on PATH, nothing is written and the terminal command is copied', async () => {
  const home = await tempDir('cm-home-');
  const writeText = jest.fn().mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  const ui = captureUi();
  const h = await newPlugin(ui, { codexHome: home });
  const emptyBin = await tempDir('cm-empty-bin-');
  const message = await installCodexHooks(h.plugin, () => findCodexMemoryCli(emptyBin));
  expect(message).toContain(terminalCommand('/mock-vault'));
  expect(writeText).toHaveBeenCalledWith('codex-memory hooks install --vault "/mock-vault"');
  expect(await fs.readdir(home)).toEqual([]);
  expect(ui.notices).toContain(message);
});

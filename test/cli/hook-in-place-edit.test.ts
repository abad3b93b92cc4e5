// The SessionStart hook's quick path serves a cached pack while nothing it was built from changed. A note
// edited in place (as Obsidian saves it: same file, the folder's mtime untouched) outside that pack must still
// reach the next session start: here a person pins a glossary note that the pack did not hold. Through the built
// CLI, as Codex runs the hook, on a real temp vault.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBuiltCli, runBuiltCli } from '../support/child-cli';
import { sessionStartBody } from '../support/delivery-vault';

let dir: string;
let vault: string;
const repo = '/home/ines/src/orchard-sensors';

beforeAll(() => requireBuiltCli());

beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cm-in-place-')));
  vault = path.join(dir, 'vault');
  expect((await runBuiltCli(['init', '--vault', vault])).code).toBe(0);
  await fs.writeFile(
    path.join(vault, 'projects', 'orchard-sensors.md'),
    `---\ntype: project\nrepo:\n  - ${repo}\n---\n# orchard-sensors\n\n## Decisions\n- Soil probes report every 15 minutes over LoRa ^cm-o1\n`,
  );
  await fs.writeFile(
    path.join(vault, 'notes', 'frost-glossary.md'),
    '---\ntype: topic\n---\n# Frost glossary\n\n- A radiation frost forms on still, clear nights below 2 °C at canopy height ^cm-g1\n',
  );
  for (let i = 0; i < 30; i++) {
    await fs.writeFile(
      path.join(vault, 'notes', `harvest-${i}.md`),
      `---\ntype: topic\n---\n# Harvest ${i}\n\n- Picked row ${i} on day ${i} ^cm-h${i}\n`,
    );
  }
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function sessionStart(): Promise<string> {
  const r = await runBuiltCli(['hook', 'session-start', '--vault', vault], { stdin: sessionStartBody(repo) });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
}

test('a note pinned in place outside the cached pack reaches the next session start', async () => {
  const first = await sessionStart();
  expect(first).toContain('Soil probes report every 15 minutes');
  expect(first).not.toContain('radiation frost');
  expect(await sessionStart()).toBe(first); // served from the pack cache now

  const notes = path.join(vault, 'notes');
  const folderBefore = (await fs.stat(notes)).mtimeMs;
  const note = path.join(notes, 'frost-glossary.md');
  // Edited in place, as Obsidian writes: the same file opened and rewritten, no rename.
  const fh = await fs.open(note, 'r+');
  await fh.truncate(0);
  await fh.write(
    '---\ntype: topic\nmemory: pin\n---\n# Frost glossary\n\n- A radiation frost forms on still, clear nights below 2 °C at canopy height ^cm-g1\n',
    0,
  );
  await fh.close();
  const later = new Date(Date.now() + 5000);
  await fs.utimes(note, later, later);
  expect((await fs.stat(notes)).mtimeMs).toBe(folderBefore);

  const next = await sessionStart();
  expect(next).toContain('radiation frost forms on still, clear nights');
  expect(next).toContain('Soil probes report every 15 minutes');
});

test('an untouched vault is still served from the cache, and a note edited back is seen again', async () => {
  const first = await sessionStart();
  const note = path.join(vault, 'notes', 'frost-glossary.md');
  const original = await fs.readFile(note, 'utf8');
  await fs.writeFile(note, original.replace('type: topic', 'type: topic\nmemory: pin'));
  expect(await sessionStart()).toContain('radiation frost');
  await fs.writeFile(note, original);
  const later = new Date(Date.now() + 10_000);
  await fs.utimes(note, later, later);
  expect(await sessionStart()).toBe(first);
});

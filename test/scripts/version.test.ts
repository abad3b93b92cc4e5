// The version lives in package.json; manifest.json and versions.json are copies Obsidian reads, and the CLI
// and the MCP server report the same one.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';

const root = path.resolve(__dirname, '../..');
type Json = { version: string; minAppVersion: string } & Record<string, string>;
const json = (f: string): Json => JSON.parse(readFileSync(path.join(root, f), 'utf8')) as Json;

test("manifest.json and versions.json carry package.json's version", () => {
  const { version } = json('package.json');
  const manifest = json('manifest.json');
  expect(manifest.version).toBe(version);
  expect(json('versions.json')[version]).toBe(manifest.minAppVersion);
});

test('codex-memory --version prints it', async () => {
  const r = await runCliCaptured(['--version']);
  expect(r.stdout).toBe(`${json('package.json').version}\n`);
});

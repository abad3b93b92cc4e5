// `codex-memory context` against a real temp vault, as a person or a script would run it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { runCliCaptured } from '../support/cli';
import { writeFixtureVault } from '../core/recall/vault-fixture';

let vault: string;

beforeAll(async () => {
  vault = await writeFixtureVault();
});

afterAll(async () => {
  await fs.rm(vault, { recursive: true, force: true });
});

describe('codex-memory context', () => {
  it('prints the pack for a task in a project folder, framed as reference notes', async () => {
    const r = await runCliCaptured(['context', 'fix the rounding of invoice totals', '--vault', vault, '--cwd', '/home/marta/src/invoice-cli']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("Reference notes from the user's vault")).toBe(true);
    expect(r.stdout).toContain('[[projects/invoice-cli]]');
    expect(r.stdout).toContain('ROUND_HALF_UP');
    expect(r.stdout).not.toMatch(/anxious|ROUND_HALF_EVEN|sk-proj/);
    expect(r.stderr).toMatch(/\d+ of 2000 tokens; project projects\/invoice-cli\.md/);
  });

  it('--json gives tokens, budget, project and per item its score and why', async () => {
    const r = await runCliCaptured([
      'context',
      'CHF rounding',
      '--vault',
      vault,
      '--cwd',
      '/home/marta/src/invoice-cli',
      '--budget',
      '300',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      tokens: number;
      budget: number;
      project: string;
      items: { path: string; score: number; why: string }[];
      text: string;
    };
    expect(out).toMatchObject({ budget: 300, project: 'projects/invoice-cli.md' });
    expect(out.tokens).toBe(countTokens(out.text));
    expect(out.tokens).toBeLessThanOrEqual(300);
    expect(out.items.length).toBeGreaterThan(0);
    for (const item of out.items) {
      expect(typeof item.score).toBe('number');
      expect(item.why).toBeTruthy();
      expect(out.text).toContain(`[[${item.path.replace(/\.md$/, '')}]]`);
    }
  });

  it('resolves a relative --cwd against the current folder', async () => {
    const r = await runCliCaptured(['context', '', '--vault', vault, '--cwd', 'src/invoice-cli/lib', '--json'], { cwd: '/home/marta' });
    expect(JSON.parse(r.stdout).project).toBe('projects/invoice-cli.md');
  });

  it('keeps the index in .codex-memory and sees an edit on the next run', async () => {
    await runCliCaptured(['context', 'anything', '--vault', vault, '--json']);
    await expect(fs.stat(path.join(vault, '.codex-memory', 'recall', 'catalog.json'))).resolves.toBeTruthy();
    const note = path.join(vault, 'notes', 'rounding.md');
    const before = await fs.readFile(note, 'utf8');
    await fs.writeFile(note, before.replace('type: topic', 'type: topic\nmemory: never'));
    const later = new Date(Date.now() + 10_000);
    await fs.utimes(note, later, later);
    const r = await runCliCaptured(['context', 'Swiss francs rappen cash', '--vault', vault, '--json']);
    expect(JSON.parse(r.stdout).items.some((i: { path: string }) => i.path === 'notes/rounding.md')).toBe(false);
    await fs.writeFile(note, before);
  });

  it('rejects bad input with a clear message and usage exit codes', async () => {
    expect((await runCliCaptured(['context', 'x'])).code).toBe(2);
    const budget = await runCliCaptured(['context', 'x', '--vault', vault, '--budget', 'lots']);
    expect(budget.code).toBe(2);
    expect(budget.stderr).toMatch(/--budget takes a positive whole number/);
    const missing = await runCliCaptured(['context', 'x', '--vault', path.join(vault, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No vault folder/);
    const help = await runCliCaptured(['context', '--help']);
    expect(help.stdout).toMatch(/context "TASK" --vault DIR/);
  });
});

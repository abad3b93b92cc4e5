// `codex-memory search` against a real temp vault: one query, --json, and --queries JSONL in one process.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCliCaptured } from '../support/cli';
import { writeFixtureVault } from '../core/recall/vault-fixture';

let vault: string;

beforeAll(async () => {
  vault = await writeFixtureVault();
});

afterAll(async () => {
  await fs.rm(vault, { recursive: true, force: true });
});

describe('codex-memory search', () => {
  it('prints ranked matches with note, heading and block id', async () => {
    const r = await runCliCaptured(['search', 'Decimal tax office', '--vault', vault, '--limit', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+\d+\.\d\d {2}projects\/invoice-cli\.md > Decisions \^cm-dec1\n\s+Money is never a float/);
    expect(r.stdout.match(/^\s+\d+\.\d\d /gm)).toHaveLength(2);
  });

  it('--json follows the documented shape', async () => {
    const r = await runCliCaptured(['search', 'forcasts in redis', '--vault', vault, '--json']);
    const out = JSON.parse(r.stdout) as { items: { path: string; heading?: string; block?: string; score: number; snippet: string }[] };
    expect(out.items[0]).toEqual({
      path: 'projects/weather-app.md',
      heading: 'Decisions',
      block: 'cm-w1',
      score: expect.any(Number),
      snippet: 'Forecasts are cached for ten minutes in Redis.',
    });
  });

  it('never shows private, superseded or secret-bearing lines', async () => {
    const r = await runCliCaptured(['search', 'invoice rounding anxious banker deploys', '--vault', vault, '--json', '--limit', '50']);
    const text = r.stdout;
    expect(text).not.toMatch(/anxious|banker|sk-proj/);
  });

  it('--queries answers each JSONL line with one output line, in order, and reports bad lines', async () => {
    const file = path.join(vault, '..', `${path.basename(vault)}-queries.jsonl`);
    await fs.writeFile(
      file,
      [
        JSON.stringify({ id: 'q1', query: 'Redis forecasts' }),
        '',
        'not json',
        JSON.stringify({ id: 7, query: 'who decides tax questions' }),
        JSON.stringify({ id: 'q3' }),
      ].join('\n'),
    );
    try {
      const r = await runCliCaptured(['search', '--queries', file, '--vault', vault, '--limit', '3']);
      expect(r.code).toBe(1);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: unknown; items: { block?: string }[]; error?: string });
      expect(lines.map((l) => l.id)).toEqual(['q1', null, 7, 'q3']);
      expect(lines[0].items[0].block).toBe('cm-w1');
      expect(lines[0].items.length).toBeLessThanOrEqual(3);
      expect(lines[2].items[0].block).toBe('cm-p1');
      expect(lines[1].error).toBeTruthy();
      expect(lines[3].error).toMatch(/query/);
      expect(r.stderr).toMatch(/:3: /);
      expect(r.stderr).toMatch(/:5: no "query" string/);
    } finally {
      await fs.rm(file, { force: true });
    }
  });

  it('reads queries from standard input with --queries -', async () => {
    const r = await runCliCaptured(['search', '--queries', '-', '--vault', vault], { stdin: '{"id":"a","query":"CHF test"}\n' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; items: { block?: string }[] };
    expect(out.id).toBe('a');
    expect(out.items[0].block).toBe('cm-t1');
  });

  it('rejects a query together with --queries, or none at all', async () => {
    expect((await runCliCaptured(['search', 'x', '--queries', 'f', '--vault', vault])).code).toBe(2);
    expect((await runCliCaptured(['search', '--vault', vault])).code).toBe(2);
    const missing = await runCliCaptured(['search', '--queries', path.join(vault, 'none.jsonl'), '--vault', vault]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});

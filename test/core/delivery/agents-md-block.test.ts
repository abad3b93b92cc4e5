import fc from 'fast-check';
import {
  AgentsMdBlockError,
  BLOCK_END,
  BLOCK_START,
  findBlock,
  outsideBlock,
  removeBlock,
  upsertBlock,
} from '../../../src/core/delivery/agents-md-block';
import { fitToBytes, roomForBlock } from '../../../src/core/delivery/agents-md-fit';

const P = 'AGENTS.md';
const pack = "Reference notes from the user's vault:\n## Project invoice-cli\n- [[projects/invoice-cli]] Decimal, ROUND_HALF_UP";

describe('managed block in AGENTS.md', () => {
  test("goes on top of an existing file, the person's text untouched after it", () => {
    const mine = '# Rules\n\nRun `make test` before committing.\n';
    const out = upsertBlock(P, mine, pack);
    expect(out.startsWith(`${BLOCK_START}\n`)).toBe(true);
    expect(out.endsWith(`${BLOCK_END}\n\n${mine}`)).toBe(true);
    expect(out).toContain('- [[projects/invoice-cli]] Decimal, ROUND_HALF_UP\n');
    expect(outsideBlock(P, out)).toBe(mine);
  });

  test('keeps CRLF files CRLF and a BOM first', () => {
    const mine = '\uFEFF# Rules\r\nUse tabs.\r\n';
    const out = upsertBlock(P, mine, pack);
    expect(out.startsWith(`\uFEFF${BLOCK_START}\r\n`)).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(removeBlock(P, out)).toBe(mine);
  });

  test('a new file holds only the block', () => {
    const out = upsertBlock(P, '', pack);
    expect(out.startsWith(BLOCK_START)).toBe(true);
    expect(out.endsWith(`${BLOCK_END}\n`)).toBe(true);
    expect(removeBlock(P, out)).toBe('');
  });

  test('updating replaces the block where the person moved it, and only the block', () => {
    const moved = `# Rules\n\nBe brief.\n\n${BLOCK_START}\nold pack\n${BLOCK_END}\n\n## More rules\nNo force pushes.\n`;
    const out = upsertBlock(P, moved, 'new pack');
    expect(out).toBe(`# Rules\n\nBe brief.\n\n${BLOCK_START}\n${out.split('\n')[5]}\nnew pack\n${BLOCK_END}\n\n## More rules\nNo force pushes.\n`);
    const atEnd = `# Rules\n\n${BLOCK_START}\nold\n${BLOCK_END}\n`;
    expect(upsertBlock(P, atEnd, 'new').endsWith(`new\n${BLOCK_END}\n`)).toBe(true);
  });

  test('updating twice with the same pack changes nothing', () => {
    const once = upsertBlock(P, '# Rules\n', pack);
    expect(upsertBlock(P, once, pack)).toBe(once);
  });

  test('remove without a block says so (null) rather than rewriting', () => {
    expect(removeBlock(P, '# Rules\n')).toBeNull();
  });

  test.each([
    [`${BLOCK_START}\nno end\n`, '1 start, 0 end'],
    [`x\n${BLOCK_END}\n`, '0 start, 1 end'],
    [`${BLOCK_END}\n${BLOCK_START}\n`, '1 start, 1 end'],
    [`${BLOCK_START}\na\n${BLOCK_END}\n${BLOCK_START}\nb\n${BLOCK_END}\n`, '2 start, 2 end'],
  ])('damaged markers are refused, nothing rewritten: %j', (text, detail) => {
    expect(() => upsertBlock(P, text, pack)).toThrow(AgentsMdBlockError);
    expect(() => removeBlock(P, text)).toThrow(detail);
  });

  test('a marker quoted inside a line is prose, not a marker', () => {
    const text = `Never write \`${BLOCK_START}\` by hand.\n`;
    expect(findBlock(P, text)).toBeNull();
    expect(removeBlock(P, upsertBlock(P, text, pack))).toBe(text);
  });

  test('property: add then remove gives back the exact bytes of any file without markers', () => {
    const line = fc.stringMatching(/^[^\r\n]*$/).filter((l) => !l.includes('codex-memory:'));
    const file = fc
      .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
      .map(([lines, eol, bom, finalEol]) => (bom ? '\uFEFF' : '') + lines.join(eol) + (finalEol && lines.length ? eol : ''));
    fc.assert(
      fc.property(file, fc.string(), (text, body) => {
        const added = upsertBlock(P, text, body || 'x');
        expect(removeBlock(P, added)).toBe(text);
        expect(outsideBlock(P, upsertBlock(P, added, 'changed'))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("room for the block under Codex's 32 KiB cap", () => {
  test("what the root files and the file's own text use is taken off the cap; empty files cost nothing", () => {
    const before = [
      { path: '/r/AGENTS.md', bytes: 10_000, empty: false },
      { path: '/r/pkg/AGENTS.override.md', bytes: 3, empty: true },
    ];
    expect(roomForBlock(before, 2_000)).toBe(32 * 1024 - 12_000);
    expect(roomForBlock([{ path: '/r/AGENTS.md', bytes: 40_000, empty: false }], 0)).toBeLessThan(0);
  });

  test('fitToBytes keeps the largest budget whose text fits, or says there is no room', async () => {
    const render = async (budget: number) => 'x'.repeat(budget * 4);
    expect(await fitToBytes(100_000, 2000, render)).toEqual({ budget: 2000, text: 'x'.repeat(8000) });
    const fitted = await fitToBytes(3000, 2000, render);
    expect(fitted!.budget).toBeLessThanOrEqual(750);
    expect(fitted!.budget).toBeGreaterThan(700);
    expect(await fitToBytes(100, 2000, render)).toBeNull();
    expect(await fitToBytes(0, 2000, render)).toBeNull();
    expect(await fitToBytes(10_000, 2000, async () => null)).toBeNull();
  });
});

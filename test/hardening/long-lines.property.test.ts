// Case 3 (support): a note with very long lines (a pasted log, a base64 blob) is parsed by the heads and tails
// of those lines only (src/core/notes/long-lines.ts), so a 10 MB line costs what 8 KB does. That shortcut must
// not change what is read: on generated notes with long lines in every kind of block, every block node sits at
// exactly the offsets (and lines and columns) a full parse gives, and the bullets' ids, text and offsets are
// where the generator put them.
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseNote, readStructure } from '../../src/core/notes';
import { LONG_LINE, PLAIN_RUN_LINES, parseWithLongLines } from '../../src/core/notes/long-lines';

const full = unified().use(remarkParse).use(remarkGfm);
const parse = (text: string): Root => full.parse(text);
const BLOCKS = new Set([
  'heading',
  'paragraph',
  'list',
  'listItem',
  'blockquote',
  'code',
  'table',
  'thematicBreak',
  'html',
  'definition',
  'footnoteDefinition',
]);

/** Block nodes with their positions and the facts structure reading relies on, in document order. */
function blocks(tree: Root): string[] {
  const out: string[] = [];
  const walk = (n: Nodes): void => {
    if (BLOCKS.has(n.type)) {
      const p = n.position!;
      const extra = n.type === 'listItem' ? ` checked=${String(n.checked)}` : n.type === 'heading' ? ` depth=${n.depth}` : '';
      out.push(`${n.type}${extra} ${p.start.line}:${p.start.column}@${p.start.offset}-${p.end.line}:${p.end.column}@${p.end.offset}`);
    }
    if ('children' in n && n.type !== 'table') for (const c of n.children as Nodes[]) walk(c);
  };
  walk(tree);
  return out;
}

const filler = fc.constantFrom(
  'tide gauge reading 2026-03-01 12:00:01 ok ',
  'aGVsbG8gd29ybGQ=',
  'see [[projects/tidepool]] and `code [[not a link]]` ',
  '**bold** _em_ ~~gone~~ ',
  'https://example.com/x www.example.org a@b.co ',
  '| a | b | ',
  '^cm-fake ',
);
/** A line longer than LONG_LINE (by a random amount), made of one repeated piece. */
const longText = fc.tuple(filler, fc.integer({ min: 1, max: 9000 })).map(([piece, extra]) => {
  const n = Math.ceil((LONG_LINE + extra) / piece.length);
  return piece.repeat(n).trimEnd();
});
const shortText = fc.constantFrom('short words', 'a [[link]] here', 'x `code` y', 'plain');
const text = fc.oneof({ weight: 1, arbitrary: longText }, { weight: 2, arbitrary: shortText });
const id = fc.stringMatching(/^[a-z0-9]{6}$/).map((s) => `cm-${s}`);

interface Block {
  lines: string[];
  item?: { id: string; text: string };
}
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 4 }), text).map(([d, t]) => ({ lines: [`${'#'.repeat(d)} ${t}`, ''] })),
  fc
    .tuple(fc.constantFrom('- ', '* ', '1. ', '- [ ] ', '- [x] '), text, id)
    .map(([m, t, i]) => ({ lines: [`${m}${t} ^${i}`, ''], item: { id: i, text: t } })),
  fc.tuple(text, text).map(([a, b]) => ({ lines: [a, b, ''] })),
  text.map((t) => ({ lines: [`> ${t}`, ''] })),
  text.map((t) => ({ lines: ['| h1 | h2 |', '| --- | --- |', `| ${t} | x |`, ''] })),
  text.map((t) => ({ lines: ['```', t, '```', ''] })),
  text.map((t) => ({ lines: [`[^1]: ${t}`, ''] })),
  fc.constant<Block>({ lines: ['***', ''] }),
);
const note = fc.tuple(fc.array(block, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([bs, eol, fm]) => {
  const body = bs.flatMap((b) => b.lines).join(eol) + eol;
  return { text: (fm ? `---${eol}type: project${eol}---${eol}` : '') + body, items: bs.flatMap((b) => (b.item ? [b.item] : [])) };
});

test('long lines: the tree has every block exactly where a full parse puts it, and every bullet is read whole', () => {
  fc.assert(
    fc.property(note, (g) => {
      const body = parseNote('gen.md', g.text).body;
      expect(blocks(parseWithLongLines(body, parse))).toEqual(blocks(parse(body)));
      const s = readStructure(parseNote('gen.md', g.text));
      for (const want of g.items) {
        const got = s.items.find((i) => i.blockId === want.id);
        expect(got).toBeDefined();
        expect(got!.text).toBe(want.text);
        expect(g.text.slice(got!.textStart, got!.textEnd)).toBe(want.text);
      }
    }),
    { numRuns: 15, seed: Number(process.env.FC_SEED ?? 7) },
  );
});

// A pasted log of many short lines is shortened the same way: a long run of plain lines keeps its first and last
// line (PLAIN_RUN_LINES and more, in a body of PLAIN_RUN_BODY and more; the floor is lowered to 0 here).
const plainLine = fc.constantFrom(
  'harbour gauge 12: 1.42 m at 12:00, tide rising, ok',
  'Retry 3 of 5 after 500 ms',
  'see the log at /var/log/tide.log',
  'ok',
);
const plainRun = fc
  .tuple(plainLine, fc.integer({ min: PLAIN_RUN_LINES - 2, max: PLAIN_RUN_LINES + 40 }))
  .map(([l, n]) => Array.from({ length: n }, (_, i) => `${l} ${i}`.replace(/^ok (\d+)$/, 'ok$1')));
const runBlock: fc.Arbitrary<string[]> = fc.oneof(
  plainRun.map((r) => [...r, '']),
  plainRun.map((r) => ['A paragraph with *emphasis', ...r, 'that closes here*, see [[tide]] ^cm-run1', '']),
  plainRun.map((r) => ['- [ ] an item ^cm-item1', ...r, '  - nested', '']),
  plainRun.map((r) => ['> quoted', ...r, '']),
  plainRun.map((r) => ['```', ...r, '```', '']),
  plainRun.map((r) => ['| h1 | h2 |', '| --- | --- |', '| a | b |', ...r, '']),
  plainRun.map((r) => ['Setext heading over a log', ...r, '===', '']),
  plainRun.map((r) => ['<div>', ...r, '</div>', '']),
  fc.constant<string[]>(['## A heading', '']),
  fc.constant<string[]>(['- one ^cm-one', '- two', '']),
);

test('long plain runs: the tree has every block exactly where a full parse puts it', () => {
  fc.assert(
    fc.property(fc.array(runBlock, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (bs, eol) => {
      const body = bs.flat().join(eol) + eol;
      const short = parseWithLongLines(body, parse, 0);
      expect(blocks(short)).toEqual(blocks(parse(body)));
      const headings = (t: Root) => t.children.filter((n) => n.type === 'heading').map((n) => JSON.stringify(n.children));
      expect(headings(short)).toEqual(headings(parse(body)));
    }),
    { numRuns: 40, seed: Number(process.env.FC_SEED ?? 7) },
  );
});

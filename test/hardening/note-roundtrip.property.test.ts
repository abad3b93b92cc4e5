// Case 1a: the note round-trip, end to end. Generated notes (unicode, CRLF, BOM, odd YAML with comments and
// quoting; test/core/notes/arbitraries.ts) stand in as the person's own TODO.md, and a real session is
// checkpointed into it (parse, distil offline, plan, apply: what `checkpoint --yes` does). A note that parses
// keeps every byte the program did not mean to change — every other frontmatter entry's lines, every body line
// in order, its BOM and line endings — and gains its new task; a note that does not parse is left
// byte-identical and reported.
import fc from 'fast-check';
import { promises as fs } from 'node:fs';
import { parseNote, tryParseNote } from '../../src/core/notes';
import { generatedNote } from '../core/notes/arbitraries';
import { checkpointRollout, exampleRollouts, tempVault, type TempVault } from '../core/memory/fixtures';

jest.setTimeout(120_000);

/** Frontmatter keys a checkpoint stamps on every note it changes. */
const STAMPED = new Set(['updated', 'sources']);

let first: string;
let base: TempVault;

beforeAll(async () => {
  [first] = await exampleRollouts();
  base = await tempVault();
});
afterAll(async () => base?.cleanup());

/** The same note made unreadable the ways people do it: a key twice, a fence never closed, a tab indent. */
const broken = fc.tuple(generatedNote, fc.constantFrom('duplicate', 'unclosed', 'tab')).map(([g, how]) => {
  const keyed = (g.entries ?? []).find((e) => e.key);
  let text = g.text;
  if (how === 'duplicate' && keyed) text = text.replace(keyed.lines[0], `${keyed.lines[0]}${g.eol}${keyed.lines[0]}`);
  else if (how === 'unclosed' || !keyed)
    text = `${g.bom ? '\uFEFF' : ''}---${g.eol}type: todo${g.eol}# never closed${g.eol}${text.replace(/^\uFEFF/, '')}`.replace(
      /\r?\n---(\r?\n|$)/g,
      '$1',
    );
  else text = text.replace(keyed.lines[0], `${keyed.lines[0]}${g.eol}\tbad: tab`);
  return { ...g, text };
});

/** True when `inner`'s lines occur in `outer` in the same order (others may come between). */
function inOrder(inner: string[], outer: string[]): boolean {
  let j = 0;
  for (const line of outer) if (j < inner.length && line === inner[j]) j++;
  return j === inner.length;
}

test('a checkpoint into any TODO.md a person could have written changes only what it means to', async () => {
  let parsed = 0;
  let unparseable = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: generatedNote }, { weight: 1, arbitrary: broken }), async (g) => {
      const vault = await tempVault(base);
      try {
        await vault.writeText('TODO.md', g.text);
        const { plan } = await checkpointRollout(vault, first);
        const after = await fs.readFile(vault.file('TODO.md'), 'utf8');
        const before = tryParseNote('TODO.md', g.text);
        if (!before.ok) {
          unparseable++;
          expect(after).toBe(g.text);
          expect(plan.skipped.map((s) => s.path)).toContain('TODO.md');
          return;
        }
        parsed++;
        const note = parseNote('TODO.md', after);
        // The new task is there.
        expect(after).toMatch(/^[ \t]*- \[ \] .*retry.*\^cm-[0-9a-z]+\r?$/im);
        expect(note.bom).toBe(g.bom);
        if (g.eol === '\r\n' && g.text.includes('\n')) expect(after.replace(/\r\n/g, '')).not.toContain('\n');
        // Every frontmatter entry the program did not stamp, byte for byte, and its value.
        for (const e of g.entries ?? []) {
          if (e.key && STAMPED.has(e.key)) continue;
          expect(after).toContain(e.lines.join(g.eol));
        }
        const was = before.note.frontmatter?.data ?? {};
        const now = note.frontmatter?.data ?? {};
        for (const k of Object.keys(was)) if (!STAMPED.has(k)) expect([k, now[k]]).toEqual([k, was[k]]);
        expect(Object.keys(now).filter((k) => !(k in was) && !STAMPED.has(k))).toEqual([]);
        // Every body line, in order.
        expect(inOrder(before.note.body.split(/\r?\n/), note.body.split(/\r?\n/))).toBe(true);
      } finally {
        await vault.cleanup();
      }
    }),
    { numRuns: 40, seed: Number(process.env.FC_SEED ?? 5) },
  );
  // Both kinds were exercised.
  expect(parsed).toBeGreaterThan(15);
  expect(unparseable).toBeGreaterThan(3);
});

// The promise of the note model, checked on thousands of generated notes: reading a note changes nothing,
// changing one key touches only that key's lines, and adding a bullet adds exactly one line.
import fc from 'fast-check';
import { parseNote, readStructure, setFrontmatterValue, addListItem } from '../../../src/core/notes';
import { generatedNote, newValue } from './arbitraries';

const RUNS = 1000;
const params = { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20240501) };
const asYaml = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

test('parsing a note never changes it and its parts add up to the text', () => {
  fc.assert(
    fc.property(generatedNote, (g) => {
      const note = parseNote('gen.md', g.text);
      expect(note.text).toBe(g.text);
      expect(note.bom).toBe(g.bom);
      if (g.text.includes('\n')) expect(note.eol).toBe(g.eol);
      const fm = note.frontmatter;
      if (g.entries) {
        expect(fm).not.toBeNull();
        expect(g.text.slice(0, fm!.rawStart) + fm!.raw + g.text.slice(fm!.rawStart + fm!.raw.length, fm!.end) + note.body).toBe(g.text);
        expect(Object.keys(fm!.data)).toEqual(g.entries.flatMap((e) => (e.key ? [e.key] : [])));
      } else {
        expect(fm).toBeNull();
        expect((g.bom ? '\uFEFF' : '') + note.body).toBe(g.text);
      }
      expect(g.text.slice(note.bodyOffset)).toBe(note.body);
    }),
    params,
  );
});

test('bullets are found at their exact line and offsets, whatever the EOL, BOM or frontmatter', () => {
  fc.assert(
    fc.property(generatedNote, (g) => {
      const s = readStructure(parseNote('gen.md', g.text));
      for (const want of g.items) {
        const item = s.items.find((i) => i.blockId === want.id);
        expect(item).toBeDefined();
        expect(g.text.slice(item!.start, item!.end)).toBe(want.line);
        expect(
          g.text
            .split('\n')
            [item!.line - 1].replace(/\r$/, '')
            .replace(/^\uFEFF/, ''),
        ).toBe(want.line);
        expect(item!.depth).toBe(0);
      }
      expect(s.headings.map((h) => h.text)).toEqual(g.headings);
      // Nothing inside the code fence is taken for structure.
      expect(s.items.some((i) => i.blockId === 'cm-fake')).toBe(false);
      expect(s.blockIds).not.toContain('cm-fake');
    }),
    params,
  );
});

test("setting one frontmatter key changes only that key's lines", () => {
  fc.assert(
    fc.property(generatedNote, newValue, fc.nat(), (g, value, pick) => {
      const keyed = (g.entries ?? []).map((e, i) => ({ e, i })).filter(({ e }) => e.key);
      const target = keyed.length && pick % 4 !== 0 ? keyed[pick % keyed.length] : null;
      const key = target ? target.e.key! : 'fresh_key';
      const before = parseNote('gen.md', g.text).frontmatter?.data ?? {};
      const out = setFrontmatterValue(g.text, key, value);
      const after = parseNote('gen.md', out);
      expect(after.frontmatter!.data[key]).toEqual(asYaml(value));
      expect({ ...after.frontmatter!.data, [key]: undefined }).toEqual({ ...before, [key]: undefined });
      expect(Object.keys(after.frontmatter!.data)).toEqual(Object.keys({ ...before, [key]: null }));
      expect(after.body).toBe(parseNote('gen.md', g.text).body);
      expect(after.bom).toBe(g.bom);
      if (target) {
        const start = g.entryOffsets[target.i];
        const end = start + target.e.lines.join(g.eol).length;
        expect(out.slice(0, start)).toBe(g.text.slice(0, start));
        expect(out.endsWith(g.text.slice(end))).toBe(true);
      } else if (g.entries) {
        expect(out.slice(0, g.closingFence)).toBe(g.text.slice(0, g.closingFence));
        expect(out.endsWith(g.text.slice(g.closingFence))).toBe(true);
      }
      if (g.text.includes('\r\n')) expect(out.replace(/\r\n/g, '')).not.toContain('\n');
      // Setting the value it already has is no edit at all.
      expect(setFrontmatterValue(out, key, value)).toBe(out);
    }),
    params,
  );
});

test('adding a bullet under an existing heading inserts exactly one line', () => {
  const withHeading = generatedNote.filter((g) => g.headings.length > 0);
  fc.assert(
    fc.property(withHeading, fc.nat(), (g, pick) => {
      const heading = g.headings[pick % g.headings.length];
      const out = addListItem(g.text, heading, 'added 😀 [[people/priya]]', { blockId: 'cm-zz-new' });
      const before = g.text.split(/\r?\n/);
      const after = out.split(/\r?\n/);
      expect(after.length).toBe(before.length + 1);
      const added = after.findIndex((l) => l.includes('^cm-zz-new'));
      expect(after.filter((_, i) => i !== added)).toEqual(before);
      expect(after[added]).toMatch(/^[-*] added 😀 \[\[people\/priya\]\] \^cm-zz-new$/);
      if (g.text.includes('\r\n')) expect(out.replace(/\r\n/g, '')).not.toContain('\n');
      const item = readStructure(parseNote('gen.md', out)).items.find((i) => i.blockId === 'cm-zz-new');
      expect(item?.headingPath.at(-1)).toBe(heading);
      expect(item?.text).toBe('added 😀 [[people/priya]]');
    }),
    params,
  );
});

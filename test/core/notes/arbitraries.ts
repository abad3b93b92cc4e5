// fast-check generators for realistic notes: each generated note also says where its parts are, so the
// property tests can check byte positions without re-deriving them with the code under test.
import fc from 'fast-check';

export type Eol = '\n' | '\r\n';

/** One top-level YAML entry: its lines (without EOL) and, for key entries, the key and parsed value. */
export interface YamlEntry {
  lines: string[];
  key?: string;
}

export interface GeneratedNote {
  text: string;
  eol: Eol;
  bom: boolean;
  entries: YamlEntry[] | null;
  headings: string[];
  /** Block ids of top-level bullets and the exact line each sits on. */
  items: { id: string; line: string }[];
  /** Offset of each YAML entry's first line in `text`, and of the closing fence. */
  entryOffsets: number[];
  closingFence: number;
}

const WORDS = ['note', 'Ünïcödé', '日本語', 'שלום', 'مرحبا', 'Привет', 'emoji😀', '𝒳𝒴', '👩‍💻', 'a-b', 'x_y', 'e\u0301', '∑', 'ok'];
const word = fc.constantFrom(...WORDS);
const phrase = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const ODD = ['"', "'", '\\', '#', ':', ' # ', '---', '[[x]]', '\t', '😀', '\u202e', '𝄞', 'é', '{', ']', '&', '*'];
const anyChars = fc.string({ unit: fc.oneof(fc.constantFrom(...ODD), fc.constantFrom(...WORDS)), maxLength: 6 });

const KEYS = [
  'type',
  'created',
  'updated',
  'status',
  'memory',
  'sources',
  'zeta',
  'alpha',
  'Ключ',
  '日付',
  'with space',
  'x-y',
  'custom_key',
  'aliases',
  'tags',
  'repo',
];
const keyText = (k: string) => (k.includes(' ') ? `"${k}"` : k);

const comment = phrase.map((p) => `# ${p}`);
const trailing = fc.option(
  comment.map((c) => ` ${c}`),
  { nil: '' },
);

/** The value part of `key:` as lines; the first element goes on the key's line. */
const value: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(phrase, trailing).map(([p, c]) => [` ${p}${c}`]),
  fc.tuple(anyChars, trailing).map(([s, c]) => [` ${JSON.stringify(s)}${c}`]),
  anyChars.map((s) => [` '${s.replace(/\t/g, ' ').replace(/'/g, "''")}'`]),
  fc.tuple(fc.integer(), trailing).map(([n, c]) => [` ${n}${c}`]),
  fc.constantFrom<string[]>([' true'], [' null'], [''], [' 2024-05-01T10:00:00Z'], [' [a, "b c", 3]'], [' {}']),
  fc
    .tuple(
      fc.constantFrom('|', '>', '|-', '>+'),
      fc.array(
        anyChars.map((s) => s.replace(/\t/g, ' ').trim() || 'x'),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([style, ls]) => [` ${style}`, ...ls.map((l) => `  ${l}`)]),
  fc.tuple(fc.constantFrom('  - ', '- '), fc.array(phrase, { minLength: 1, maxLength: 3 })).map(([ind, ls]) => ['', ...ls.map((l) => `${ind}${l}`)]),
  fc
    .tuple(fc.array(phrase, { minLength: 1, maxLength: 3 }), trailing)
    .map(([ls, c]) => ['', ...ls.map((l, i) => `  sub${i}: ${l}${i === 0 ? c : ''}`), '  nested:', '    deep: "[[people/priya]]"']),
);

const entries = fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 0, maxLength: 6 }).chain((keys) =>
  fc
    .tuple(
      ...keys.map((k) =>
        fc.tuple(value, fc.option(comment, { nil: undefined }), fc.boolean()).map(([v, c, blank]): YamlEntry[] => {
          const extra: YamlEntry[] = [];
          if (c) extra.push({ lines: [c] });
          if (blank) extra.push({ lines: [''] });
          return [...extra, { key: k, lines: [`${keyText(k)}:${v[0]}`, ...v.slice(1)] }];
        }),
      ),
    )
    .map((groups) => groups.flat()),
);

const blockId = fc.stringMatching(/^[a-z0-9]{4,6}$/).map((s) => `cm-${s}`);
const inline = fc.oneof(
  phrase,
  fc.tuple(phrase, phrase).map(([a, b]) => `${a} [[people/${b}|${a}]]`),
  phrase.map((p) => `see [[projects/x#Decisions]] and ![[img.png]] ${p}`),
  phrase.map((p) => `\`code [[not]]\` ${p}`),
);

interface BodyBlock {
  lines: string[];
  heading?: string;
  items?: { id: string; line: string }[];
}

const bullet = fc.tuple(fc.constantFrom('-', '*'), fc.option(fc.constantFrom('[ ] ', '[x] '), { nil: '' }), inline, blockId);
const block: fc.Arbitrary<BodyBlock> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), phrase).map(([d, t]) => ({ lines: [`${'#'.repeat(d)} ${t}`], heading: t })),
  fc.tuple(inline, fc.option(blockId, { nil: undefined })).map(([t, id]) => ({ lines: [id ? `${t} ^${id}` : t] })),
  fc.tuple(fc.array(bullet, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([bs, nest]) => {
    const m = bs[0][0];
    const items = bs.map(([, box, t, id]) => ({ id, line: `${m} ${box}${t} ^${id}` }));
    const lines = items.map((i) => i.line);
    if (nest) lines.splice(1, 0, '  - nested child');
    return { lines, items };
  }),
  fc.constantFrom<BodyBlock>(
    { lines: ['```yaml', '---', 'key: value', '- [ ] fake ^cm-fake', '# not a heading', '---', '```'] },
    { lines: ['***'] },
    { lines: ['> quoted [[Quote]] text'] },
    { lines: ['| a | b |', '| - | - |', '| [[T\\|t]] | 2 |'] },
  ),
);

/** Blocks separated by blank lines; headings are unique so a test can address one. */
const body = fc.array(block, { maxLength: 8 }).map((blocks) => {
  const seen = new Set<string>();
  const ids = new Set<string>();
  return blocks.filter((b) => {
    if (b.heading && seen.has(b.heading)) return false;
    if (b.heading) seen.add(b.heading);
    const mine = b.items?.map((i) => i.id) ?? [];
    if (mine.some((id) => ids.has(id)) || new Set(mine).size !== mine.length) return false;
    mine.forEach((id) => ids.add(id));
    return true;
  });
});

export const generatedNote: fc.Arbitrary<GeneratedNote> = fc
  .record({
    eol: fc.constantFrom<Eol>('\n', '\r\n'),
    bom: fc.boolean(),
    fm: fc.option(entries, { nil: null, freq: 4 }),
    blocks: body,
    finalEol: fc.boolean(),
  })
  .map(({ eol, bom, fm, blocks, finalEol }) => {
    let text = bom ? '\uFEFF' : '';
    const entryOffsets: number[] = [];
    let closingFence = -1;
    if (fm) {
      text += '---' + eol;
      for (const e of fm) {
        entryOffsets.push(text.length);
        text += e.lines.join(eol) + eol;
      }
      closingFence = text.length;
      text += '---' + (blocks.length || finalEol ? eol : '');
    }
    text += blocks.map((b) => b.lines.join(eol)).join(eol + eol);
    if (blocks.length && finalEol) text += eol;
    return {
      text,
      eol,
      bom,
      entries: fm,
      entryOffsets,
      closingFence,
      headings: blocks.flatMap((b) => (b.heading ? [b.heading] : [])),
      items: blocks.flatMap((b) => b.items ?? []),
    };
  });

/** Values a program might set: text in any script, numbers, flags, lists, small maps. */
export const newValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  anyChars,
  fc.integer(),
  fc.boolean(),
  fc.array(phrase, { maxLength: 3 }),
  fc.record({ path: phrase, count: fc.nat() }),
  fc.constant('[[agent/sessions/2024-05-01 thread]]'),
);

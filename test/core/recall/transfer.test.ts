// An index built on another thread (the plugin's Web Worker) and handed over: restore(serializeForTransfer())
// of a build searches, packs, gives units and reports broken frontmatter exactly as the build itself does,
// after the structured clone a postMessage makes, and it stays so through later edits.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { buildContextPackWith, IndexCacheError, MemoryIndex, search, type NoteInput } from '../../../src/core/recall';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { fixtureInputs, NOW } from './vault-fixture';

const EXTRA: Record<string, string> = {
  // Frontmatter that does not parse: indexed by its body, reported once.
  'notes/broken.md': '---\ntags: [birds\n# Heron survey\n\n- Herons nest in March near the invoice office.\n',
  'notes/broken-too.md': '---\ntype: topic\n  bad: : indent\n---\n# Kingfishers\n\n- A kingfisher lives by the mill.\n',
  'projects/札幌アプリ.md':
    '---\ntype: project\nrepo: /home/marta/src/sapporo\naliases: [札幌]\n---\n# 札幌アプリ\n\n## 決定\n\n- 天気予報は十分間キャッシュする。 ^cm-j1\n- 請求書の丸めは ROUND_HALF_UP を使う。 ^cm-j2\n',
  'notes/雪.md': '# 雪まつり\n\n二月の雪まつりでは大通公園に雪像が並ぶ。\n',
  'TODO sapporo.md':
    '# TODO\n\n## 札幌アプリ\n\n- [ ] 雪像の写真を追加する。 [[projects/札幌アプリ]]\n- [x] 天気予報のテストを直す。\n- [ ] Deploy the weather cache to staging.\n',
  'notes/empty.md': '',
};

function vault(): NoteInput[] {
  const extra = Object.entries(EXTRA).map(([path, text], i) => ({ path, text, mtime: NOW - i * 60_000 }));
  return [...fixtureInputs(), ...extra];
}

/** What postMessage does to the parts on their way: a structured clone, the segment's buffer transferred. */
function handOver(index: MemoryIndex): MemoryIndex {
  const parts = index.serializeForTransfer();
  return MemoryIndex.restore(structuredClone(parts, { transfer: [parts.fullText.buffer as ArrayBuffer] }));
}

const QUERIES = [
  'rounding',
  'ROUND_HALF_UP tax office',
  'forcasts redis',
  'herons',
  'kingfisher',
  '雪像',
  '天気予報',
  '札幌',
  'deploy staging',
  'Marta',
];
const TASKS: { task: string; cwd?: string }[] = [
  { task: '', cwd: '/home/marta/src/invoice-cli' },
  { task: 'how do we round CHF totals', cwd: '/home/marta/src/invoice-cli' },
  { task: '天気予報のキャッシュ', cwd: '/home/marta/src/sapporo' },
  { task: 'forecast caching', cwd: '/home/marta/src/weather-app' },
  { task: 'herons and kingfishers' },
];

function answers(index: MemoryIndex): unknown {
  return {
    search: QUERIES.map((q) => search(index, q, { limit: 50 })),
    packs: TASKS.map(({ task, cwd }) => buildContextPackWith({ index, task, cwd, budget: 800, settings: DEFAULT_SETTINGS, now: NOW }, countTokens)),
    units: [...index.notes.values()].map((n) => [n.path, index.unitsOf(n)]),
    size: index.size,
    read: index.readPaths(),
  };
}

describe('an index handed to another thread', () => {
  test.each([
    ['the varied vault', vault()],
    ['an empty vault', []],
    ['one note', vault().slice(0, 1)],
    ['only broken frontmatter', vault().filter((n) => n.path.startsWith('notes/broken'))],
  ])('%s: the restored index answers as the built one', (_name, notes) => {
    const built = MemoryIndex.build(notes);
    const restored = handOver(MemoryIndex.build(notes));
    expect(restored.takeProblems()).toEqual(built.takeProblems());
    expect(answers(restored)).toEqual(answers(built));
    expect(restored.dirty).toBe(true);
  });

  test('the varied vault is found in every language and state it holds', () => {
    const index = handOver(MemoryIndex.build(vault()));
    for (const q of ['herons', 'kingfisher', '雪像', '天気予報', 'forcasts redis']) expect(search(index, q).items.length).toBeGreaterThan(0);
    expect(index.notes.get('TODO sapporo.md')?.openTasks).toBe(2);
  });

  test('the problems of broken frontmatter come across, once', () => {
    const restored = handOver(MemoryIndex.build(vault()));
    expect(restored.takeProblems().map((p) => p.path)).toEqual(['notes/broken.md', 'notes/broken-too.md']);
    expect(restored.takeProblems()).toEqual([]);
  });

  test('edits after the hand-over (and edits before it) are found as in the built index', () => {
    const edit = (index: MemoryIndex) => {
      index.update('notes/雪.md', '# 雪まつり\n\n- 三月には氷の彫刻もある。\n', NOW);
      index.update('notes/rounding.md', null);
      index.update('notes/new.md', '---\ntags: [oops\n# New\n\n- [ ] Buy a heron feeder.\n', NOW);
    };
    const built = MemoryIndex.build(vault());
    const restored = handOver(MemoryIndex.build(vault()));
    edit(built);
    edit(restored);
    expect(restored.takeProblems()).toEqual(built.takeProblems());
    expect(answers(restored)).toEqual(answers(built));

    // Edited before the hand-over: folded into the segment that travels.
    const early = MemoryIndex.build(vault());
    edit(early);
    const moved = handOver(early);
    expect(answers(moved)).toEqual(answers(built));
  });

  test('parts from another version or not a segment are refused', () => {
    const parts = MemoryIndex.build(vault()).serializeForTransfer();
    const data = JSON.parse(parts.catalog) as { version: number };
    expect(() => MemoryIndex.restore({ ...parts, catalog: JSON.stringify({ ...data, version: -1 }) })).toThrow(IndexCacheError);
    expect(() => MemoryIndex.restore({ ...parts, fullText: new Uint8Array(8) })).toThrow(IndexCacheError);
    expect(() => MemoryIndex.restore({ ...parts, catalog: '{' })).toThrow(IndexCacheError);
  });
});

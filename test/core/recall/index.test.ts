// The index: BM25 with boosts, stemming and typo tolerance; incremental updates; a versioned cache that
// reloads to the same answers and is refused (for a rebuild) when corrupt or from another version.
import { buildIndex, IndexCacheError, INDEX_VERSION, MemoryIndex, search, type NoteReader } from '../../../src/core/recall';
import { fixtureInputs, FIXTURE_NOTES, NOW } from './vault-fixture';

const paths = (r: { items: { path: string }[] }) => r.items.map((i) => i.path);

describe('search', () => {
  const index = buildIndex(fixtureInputs());

  it('returns bullets with their note, heading, block id, score and a snippet', () => {
    const r = search(index, 'ROUND_HALF_UP tax office', { limit: 3 });
    expect(r.items[0]).toMatchObject({ path: 'projects/invoice-cli.md', heading: 'Decisions', block: 'cm-dec1' });
    expect(r.items[0].snippet).toContain('ROUND_HALF_UP');
    expect(r.items[0].score).toBeGreaterThan(0);
  });

  it('matches word forms through stemming ("decided" finds "decides")', () => {
    expect(search(index, 'who decided tax questions').items[0]).toMatchObject({ path: 'people/Marta Lindqvist.md', block: 'cm-p1' });
  });

  it('tolerates a typo in a longer word', () => {
    expect(search(index, 'forcasts redis').items[0]).toMatchObject({ block: 'cm-w1' });
  });

  it('weighs a note title above the same word in passing text', () => {
    const r = search(index, 'rounding', { limit: 20 });
    const titled = r.items.findIndex((i) => i.path === 'notes/rounding.md');
    const passing = r.items.findIndex((i) => i.block === 'cm-w2');
    expect(titled).toBeGreaterThanOrEqual(0);
    expect(titled).toBeLessThan(passing);
  });

  it('finds a note by its alias', () => {
    expect(paths(search(index, 'Marta', { limit: 2 }))).toContain('people/Marta Lindqvist.md');
  });

  it('never shows notes marked never, superseded or done, superseded lines, nor a line holding a secret', () => {
    const found = search(index, 'invoice rounding ROUND_HALF_EVEN anxious finished deploys service emailed', { limit: 50 });
    expect(found.items.length).toBeGreaterThan(3);
    for (const item of found.items) {
      expect(['notes/private-diary.md', 'notes/rounding-old.md', 'notes/done-topic.md', 'projects/old-billing.md']).not.toContain(item.path);
      expect(['cm-k1', 'cm-dec0', 'cm-dec00']).not.toContain(item.block);
    }
    expect(found.items.some((i) => i.block === 'cm-k2')).toBe(true);
  });

  it('respects the limit and returns nothing for stop words alone', () => {
    expect(search(index, 'invoice', { limit: 2 }).items).toHaveLength(2);
    expect(search(index, 'the of and').items).toEqual([]);
    expect(search(index, '   ').items).toEqual([]);
  });
});

describe('incremental update', () => {
  it('adds, changes and removes one note without a rebuild', () => {
    const index = buildIndex(fixtureInputs());
    index.update('notes/kafka.md', '# Kafka\n\n- Consumers commit offsets after processing. ^cm-kf1\n', NOW);
    expect(search(index, 'kafka offsets').items[0]).toMatchObject({ path: 'notes/kafka.md', block: 'cm-kf1' });
    index.update('notes/kafka.md', '# Kafka\n\n- Consumers use exactly-once semantics. ^cm-kf2\n', NOW + 1);
    expect(search(index, 'offsets').items.some((i) => i.path === 'notes/kafka.md')).toBe(false);
    expect(search(index, 'semantics').items[0].block).toBe('cm-kf2');
    index.update('notes/kafka.md', null);
    expect(search(index, 'kafka semantics').items).toEqual([]);
    expect(index.notes.has('notes/kafka.md')).toBe(false);
  });

  it('sees a note change its memory setting', () => {
    const index = buildIndex(fixtureInputs());
    const text = FIXTURE_NOTES['notes/rounding.md'].replace('type: topic', 'type: topic\nmemory: never');
    index.update('notes/rounding.md', text, NOW);
    expect(index.notes.get('notes/rounding.md')?.memory).toBe('never');
  });
});

describe('saved index', () => {
  const reader =
    (files: Record<string, string>): NoteReader =>
    (p) =>
      p in files ? { text: files[p], mtime: NOW - 7 * 86_400_000 } : null;

  it('reloads to the same search answers', () => {
    const index = buildIndex(fixtureInputs());
    const again = MemoryIndex.load(index.serialize(), { reader: reader(FIXTURE_NOTES) });
    for (const q of ['invoice rounding', 'Marta', 'forcasts', 'CHF test']) {
      expect(search(again, q)).toEqual(search(index, q));
    }
    expect(again.size).toBe(index.size);
  });

  it('loads the catalog alone and reads the full-text part only when a search needs it', () => {
    const index = buildIndex(fixtureInputs());
    const parts = index.serializeParts();
    let reads = 0;
    const loaded = MemoryIndex.load(parts.catalog, {
      reader: reader(FIXTURE_NOTES),
      fullText: () => {
        reads++;
        return parts.fullText;
      },
    });
    expect(loaded.notes.get('projects/invoice-cli.md')?.repo).toEqual(['/home/marta/src/invoice-cli']);
    expect(reads).toBe(0);
    expect(search(loaded, 'Redis').items[0].block).toBe('cm-w1');
    expect(reads).toBe(1);
  });

  it('applies updates made before the full text was loaded', () => {
    const files = { ...FIXTURE_NOTES };
    const parts = buildIndex(fixtureInputs()).serializeParts();
    const loaded = MemoryIndex.load(parts.catalog, { reader: reader(files), fullText: () => parts.fullText });
    files['notes/rounding.md'] = '# Rounding\n\n- Cash payments in CHF round to five rappen. ^cm-r9\n';
    loaded.update('notes/rounding.md', files['notes/rounding.md'], NOW - 7 * 86_400_000);
    expect(loaded.fullTextLoaded).toBe(false);
    expect(search(loaded, 'cash payments five rappen').items[0].block).toBe('cm-r9');
    // and the change survives another save and load
    const next = loaded.serializeParts();
    const again = MemoryIndex.load(next.catalog, { reader: reader(files), fullText: () => next.fullText });
    expect(search(again, 'five rappen').items[0].block).toBe('cm-r9');
  });

  it('rebuilds the full text from the notes when its snapshot is missing or from another generation', () => {
    const parts = buildIndex(fixtureInputs()).serializeParts();
    for (const fullText of [null, `{"version":${INDEX_VERSION},"generation":"other","ids":{},"engine":{}}`, 'not json']) {
      const loaded = MemoryIndex.load(parts.catalog, { reader: reader(FIXTURE_NOTES), fullText: () => fullText });
      expect(search(loaded, 'Redis').items[0].block).toBe('cm-w1');
    }
  });

  it('refuses a corrupt or foreign cache with IndexCacheError', () => {
    const good = buildIndex(fixtureInputs()).serialize();
    const bad = [
      '',
      '{',
      'null',
      '[]',
      `{"version":${INDEX_VERSION}}`,
      good.replace(`"version":${INDEX_VERSION}`, '"version":999'),
      JSON.stringify({ ...JSON.parse(good), notes: [{ nope: true }] }),
    ];
    for (const text of bad) expect(() => MemoryIndex.load(text)).toThrow(IndexCacheError);
  });
});

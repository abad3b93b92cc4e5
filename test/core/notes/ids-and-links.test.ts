// Block ids the program writes and wiki links it makes: stable, recognisable, and what Obsidian resolves.
import { blockIdFor, uniqueBlockIdFor, isProgramBlockId, wikiLink, linkTargetMatches, parseNote, readStructure } from '../../../src/core/notes';

describe('block ids', () => {
  test('the same seed always gives the same id, in the cm- format', () => {
    const id = blockIdFor('thread-1:decision:Use yaml 2');
    expect(id).toMatch(/^cm-[0-9a-z]{8}$/);
    expect(blockIdFor('thread-1:decision:Use yaml 2')).toBe(id);
    expect(blockIdFor('thread-1:decision:Use yaml 3')).not.toBe(id);
  });

  test('composed and decomposed accents give the same id (what the person sees is the same text)', () => {
    expect(blockIdFor('café')).toBe(blockIdFor('cafe\u0301'));
  });

  test('no collisions across 20,000 similar seeds', () => {
    const ids = new Set(Array.from({ length: 20000 }, (_, i) => blockIdFor(`thread:${i}:learning`)));
    expect(ids.size).toBe(20000);
  });

  test('uniqueBlockIdFor steps around ids already in use, deterministically', () => {
    const first = blockIdFor('seed');
    const next = uniqueBlockIdFor('seed', new Set([first]));
    expect(next).not.toBe(first);
    expect(uniqueBlockIdFor('seed', new Set([first]))).toBe(next);
    expect(uniqueBlockIdFor('seed', new Set())).toBe(first);
  });

  test("program ids are told apart from a person's ids", () => {
    expect(isProgramBlockId(blockIdFor('x'))).toBe(true);
    expect(isProgramBlockId('^' + blockIdFor('x'))).toBe(true);
    expect(isProgramBlockId('my-own-id')).toBe(false);
    expect(isProgramBlockId('cm-UPPER12')).toBe(false);
    expect(isProgramBlockId('cm-')).toBe(false);
  });

  test("an id written into a bullet reads back as that bullet's block id", () => {
    const id = blockIdFor('anything');
    const s = readStructure(parseNote('n.md', `- a fact ^${id}\n`));
    expect(s.items[0].blockId).toBe(id);
    expect(s.blockIds).toEqual([id]);
  });
});

describe('wiki links', () => {
  test.each([
    ['people/priya.md', undefined, '[[people/priya]]'],
    ['people/priya.md', 'Priya', '[[people/priya|Priya]]'],
    ['agent/sessions/2024-05-01 ranking.md', 'session', '[[agent/sessions/2024-05-01 ranking|session]]'],
    ['notes/topic.md', 'notes/topic', '[[notes/topic]]'],
    ['notes/topic.md', 'a|b [c]', '[[notes/topic|a b c]]'],
  ])('wikiLink(%j, %j)', (path, alias, want) => {
    expect(wikiLink(path, alias)).toBe(want);
  });

  test('a path Obsidian cannot link to is refused', () => {
    expect(() => wikiLink('notes/a#b.md')).toThrow(RangeError);
    expect(() => wikiLink('')).toThrow(RangeError);
  });

  test('a made link reads back to its path', () => {
    const [link] = readStructure(parseNote('n.md', `see ${wikiLink('people/priya.md', 'Priya')}\n`)).links;
    expect(link).toMatchObject({ target: 'people/priya', alias: 'Priya' });
    expect(linkTargetMatches(link, 'people/priya.md')).toBe(true);
  });

  test.each([
    ['people/priya', 'people/priya.md', true],
    ['priya', 'people/priya.md', true],
    ['Priya', 'people/priya.md', true],
    ['people/priya.md', 'people/priya.md', true],
    ['sessions/x', 'agent/sessions/x.md', true],
    ['riya', 'people/priya.md', false],
    ['people/priya', 'people/priya-old.md', false],
    ['', 'people/priya.md', false],
  ])('linkTargetMatches(%j, %j) is %s', (target, path, want) => {
    expect(linkTargetMatches(target, path)).toBe(want);
  });
});

// How a note becomes units: one per bullet (continuations included), one per section's prose, block ids
// and checkboxes read, headings in fenced code ignored; frontmatter facts read without changing anything.
import { extractNote } from '../../../src/core/recall';

const note = (text: string, path = 'notes/a.md') => extractNote({ path, text, mtime: 1 });

describe('extractNote', () => {
  it('splits bullets and section prose under their heading path', () => {
    const n = note(`# A

Intro paragraph.

## Decisions

- First decision
  continues here ^cm-1
- [ ] open task [[projects/p]]
- [x] done task
  1. nested numbered ^cm-2

### Later

Closing words.
`);
    expect(n.units.map((u) => [u.kind, u.heading, u.block, u.task, u.text])).toEqual([
      ['section', undefined, undefined, undefined, 'Intro paragraph.'],
      ['bullet', 'Decisions', 'cm-1', undefined, 'First decision\ncontinues here'],
      ['bullet', 'Decisions', undefined, 'open', 'open task [[projects/p]]'],
      ['bullet', 'Decisions', undefined, 'done', 'done task'],
      ['bullet', 'Decisions', 'cm-2', undefined, 'nested numbered'],
      ['section', 'Decisions > Later', undefined, undefined, 'Closing words.'],
    ]);
    expect(n.units[2].links).toEqual(['projects/p']);
    expect(n.openTasks).toBe(1);
    expect(n.units[1].line).toBe(7);
  });

  it('ignores headings and bullets inside fenced code', () => {
    const n = note('## Real\n\n```md\n# not a heading\n- not a bullet\n```\n');
    expect(n.units).toHaveLength(1);
    expect(n.units[0]).toMatchObject({ kind: 'section', heading: 'Real' });
    expect(n.units[0].text).toContain('# not a heading');
  });

  it('reads the frontmatter facts recall needs', () => {
    const n = extractNote({
      path: 'projects/x.md',
      mtime: 5,
      text: '---\ntype: Project\nmemory: PIN\nscope: global\nrepo: [/a, /b]\nremote: git@h:o/x.git\naliases: X\nstatus: superseded\nupdated: 2026-01-02T00:00:00Z\nsources: ["[[people/p]]"]\n---\nbody\n',
    });
    expect(n).toMatchObject({
      type: 'project',
      memory: 'pin',
      scope: 'global',
      repo: ['/a', '/b'],
      remote: ['git@h:o/x.git'],
      aliases: ['X'],
      superseded: true,
      time: Date.parse('2026-01-02T00:00:00Z'),
      frontLinks: ['people/p'],
    });
  });

  it.each([
    ['an unclosed list', '---\ntags: [a, b\ntype: topic\n---\n# A\n\n- The consumer commits offsets after the batch [[data-pipeline]]\n', 7],
    ['a fence never closed', '---\ntags: [a\n- The consumer commits offsets after the batch [[data-pipeline]]\n', 3],
  ])('a note whose frontmatter does not parse (%s) is indexed by its body, with the reason kept', (_what, text, line) => {
    const n = note(text);
    expect(n.error).toBeUndefined();
    expect(n.frontmatterError).toMatch(/notes\/a\.md:\d+/);
    expect(n.type).toBeUndefined();
    expect(n.units).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'bullet', line, links: ['data-pipeline'] })]));
    expect(n.links).toEqual(['data-pipeline']);
  });

  it('a broken frontmatter that says memory: never keeps the note out all the same', () => {
    const n = note('---\nmemory: [never\n---\n- secret plans\n');
    expect(n.frontmatterError).toMatch(/notes\/a\.md:\d+/);
    expect(n.memory).toBe('never');
  });

  it('gives an empty note one unit carrying its title', () => {
    expect(note('', 'people/Jonas Berg.md').units).toEqual([expect.objectContaining({ kind: 'note', text: 'Jonas Berg' })]);
  });
});

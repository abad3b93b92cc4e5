// Notes as a person would keep them (fixtures/): each is read exactly, and each program edit shows up as the
// one-line diff a person would expect to review.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffArrays } from 'diff';
import {
  parseNote,
  tryParseNote,
  readStructure,
  setFrontmatterValue,
  addListItem,
  setChecked,
  replaceListItem,
  removeListItem,
} from '../../../src/core/notes';

const FIXTURES = path.join(__dirname, 'fixtures');
const load = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');

/** Lines removed and added between two texts (line endings kept out of the comparison). */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const parts = diffArrays(before.split(/\r?\n/), after.split(/\r?\n/));
  return {
    removed: parts.filter((p) => p.removed).flatMap((p) => p.value),
    added: parts.filter((p) => p.added).flatMap((p) => p.value),
  };
}

test.each(['people/priya.md', 'projects/codex-memory.md', 'TODO.md', 'agent/sessions/crlf-bom.md'])('%s is read without changing a byte', (rel) => {
  const text = load(rel);
  const note = parseNote(rel, text);
  expect(note.text).toBe(text);
  expect(text.slice(note.bodyOffset)).toBe(note.body);
  expect(setFrontmatterValue(text, 'type', note.frontmatter!.data.type, rel)).toBe(text);
});

describe('people/priya.md', () => {
  const rel = 'people/priya.md';
  const text = load(rel);

  test('frontmatter, facts and links as a person reads them', () => {
    const note = parseNote(rel, text);
    expect(note.frontmatter!.data).toMatchObject({ type: 'person', aliases: ['Priya S.', 'P. Sharma'], team: { name: 'Search' } });
    const s = readStructure(note);
    expect(s.items.filter((i) => i.headingPath.includes('Facts')).map((i) => i.text)).toEqual([
      'Owns the ranking service (`ranker/`).',
      'Time zone is Europe/Berlin; prefers mornings for reviews.',
      'On leave 12–23 August',
    ]);
    expect(s.links.map((l) => l.target)).toEqual(['people/mateo', 'Ana']);
    expect(s.frontmatterLinks.map((l) => [l.target, l.line])).toEqual([
      ['people/mateo', 10],
      ['agent/sessions/2024-04-30 ranking', 12],
    ]);
  });

  test('stamping `updated` and adding a source changes only those lines', () => {
    let out = setFrontmatterValue(text, 'updated', '2024-05-02T08:00:00Z', rel);
    out = setFrontmatterValue(out, 'sources', ['[[agent/sessions/2024-04-30 ranking]]', '[[agent/sessions/2024-05-02 eval]]'], rel);
    // The person's comment on the first source, and its spacing, stay as they were.
    expect(lineDiff(text, out)).toEqual({
      removed: ['updated: 2024-05-01T18:40:12Z'],
      added: ['updated: 2024-05-02T08:00:00Z', '  - "[[agent/sessions/2024-05-02 eval]]"'],
    });
    expect(out).toContain("# Priya's card. Edited by hand");
  });

  test("a new preference joins the `*` list after the person's nested note", () => {
    const out = addListItem(text, 'Preferences', 'Prefers async updates', { blockId: 'cm-n3wpr3f0', path: rel });
    expect(lineDiff(text, out)).toEqual({ removed: [], added: ['* Prefers async updates ^cm-n3wpr3f0'] });
    expect(out).toContain('  - she said this twice, keep it ^hand-1\n* Prefers async updates ^cm-n3wpr3f0\n');
  });
});

describe('projects/codex-memory.md', () => {
  const rel = 'projects/codex-memory.md';
  const text = load(rel);

  test('decisions, open questions and the code block that only looks like a task', () => {
    const s = readStructure(parseNote(rel, text));
    const decisions = s.items.filter((i) => i.headingPath.at(-1) === 'Decisions' && i.depth === 0);
    expect(decisions.map((i) => i.blockId)).toEqual(['cm-8d1l0q2w', 'cm-1m2n3b4v', 'cm-9zz0ab12']);
    expect(s.items.find((i) => i.blockId === 'cm-q0q0q0q0')).toMatchObject({ checked: false, text: 'Should recall weigh recency more than links?' });
    expect(s.blockIds).not.toContain('cm-notreal');
    expect(s.links).toEqual([{ target: 'DESIGN', heading: 'Architecture', embed: false, line: 15 }]);
  });

  test('a new decision is one added line at the end of the Decisions list', () => {
    const out = addListItem(text, 'Decisions', 'Recall uses minisearch 7', { blockId: 'cm-m1n1s3ar', path: rel });
    expect(lineDiff(text, out)).toEqual({ removed: [], added: ['- Recall uses minisearch 7 ^cm-m1n1s3ar'] });
    expect(out.indexOf('^cm-m1n1s3ar')).toBeGreaterThan(out.indexOf('^cm-9zz0ab12'));
    expect(out.indexOf('^cm-m1n1s3ar')).toBeLessThan(out.indexOf('## Open questions'));
  });

  test('a superseded decision is reworded in place; a numbered question gets the next number', () => {
    const out = replaceListItem(text, 'cm-9zz0ab12', 'Offline distiller stays the default', rel);
    expect(lineDiff(text, out)).toEqual({
      removed: ['- Offline distiller is the default; no network without a key ^cm-9zz0ab12'],
      added: ['- Offline distiller stays the default ^cm-9zz0ab12'],
    });
    const asked = addListItem(text, 'Open questions', 'Where does the index cache live?', { checkbox: true, path: rel });
    expect(lineDiff(text, asked).added).toEqual(['3. [ ] Where does the index cache live?']);
  });
});

describe('TODO.md', () => {
  const rel = 'TODO.md';
  const text = load(rel);

  test('ticking a task changes one character', () => {
    const out = setChecked(text, 'cm-t0d0a001', true, rel);
    expect(out.length).toBe(text.length);
    expect(lineDiff(text, out).added).toEqual(['- [x] Write the README install section ([[agent/sessions/2024-05-01 readme|session]]) ^cm-t0d0a001']);
  });

  test("a task with the person's sub-task under it is not removed; a finished one is", () => {
    expect(() => removeListItem(text, 'cm-t0d0a002', rel)).toThrow(/nested/);
    expect(lineDiff(text, removeListItem(text, 'cm-t0d0a003', rel))).toEqual({ removed: ['- [x] Pin yaml to 2.9.1 ^cm-t0d0a003'], added: [] });
  });

  test('new tasks go to the end of the Open list, with a checkbox', () => {
    const out = addListItem(text, 'Open', 'Review the recall bench', { checkbox: true, blockId: 'cm-t0d0a004', path: rel });
    expect(out).toContain('- [x] Pin yaml to 2.9.1 ^cm-t0d0a003\n- [ ] Review the recall bench ^cm-t0d0a004\n\n## Done');
  });
});

describe('agent/sessions/crlf-bom.md (Windows: CRLF and a BOM)', () => {
  const rel = 'agent/sessions/crlf-bom.md';
  const text = load(rel);

  test('read with its BOM, CRLF and backslashes intact', () => {
    const note = parseNote(rel, text);
    expect(note).toMatchObject({ bom: true, eol: '\r\n' });
    expect(note.frontmatter!.data.cwd).toBe('C:\\Users\\ana\\code\\app');
    const item = readStructure(note).items.find((i) => i.blockId === 'cm-w1nd0w5b')!;
    expect(text.slice(item.start, item.end)).toBe('- [ ] Add a CRLF fixture for every reader ^cm-w1nd0w5b');
    expect(item.line).toBe(text.split('\n').findIndex((l) => l.includes('^cm-w1nd0w5b')) + 1);
  });

  test('edits keep the BOM and write CRLF only', () => {
    let out = setFrontmatterValue(text, 'ended', '2026-11-22T05:02:00Z', rel);
    out = addListItem(out, 'Decisions', 'Keep CRLF on write', { blockId: 'cm-w1nd0w5c', path: rel });
    out = setChecked(out, 'cm-w1nd0w5b', true, rel);
    expect(out.startsWith('\uFEFF---\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lineDiff(text, out)).toEqual({
      removed: ['- [ ] Add a CRLF fixture for every reader ^cm-w1nd0w5b'],
      added: ['ended: 2026-11-22T05:02:00Z', '- Keep CRLF on write ^cm-w1nd0w5c', '- [x] Add a CRLF fixture for every reader ^cm-w1nd0w5b'],
    });
  });
});

describe('broken fixtures are reported with file and line and never edited', () => {
  test.each([
    ['broken/duplicate-key.md', 4, 'duplicate key "type"'],
    ['broken/js-frontmatter.md', 1, 'unsupported frontmatter language'],
  ])('%s', (rel, line, reason) => {
    const text = load(rel);
    const result = tryParseNote(rel, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(`${rel}:${line}: ${reason}`);
    expect(() => addListItem(text, 'Facts', 'x', { path: rel })).toThrow(`${rel}:${line}`);
    expect(load(rel)).toBe(text);
  });
});

// Edits of a big note run on the note with its long runs of plain lines left out (src/core/notes/elide.ts, used
// through editShortened in src/core/memory/edits.ts). Whatever the note looks like, the result must be the note
// that editing the whole text gives, byte for byte: frontmatter, fenced code with '#' lines, CRLF, a BOM, a log
// under the very heading that is edited, and the runs that must not be left out (a bullet's continuation, a setext
// heading) or an edit that happens to write the marker.
import { elidePlainRuns } from '../../../src/core/notes/elide';
import { readStructure, parseNote } from '../../../src/core/notes';
import { applyEdit, editShortened, stampNote } from '../../../src/core/memory/edits';
import type { NoteEdit } from '../../../src/core/memory/plan';

const PATH = 'projects/tidepool.md';
const NOW = '2026-03-04T10:00:00.000Z';
const LINK = '[[agent/sessions/2026-03-04 Kofi says the Pi has no native toolchain…]]';
const log = (n = 9000, from = 0) => Array.from({ length: n }, (_, i) => `harbour gauge ${from + i}: 1.42 m at 12:00, tide rising, ok`);

function note(sections: string[], eol = '\n', front = true): string {
  const head = front ? ['---', 'type: project', 'updated: 2026-03-01T00:00:00.000Z', 'sources:', '  - "[[agent/sessions/first]]"', '---'] : [];
  return [...head, '# tidepool', '', ...sections].join('\n').replace(/\n/g, eol) + eol;
}

const statusWithLog = [
  '## Status',
  '',
  '- Kofi reviews cache changes. ^cm-status1',
  '',
  ...log(),
  '',
  '## Decisions',
  '',
  '- Use SQLite for the cache. ^cm-sqlite1',
];
const edits: NoteEdit[] = [
  { type: 'add', heading: 'Decisions', text: 'Switch the cache to plain JSON files…', blockId: 'cm-json0001' },
  { type: 'add', heading: 'Open questions', text: 'Should cached predictions expire?', blockId: 'cm-quest001' },
  { type: 'replace', blockId: 'cm-status1', text: 'Nothing changed in this turn.' },
  { type: 'move', blockId: 'cm-sqlite1', heading: 'Superseded', text: 'Use SQLite for the cache. (superseded 2026-03-04)' },
  { type: 'add', heading: 'Status', text: 'Gauges are read hourly.', blockId: 'cm-hourly01' },
];

/** The edited text, or the refusal: an edit refused on the whole note must be refused the same way. */
function outcome(edit: () => string): string {
  try {
    return edit();
  } catch (err) {
    return `refused: ${(err as Error).message}`;
  }
}

/** Each edit alone (as a plan makes them), then all of them one after another (as apply replays them), stamped. */
function both(text: string, list: NoteEdit[] = edits): { whole: string[]; short: string[] } {
  const stamp = (t: string) => stampNote(t, PATH, NOW, LINK);
  const all = (t: string) => stamp(list.reduce((s, e) => applyEdit(s, e, PATH), t));
  const whole = [...list.map((e) => outcome(() => stamp(applyEdit(text, e, PATH)))), outcome(() => all(text))];
  const short = [
    ...list.map((e) => outcome(() => editShortened(text, PATH, (t) => ({ text: stamp(applyEdit(t, e, PATH)) })).text)),
    outcome(() => editShortened(text, PATH, (t) => ({ text: all(t) })).text),
  ];
  return { whole, short };
}

describe('edits of a note with long runs of plain lines left out', () => {
  test.each([
    ['a pasted log in the edited section', note(statusWithLog)],
    ['the log in a section no edit touches', note(['## Log', '', ...log(), '', ...statusWithLog])],
    ['CRLF line ends', note(statusWithLog, '\r\n')],
    ['no frontmatter, a BOM', '\uFEFF' + note(statusWithLog, '\n', false)],
    ['the note ends with the log, no line break', note(statusWithLog).replace(/\n$/, '') + '\n\n' + log(200, 9000).join('\n')],
    [
      "fenced code with '#' lines around a log",
      note([
        '## Status',
        '',
        '- Kofi reviews cache changes. ^cm-status1',
        '',
        '```sh',
        '# Decisions',
        '## Decisions',
        ...log(),
        '```',
        '',
        ...log(100),
        '',
        '## Decisions',
        '',
        '- Use SQLite for the cache. ^cm-sqlite1',
      ]),
    ],
    ['several logs', note(['## Log', '', ...log(3000), '', '## More', '', ...log(3000, 5000), '', 'Some prose.', '', ...statusWithLog])],
  ])('%s: the same note as editing it whole', (_name, text) => {
    expect(elidePlainRuns(text, PATH)).not.toBeNull();
    const { whole, short } = both(text);
    expect(short).toEqual(whole);
  });

  test('the shortened note has the same headings and bullets, and is small', () => {
    const text = note(statusWithLog);
    const view = elidePlainRuns(text, PATH)!;
    expect(view.text.length).toBeLessThan(2000);
    const at = (t: string) => readStructure(parseNote(PATH, t));
    const strip = (s: ReturnType<typeof at>) => ({
      headings: s.headings.map((h) => [h.depth, h.text]),
      items: s.items.map((i) => [i.text, i.blockId, i.checked, i.headingPath, i.depth]),
      blockIds: s.blockIds,
      links: s.links.map((l) => l.target),
    });
    expect(strip(at(view.text))).toEqual(strip(at(text)));
    expect(view.expand(view.text)).toBe(text);
  });

  test.each([
    [
      "a bullet's continuation lines",
      note(['## Status', '', '- Kofi reviews cache changes. ^cm-status1', ...log(), '', '## Decisions', '', '- Use SQLite. ^cm-sqlite1']),
    ],
    [
      'a setext heading over the log',
      note(['## Status', '', '- Kofi reviews cache changes. ^cm-status1', '', ...log(), '===', '', '## Decisions', '', '- Use SQLite. ^cm-sqlite1']),
    ],
  ])('%s are not left out, and the edit is the same', (_name, text) => {
    expect(elidePlainRuns(text, PATH)).toBeNull();
    const { whole, short } = both(text);
    expect(short).toEqual(whole);
  });

  test('an edit that writes the marker line itself is made on the whole note', () => {
    const text = note(statusWithLog);
    const sneaky: NoteEdit = { type: 'add', heading: 'Decisions', text: 'CodexMemoryElidedLines1', blockId: 'cm-sneaky01' };
    const { whole, short } = both(text, [sneaky]);
    expect(short).toEqual(whole);
  });

  test('a small note, or one that already says the marker, is not shortened', () => {
    expect(elidePlainRuns(note(['## Status', '', ...log(100)]), PATH)).toBeNull();
    expect(elidePlainRuns(note(['## Status', '', 'CodexMemoryElidedLines', '', ...log()]), PATH)).toBeNull();
  });
});

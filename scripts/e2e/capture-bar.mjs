// Scores distilled text against an expected.json per ../shared/fixtures/codex-sessions/README.md:
// case-insensitive, whitespace collapsed; any_of = one phrase appears; all_of = every group has one phrase;
// must_not_capture = none appears.
const norm = (s) => s.toLowerCase().replace(/\s+/g, ' ');

export function scoreCapture(text, expected) {
  const hay = norm(text);
  const has = (phrase) => hay.includes(norm(phrase));
  const captured = [];
  const missed = [];
  for (const item of expected.must_capture ?? []) {
    const ok = item.any_of ? item.any_of.some(has) : (item.all_of ?? []).every((group) => group.some(has));
    (ok ? captured : missed).push(item.id);
  }
  const leaked = (expected.must_not_capture ?? []).filter(has);
  return { captured, missed, leaked };
}

// Scores distilled learnings against a fixture's expected.json, following the fixture README's
// "How to check a distilled note": case-insensitive, whitespace collapsed, any_of / all_of groups, and
// none of must_not_capture anywhere.
import type { Learnings } from '../../../../src/core/distill/learnings';

export interface Expected {
  fixture: string;
  must_capture: { id: string; kind: string; any_of?: string[]; all_of?: string[][] }[];
  must_not_capture: string[];
}

export interface Score {
  captured: string[];
  missed: string[];
  forbidden: string[];
  ratio: number;
}

/**
 * The learnings as plain note text: title, summary and one bullet per item. No headings or kind labels,
 * so a phrase only counts when an item really says it.
 */
export function renderLearnings(l: Learnings): string {
  const lines = [`# ${l.title}`, '', l.summary, ''];
  for (const item of l.items) {
    const who = item.kind === 'person' && item.subject ? `${item.subject.name}: ` : '';
    lines.push(`- ${who}${item.text}`);
  }
  return lines.join('\n') + '\n';
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

export function score(text: string, expected: Expected): Score {
  const hay = norm(text);
  const has = (p: string) => hay.includes(norm(p));
  const captured: string[] = [];
  const missed: string[] = [];
  for (const c of expected.must_capture) {
    const ok = c.any_of ? c.any_of.some(has) : (c.all_of ?? []).every((group) => group.some(has));
    (ok ? captured : missed).push(c.id);
  }
  const forbidden = expected.must_not_capture.filter(has);
  return { captured, missed, forbidden, ratio: captured.length / Math.max(1, expected.must_capture.length) };
}

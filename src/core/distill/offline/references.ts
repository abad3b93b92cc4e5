// Tickets, pull requests, commits and links mentioned in the conversation. A hex string is a commit only
// when the sentence talks about commits (or it is what `git commit` printed), so hashes of other things and
// ids inside UUIDs are not taken for commits.
import type { Thread } from '../../codex/thread';
import type { Learning } from '../learnings';
import { learning, type ParsedUtterance, type Subject } from './context';

type Ref = NonNullable<Learning['ref']>;

// Prefixes of standards and encodings that look like ticket keys (UTF-8, SHA-256, ISO-8601, RFC-4180…).
const NOT_TICKETS = new Set(
  'UTF UCS SHA MD ISO IEC IEEE RFC ES ECMA TLS SSL HTTP HTTPS IPV AES RSA DES GPT UTC GMT CET CEST EST PST ANSI ASCII PDF MP MPEG H X DDR USB PCI WPA ARM AMD RTX GTX CP WIN LATIN KOI EUC SJIS IBM BASE FIPS NIST COVID SARS PEP JSR CWE OWASP A B C E F G K L M N P Q R S T U V W Y Z'.split(
    ' ',
  ),
);
const TICKET = /(?<![\p{L}\p{N}_/.-])([A-Z][A-Z0-9]{1,9})-(\d{1,7})(?![\p{L}\p{N}_]|-\d|\.\d)/gu;
const PR = /\b(?:PR|pull request|MR|merge request)\s*#?\s*(\d{1,7})\b/gi;
const HASH_NUMBER = /(?<![\w&/])#(\d{1,7})\b/g;
const ISSUE_TALK = /\b(?:pr|pull request|issue|ticket|bug|fixes|fixed|closes|closed|resolves|resolved|see)\b/i;
const URL = /\bhttps?:\/\/[^\s<>"'`)\]]+/g;
const GITHUB_URL = /^https?:\/\/(?:www\.)?github\.com\/[^/]+\/[^/]+\/(pull|issues)\/(\d+)/;
const SHA = /(?<![\p{L}\p{N}_#-])([0-9a-f]{7,40})(?![\p{L}\p{N}_]|-[0-9a-f])/gu;
const COMMIT_TALK =
  /\bcommit(?:s|ted)?\b|\bsha\b|\bhash\b|\brevision\b|\bcherry-?pick|\brebase|\brevert|\bHEAD\b|\bbisect|\bpushed\b|\bmerged\b|\blanded\b/i;
// A short hex id in `code` is a commit even when the sentence does not say so ("Pushed as `b7c9e21`").
const CODE_SHA = /`([0-9a-f]{7,12})`/g;
const LOCAL_URL = /^https?:\/\/(?:localhost|127\.|0\.0\.0\.0|\[::1\])/i;

function refsIn(text: string): Ref[] {
  const out: Ref[] = [];
  for (const m of text.matchAll(TICKET)) if (!NOT_TICKETS.has(m[1])) out.push({ type: 'ticket', id: `${m[1]}-${m[2]}` });
  for (const m of text.matchAll(PR)) out.push({ type: 'pr', id: `#${m[1]}` });
  if (ISSUE_TALK.test(text)) {
    for (const m of text.matchAll(HASH_NUMBER)) {
      const kind = /\b(?:pr|pull request)\b/i.test(text) ? 'pr' : 'ticket';
      out.push({ type: kind, id: `#${m[1]}` });
    }
  }
  for (const m of text.matchAll(URL)) {
    const url = m[0].replace(/[.,;:!?]+$/, '');
    if (LOCAL_URL.test(url)) continue;
    const gh = GITHUB_URL.exec(url);
    if (gh) out.push({ type: gh[1] === 'pull' ? 'pr' : 'ticket', id: `#${gh[2]}` });
    out.push({ type: 'url', id: url });
  }
  const shas = COMMIT_TALK.test(text) ? [...text.matchAll(SHA)] : [...text.matchAll(CODE_SHA)];
  for (const m of shas) {
    if (/\d/.test(m[1]) && /[a-f]/.test(m[1])) out.push({ type: 'commit', id: m[1] });
  }
  return out;
}

const LABEL: Record<Ref['type'], string> = { ticket: 'Ticket', pr: 'Pull request', commit: 'Commit', url: 'Link' };

function refText(ref: Ref, context?: string): string {
  const base = `${LABEL[ref.type]} ${ref.id}`;
  return context ? `${base}: ${context}` : base;
}

export function references(u: ParsedUtterance, project: Subject): Learning[] {
  const out: Learning[] = [];
  for (const s of u.sentences) {
    for (const ref of refsIn(s.text)) {
      out.push(learning('reference', refText(ref), u, project, { ref, confidence: u.voice === 'user' ? 0.9 : 0.8 }));
    }
  }
  return out;
}

/**
 * Commits the session created, read from what `git commit` printed ("[branch abc1234] message"). This is
 * tool output, so it only ever yields a reference, and one that is marked as tool evidence.
 */
export function commitsMade(thread: Thread, project: Subject): Learning[] {
  const out: Learning[] = [];
  for (const turn of thread.turns) {
    for (const call of turn.toolCalls) {
      if (call.kind !== 'exec' || !/\bgit\b[^|;&]*\bcommit\b/.test(call.input) || !call.output) continue;
      const m = /^\[([^\]\s]+)(?: \(root-commit\))? ([0-9a-f]{7,40})\] (.{1,200})$/m.exec(call.output);
      if (!m) continue;
      out.push({
        kind: 'reference',
        text: refText({ type: 'commit', id: m[2] }, `"${m[3].trim()}" on ${m[1]}`),
        turn: turn.index,
        subject: project,
        confidence: 0.7,
        evidence: 'tool',
        ref: { type: 'commit', id: m[2] },
      });
    }
  }
  return out;
}

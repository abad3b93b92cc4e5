// The same piece of open work tends to be said three times in one session: the user asks for it, the agent
// writes a TODO comment, the final answer lists it as still open. Different words, same names: what ties
// them together are the distinctive tokens (identifiers, acronyms, numbers, proper nouns).
import { alreadySaid } from '../../memory/similarity';
import type { Learning } from '../learnings';

const IGNORED = new Set(['todo', 'fixme', 'ok', 'i', 'tbd']);

/** Identifiers, `code`, acronyms, words with digits and capitalised words that do not start a sentence. */
export function distinctiveTokens(text: string): Set<string> {
  const out = new Set<string>();
  const add = (t: string) => {
    const k = t.toLowerCase().replace(/^[`'"(]+|[`'".,;:!?)]+$/g, '');
    if (k.length >= 2 && !IGNORED.has(k)) out.add(k);
  };
  for (const m of text.matchAll(/`([^`]+)`/g)) add(m[1]);
  const words = text.replace(/`[^`]*`/g, ' ').split(/\s+/);
  words.forEach((w, i) => {
    const bare = w.replace(/^[("'[]+|[)"'\].,;:!?]+$/g, '');
    if (!bare) return;
    const startsSentence = i === 0 || /[.!?:]$/.test(words[i - 1] ?? '');
    if (
      /^[A-Z0-9][A-Z0-9-]+$/.test(bare) ||
      /\d/.test(bare) ||
      /^[a-z]+[A-Z]/.test(bare) ||
      /[._/]\w/.test(bare) ||
      (!startsSentence && /^\p{Lu}\p{Ll}+/u.test(bare))
    ) {
      add(bare);
    }
  });
  return out;
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n;
}

export function sameTodo(a: Learning, b: Learning): boolean {
  if (alreadySaid(a.text, b.text) || alreadySaid(b.text, a.text)) return true;
  const ta = distinctiveTokens(a.text);
  const tb = distinctiveTokens(b.text);
  const n = shared(ta, tb);
  return n >= 2 && n >= 0.6 * Math.min(ta.size, tb.size);
}

/**
 * Folds repeated TODOs into one (at the first one's turn and evidence), and drops a TODO comment
 * from a patch when the conversation already names the same work.
 */
export function mergeTodos(items: Learning[], fromPatch: Set<Learning>): Learning[] {
  const spoken = items.filter((l) => l.kind === 'todo' && !fromPatch.has(l));
  const out: Learning[] = [];
  const kept: Learning[] = [];
  for (const l of items) {
    if (l.kind !== 'todo') {
      out.push(l);
      continue;
    }
    if (fromPatch.has(l)) {
      const tokens = distinctiveTokens(l.text.replace(/\(TODO in [^)]*\)\.?$/, ''));
      if (spoken.some((s) => sameTodo(s, l) || shared(distinctiveTokens(s.text), tokens) > 0)) continue;
    }
    const twin = kept.find((k) => sameTodo(k, l));
    if (twin) {
      // Keep the wording that names more (file, function, ticket), whoever said it.
      if (distinctiveTokens(l.text).size > distinctiveTokens(twin.text).size) {
        twin.text = l.text;
        twin.unconfirmed = l.unconfirmed;
      }
      twin.confidence = Math.max(twin.confidence, l.confidence);
      continue;
    }
    kept.push(l);
    out.push(l);
  }
  return out;
}

// The same piece of open work tends to be said three times in one session: the user asks for it, the agent
// writes a TODO comment, the final answer lists it as still open. Different words, same names: what ties
// them together are the distinctive tokens (identifiers, acronyms, numbers, proper nouns).
import { alreadySaid, profile, type TokenProfile } from '../../memory/similarity';
import type { Learning } from '../learnings';
import { NearDuplicates } from '../near-duplicates';

const IGNORED = new Set(['todo', 'fixme', 'ok', 'i', 'tbd']);

/** Identifiers, `code`, acronyms, words with digits and capitalised words that do not start a sentence. */
function distinctiveTokens(text: string): Set<string> {
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

/** Token sets computed once per TODO (texts are compared pairwise). */
interface Keys {
  profile: TokenProfile;
  tokens: Set<string>;
}

function keysOf(text: string): Keys {
  return { profile: profile(text), tokens: distinctiveTokens(text.replace(/\(TODO in [^)]*\)\.?$/, '')) };
}

function same(a: Keys, b: Keys): boolean {
  if (alreadySaid(a.profile, b.profile) || alreadySaid(b.profile, a.profile)) return true;
  const n = shared(a.tokens, b.tokens);
  return n >= 2 && n >= 0.6 * Math.min(a.tokens.size, b.tokens.size);
}

/**
 * Folds repeated TODOs into one (at the first one's turn and evidence), and drops a TODO comment
 * from a patch when the conversation already names the same work.
 */
export function mergeTodos(items: Learning[], fromPatch: Set<Learning>): Learning[] {
  const keys = new Map<Learning, Keys>();
  const k = (l: Learning) => {
    let v = keys.get(l);
    if (!v) keys.set(l, (v = keysOf(l.text)));
    return v;
  };
  const indexKeys = (l: Learning) => new Set([...k(l).profile.tokens, ...k(l).tokens]);
  const spokenTokens = new Set(items.filter((l) => l.kind === 'todo' && !fromPatch.has(l)).flatMap((l) => [...k(l).tokens]));
  const out: Learning[] = [];
  const kept = new NearDuplicates<Learning>(indexKeys);
  for (const l of items) {
    if (l.kind !== 'todo') {
      out.push(l);
      continue;
    }
    // A TODO comment about something the conversation names is already covered by what was said.
    if (fromPatch.has(l) && [...k(l).tokens].some((t) => spokenTokens.has(t))) continue;
    const twin = kept.find(l, (t) => same(k(t), k(l)));
    if (twin) {
      // Keep the wording that names more (file, function, ticket), whoever said it.
      if (k(l).tokens.size > k(twin).tokens.size) {
        twin.text = l.text;
        twin.unconfirmed = l.unconfirmed;
        keys.set(twin, k(l));
        kept.refresh(twin);
      }
      twin.confidence = Math.max(twin.confidence, l.confidence);
      continue;
    }
    kept.add(l);
    out.push(l);
  }
  return out;
}

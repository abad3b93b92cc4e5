// How text becomes search terms, shared by indexing and querying so both sides agree: lower-case words
// (letters and digits, any script), English stop words dropped, Porter2 stems. Stemming and stop words are
// the general BM25 hygiene that lets "decided" match "decision" and keeps "the" from scoring.
import stem from 'wink-porter2-stemmer';

// A compact English stop list: function words that carry no topic. Question words stay searchable
// ("when", "who") only in the sense that they never help a match, so they are dropped too.
const STOP = new Set(
  `a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now
of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves s t d ll m re ve y o don didn
doesn isn wasn weren hasn haven hadn won wouldn shouldn couldn let us also yes ok okay oh`.split(/\s+/),
);

const WORD = /[\p{L}\p{N}_]+(?:['’][\p{L}]+)?/gu;

// Scripts written without spaces: a run of them is one "word" to WORD, so it is cut into words by the
// platform's dictionary segmenter (ICU, in Node and in Obsidian's Chromium alike).
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Japanese particles and auxiliaries that the segmenter keeps as words: they carry no topic.
const JA_STOP = new Set(
  'して します した する ます です でした ください これ それ あれ この その ある いる こと もの ため よう など から まで より ので けど たい ない くだ さい'.split(
    ' ',
  ),
);
let segmenter: Intl.Segmenter | null | undefined;

function segments(run: string): string[] {
  if (segmenter === undefined) segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('ja', { granularity: 'word' }) : null;
  if (!segmenter) return [run];
  const out: string[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/**
 * Splits text into raw words (no case folding); the engine calls processTerm on each. An identifier with
 * underscores (ROUND_HALF_UP) is kept whole, so it can be found exactly, and also split into its words.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of text.match(WORD) ?? []) {
    if (UNSPACED.test(w)) {
      out.push(...segments(w));
      continue;
    }
    if (!w.includes('_')) {
      out.push(w);
      continue;
    }
    const parts = w.split('_').filter(Boolean);
    if (parts.length > 1) out.push(w.replace(/^_+|_+$/g, ''));
    out.push(...parts);
  }
  return out;
}

const stemCache = new Map<string, string>();

const termCache = new Map<string, string | null>();

/** One raw word → its search term, or null when it carries no meaning (stop word, lone character). */
export function processTerm(raw: string): string | null {
  // Words repeat across a vault: a cold index looks most of them up here instead of folding them again.
  let hit = termCache.get(raw);
  if (hit === undefined) {
    hit = foldTerm(raw);
    if (termCache.size > 200000) termCache.clear();
    termCache.set(raw, hit);
  }
  return hit;
}

function foldTerm(raw: string): string | null {
  let w = raw
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/['’]/g, '');
  if (w.length === 0 || STOP.has(w) || JA_STOP.has(w)) return null;
  // One letter says nothing, but one Han character is often a whole word (表, 税).
  if (w.length === 1 && !/[\p{N}\p{Script=Han}]/u.test(w)) return null;
  if (!/^[a-z]+$/.test(w)) return w;
  let s = stemCache.get(w);
  if (s === undefined) {
    s = w.length > 2 ? stem(w) : w;
    if (stemCache.size > 50000) stemCache.clear();
    stemCache.set(w, s);
  }
  w = s;
  return w;
}

/** The distinct search terms of a text, in order of first appearance. */
export function terms(text: string): string[] {
  const out = new Set<string>();
  for (const t of tokenize(text)) {
    const p = processTerm(t);
    if (p) out.add(p);
  }
  return [...out];
}

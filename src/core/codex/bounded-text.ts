// Every string on its way into a Thread: redacted, and cut to a bounded size so a gigabyte rollout still
// parses in bounded memory. Long texts keep their head and tail (where commands print what matters).
import { addCounts, redact, type RedactionCounts } from '../security/redact';

/** Extra characters redacted on each side of a cut, so a secret lying across the cut is still seen whole. */
const MARGIN = 8192;

/**
 * A text that need not be one string yet (a long tool output still in its rollout line's bytes): its length in
 * UTF-16 units and any slice of it. A string is one.
 */
export interface LongText {
  readonly length: number;
  slice(start?: number, end?: number): string;
}

export interface TextLimits {
  /** Longest tool input/output or injected text kept, in characters. */
  maxToolTextChars: number;
  /** Longest prompt, answer, reasoning summary or compaction summary kept. */
  maxMessageChars: number;
  /** Once this many tool-text characters are kept, each further tool text is cut to `minToolTextChars`. */
  toolTextBudget: number;
  minToolTextChars: number;
}

export const DEFAULT_LIMITS: TextLimits = {
  maxToolTextChars: 4000,
  maxMessageChars: 64000,
  toolTextBudget: 2_000_000,
  minToolTextChars: 240,
};

/**
 * A copy of `s` that no longer points into the string it was cut from. V8 represents a slice as a view of
 * its parent, so a 3 KB head kept from a 50 MB tool output would otherwise keep all 50 MB alive.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function omittedNote(n: number): string {
  return `\n[… ${n} characters omitted …]\n`;
}

export class BoundedText {
  readonly counts: RedactionCounts = {};
  /** Characters left out of the Thread to keep it small. */
  omitted = 0;
  private toolChars = 0;

  constructor(private readonly limits: TextLimits = DEFAULT_LIMITS) {}

  /** Short metadata (paths, branch, model): redacted, never cut. */
  meta(text: string): string {
    return detach(this.redacted(text));
  }

  message(text: string): string {
    return this.bounded(text, this.limits.maxMessageChars);
  }

  tool(text: LongText): string {
    const cap = this.toolChars < this.limits.toolTextBudget ? this.limits.maxToolTextChars : this.limits.minToolTextChars;
    const out = this.bounded(text, cap);
    this.toolChars += out.length;
    return out;
  }

  /**
   * Tool arguments that are JSON: each string value is redacted on its own, so a secret whose newlines are
   * escaped inside the JSON text (a PEM block, a YAML snippet) is still recognised.
   */
  toolJson(raw: string): string {
    const t = raw.trimStart();
    if ((!t.startsWith('{') && !t.startsWith('[')) || raw.length > this.limits.maxMessageChars) return this.tool(raw);
    // First as text (so `"password": "…"` is seen with its name), then value by value.
    const whole = this.redacted(raw);
    let value: unknown;
    try {
      value = JSON.parse(whole);
    } catch {
      return this.tool(whole);
    }
    return this.tool(JSON.stringify(this.redactDeep(value)));
  }

  private redactDeep(v: unknown): unknown {
    if (typeof v === 'string') return this.redacted(v);
    if (Array.isArray(v)) return v.map((x) => this.redactDeep(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.redactDeep(x);
      return out;
    }
    return v;
  }

  private redacted(text: string): string {
    const r = redact(text);
    addCounts(this.counts, r.counts);
    return r.text;
  }

  private bounded(text: LongText, cap: number): string {
    if (text.length <= cap) return detach(this.redacted(text.slice()));
    const headLen = Math.ceil(cap * 0.7);
    const tailLen = cap - headLen;
    let head: string;
    let tail: string;
    if (text.length > cap + 2 * MARGIN) {
      // Redact only the windows that are kept (plus a margin): the middle never enters the Thread.
      head = this.redacted(text.slice(0, headLen + MARGIN)).slice(0, headLen);
      tail = tailLen > 0 ? this.redacted(text.slice(text.length - tailLen - MARGIN)).slice(-tailLen) : '';
    } else {
      const whole = this.redacted(text.slice());
      if (whole.length <= cap) return detach(whole);
      head = whole.slice(0, headLen);
      tail = tailLen > 0 ? whole.slice(-tailLen) : '';
    }
    const omitted = text.length - headLen - tailLen;
    this.omitted += omitted;
    return detach(head + omittedNote(omitted) + tail);
  }
}

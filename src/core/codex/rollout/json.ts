// Tiny readers for untrusted JSON values, shared by every rollout normaliser: a rollout line may hold anything,
// so each field is checked for the type we need and treated as absent otherwise.
import type { TokenUsage } from '../thread';

export type Json = Record<string, unknown>;

/** A non-empty string, else undefined: an empty field counts as absent. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A plain object (not an array), else undefined. */
export const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** The texts of a content array ('' for items without text, so positions line up), or a bare string. */
export function textOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.map((c) => {
    const o = obj(c);
    return typeof o?.text === 'string' ? o.text : '';
  });
}

/** Codex's token usage object; missing counters read as 0. */
export function usageOf(u: unknown): TokenUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  const n = (k: string): number => {
    const v = o[k];
    return typeof v === 'number' ? v : 0;
  };
  return {
    input: n('input_tokens'),
    cachedInput: n('cached_input_tokens'),
    output: n('output_tokens'),
    reasoningOutput: n('reasoning_output_tokens'),
    total: n('total_tokens'),
  };
}

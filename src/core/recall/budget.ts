// Token counting for the context pack: the o200k tokenizer that current OpenAI models (and so Codex) use.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

export const DEFAULT_BUDGET = 2000;

export function tokens(text: string): number {
  return countTokens(text);
}

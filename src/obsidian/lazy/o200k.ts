// Stands in for gpt-tokenizer/encoding/o200k_base in main.js: the same counter, from lazy.js (bundle.ts).
import { lazyBundle } from './bundle';

export function countTokens(text: string): number {
  return lazyBundle().countTokens(text);
}

// Token counting for the context pack: the o200k tokenizer that current OpenAI models (and so Codex) use.
// Its rank table is large (a quarter second to load), so it is loaded on first use, not at start-up: a
// SessionStart hook served from the pack cache never needs it.

export const DEFAULT_BUDGET = 2000;

export type TokenCounter = (text: string) => number;

let counter: TokenCounter | null = null;

export async function loadTokenCounter(): Promise<TokenCounter> {
  if (!counter) {
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    counter = (text) => countTokens(text);
  }
  return counter;
}

/** o200k tokens of a text; loads the tokenizer when needed. */
export async function tokens(text: string): Promise<number> {
  return (await loadTokenCounter())(text);
}

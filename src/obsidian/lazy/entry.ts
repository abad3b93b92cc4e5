// Entry of lazy.js (see bundle.ts): the exact o200k counter the CLI and hooks use, and the distillers.
export { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
export { createDistiller } from '../../core/distill/create-distiller';
export { sdkClientFactory } from '../../core/distill/openai';
export { default as OpenAI } from 'openai';

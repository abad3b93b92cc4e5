// Stands in for the `openai` package in main.js (embeddings load it on first use): the SDK from lazy.js.
import type RealOpenAI from 'openai';
import { lazyBundle } from './bundle';

type Options = ConstructorParameters<typeof RealOpenAI>[0];

/** Called with `new`, as the real class is: returns the real client. */
export default function OpenAI(options: Options): RealOpenAI {
  return new (lazyBundle().OpenAI)(options);
}

// Stands in for core/distill/openai in main.js: the SDK client comes from lazy.js (bundle.ts).
import type { sdkClientFactory as real } from '../../core/distill/openai';
import { lazyBundle } from './bundle';

export const sdkClientFactory: typeof real = (...args) => lazyBundle().sdkClientFactory(...args);

// Stands in for core/distill/create-distiller in main.js: the distillers come from lazy.js (bundle.ts).
import type { createDistiller as real } from '../../core/distill/create-distiller';
import { lazyBundle } from './bundle';

export const createDistiller: typeof real = (...args) => lazyBundle().createDistiller(...args);

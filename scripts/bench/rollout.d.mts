// Types for scripts/bench/rollout.mjs (its generator is imported by test/node/rollout-source.test.ts).
export const title: string;
export function writeRollout(file: string, bytes: number, seed: number): { turns: number; size: number };
export function run(ctx: unknown): Promise<unknown[]>;

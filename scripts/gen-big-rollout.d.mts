// Types for scripts/gen-big-rollout.mjs (imported by the hardening tests).
export const BIG_THREAD: string;
export function writeBigRollout(home: string, bytes: number): string;

// What a hook prints back to Codex. Codex parses stdout that looks like JSON strictly (a malformed body is a
// hook failure), so the body is built from one object and nothing else may reach stdout.

/**
 * Asked at the end of what a hook gives, so the checkpoint can count which notes were used
 * (src/core/recall/usage.ts). Not in the pack itself: AGENTS.md's block has no bytes to spare for it.
 */
export const CITE_ASK = 'If you rely on these notes, end your final answer with a line `Memory used: [[note]], …` naming them.';
/**
 * What the ask costs with its line break (27 o200k tokens), rounded up: the hooks take it off the pack's
 * budget, so the whole body Codex receives stays within the budget (and within what Codex takes whole).
 */
export const CITE_ASK_TOKENS = 32;

/**
 * The body whose `additionalContext` Codex adds to the session as a developer message: SessionStart's before
 * the first prompt, UserPromptSubmit's right after the prompt it answers (Codex 0.169.0 and 0.171.0).
 * Empty context gives an empty string: print nothing rather than an empty message.
 */
export function renderContextOutput(hookEventName: 'SessionStart' | 'UserPromptSubmit', context: string): string {
  const text = context.trim();
  if (!text) return '';
  return JSON.stringify({ hookSpecificOutput: { hookEventName, additionalContext: `${text}\n${CITE_ASK}` } }) + '\n';
}

export function renderSessionStartOutput(context: string): string {
  return renderContextOutput('SessionStart', context);
}

// Stop and SessionEnd print nothing: for Stop, an empty stdout with exit 0 is "carry on", while a body with
// `decision: "block"` (or exit code 2) would make Codex continue the turn. Nothing here ever produces either.

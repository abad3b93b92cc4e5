// What a hook prints back to Codex. Codex parses stdout that looks like JSON strictly (a malformed body is a
// hook failure), so the body is built from one object and nothing else may reach stdout.

/**
 * The SessionStart body whose `additionalContext` Codex adds to the session as a developer message.
 * Empty context gives an empty string: print nothing rather than an empty message.
 */
export function renderSessionStartOutput(context: string): string {
  const text = context.trim();
  if (!text) return '';
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: text } }) + '\n';
}

// Stop and SessionEnd print nothing: for Stop, an empty stdout with exit 0 is "carry on", while a body with
// `decision: "block"` (or exit code 2) would make Codex continue the turn. Nothing here ever produces either.

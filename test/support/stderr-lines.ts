// What a CLI run said on stderr apart from its progress lines. A run that takes longer than a moment reports its
// steps as `codex-memory: …` (see progress() in src/cli/commands/checkpoint.ts); errors read
// `codex-memory <command>: …`. Tests that expect one clear error line, or none, look only at the latter.
export function stderrProblems(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('codex-memory: '));
}

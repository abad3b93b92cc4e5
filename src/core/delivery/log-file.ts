// `.codex-memory/log`: where the hooks, the command line and the plugin write what went wrong quietly
// (a hook must never fail Codex, a broken note must never stop recall), one timestamped line each.
export const LOG_FILE = 'log';

/** A log line: the time, then the message on one line. */
export function logLine(message: string, now: Date): string {
  return `${now.toISOString()} ${message.replace(/\s+/g, ' ').trim()}\n`;
}

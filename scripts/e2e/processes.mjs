// Runs child processes with a hard time limit: a stuck Codex (or hook, or MCP server it spawned) is killed
// with its whole process group, so one hang costs one assertion, not the run.
import { spawn } from 'node:child_process';

export function run(cmd, args, { cwd, env, timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    if (input !== undefined) child.stdin.end(input);
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.on('error', (err) => {
      stderr += `\n${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // After a timeout, leftovers of the group (an MCP server or hook Codex started) go too. A normal exit
      // leaves the group alone: a hook may rightly have started background work that outlives Codex.
      if (timedOut) killGroup('SIGKILL');
      resolve({ code, signal, stdout, stderr, timedOut, ms: performance.now() - started });
    });
  });
}

/** One line saying how a run ended, for failure messages. */
export function describeRun(r, label) {
  const how = r.timedOut ? 'timed out and was killed' : r.signal ? `died of ${r.signal}` : `exited ${r.code}`;
  const tail = (s) => s.trim().split('\n').slice(-8).join('\n');
  return `${label} ${how}\n--- stderr (tail)\n${tail(r.stderr)}\n--- stdout (tail)\n${tail(r.stdout)}`;
}

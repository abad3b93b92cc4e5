// Entry point of the codex-memory command (bundled to dist/cli.js).
import { runCli } from './run';

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
}).then((code) => {
  process.exitCode = code;
});

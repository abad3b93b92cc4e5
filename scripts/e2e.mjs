#!/usr/bin/env node
// `npm run test:e2e`: the product against the real Codex CLI (pinned), in temporary folders only.
// Codex talks to a scripted Responses server on 127.0.0.1; every assertion reads what Codex really sent
// (the server's request log) or wrote (rollouts, config.toml, the vault through our hooks).
// Ends with `N passed, N failed`; exits 1 on any failure, including a Codex that cannot be installed.
// E2E_KEEP=1 keeps the temp folder for a look afterwards.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODEX_VERSION, codexVersion, ensureCodex } from './e2e/codex-install.mjs';
import { createReport } from './e2e/report.mjs';
import { startResponsesServer } from './e2e/responses-server.mjs';
import { createWorkspace } from './e2e/workspace.mjs';
import { codexRealFixtures, sharedDir } from './e2e/fixtures.mjs';
import { setup } from './e2e/steps/setup.mjs';
import { memoryLoop } from './e2e/steps/memory-loop.mjs';
import { promptRecall } from './e2e/steps/prompt-recall.mjs';
import { mcp } from './e2e/steps/mcp.mjs';
import { goal } from './e2e/steps/goal.mjs';
import { fixtureRollouts, runRollouts } from './e2e/steps/rollouts.mjs';
import { distiller } from './e2e/steps/distiller.mjs';
import { turnOff } from './e2e/steps/turn-off.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = createReport();
const LIMIT_MS = 6 * 60_000;

async function main() {
  let codexJs;
  const installed = await report.check(`the pinned Codex CLI ${CODEX_VERSION} is installed and answers --version`, () => {
    codexJs = ensureCodex(root);
    assert.equal(codexVersion(codexJs), CODEX_VERSION);
  });
  const built = await report.check('dist/cli.js is built', () => {
    assert.ok(existsSync(join(root, 'dist', 'cli.js')), 'run `npm run build` first (npm run test:e2e does)');
  });
  if (!installed || !built) return;

  const server = await startResponsesServer();
  const ws = createWorkspace({ root, codexJs, baseUrl: server.baseUrl });
  server.logTo(join(ws.tmp, 'requests.jsonl'));
  report.note(`workspace ${ws.tmp}; scripted model at ${server.baseUrl}`);
  const ctx = { root, ws, server, report, state: {} };
  try {
    await setup(ctx);
    await memoryLoop(ctx);
    await promptRecall(ctx);
    await mcp(ctx);
    await goal(ctx);
    await turnOff(ctx);
    await runRollouts(ctx);
    await report.check('the scripted model played every turn as scripted (none extra, none failed)', () => {
      assert.deepEqual(server.errors, []);
      assert.equal(server.unscripted, 0, `${server.unscripted} request(s) beyond the script`);
    });

    const shared = sharedDir(root);
    if (!shared) {
      report.skip('codex-real fixtures', '../shared is absent beside the repository; fixture rollouts and the distiller bar were not checked');
    } else {
      const fixtures = codexRealFixtures(shared);
      await fixtureRollouts({ ...ctx, fixtures });
      await distiller({ ...ctx, fixtures });
    }
  } finally {
    await server.close();
    if (process.env.E2E_KEEP === '1') report.note(`kept ${ws.tmp}`);
    else rmSync(ws.tmp, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  void report
    .check(`the e2e run finishes within ${LIMIT_MS / 60_000} minutes`, () => assert.fail('still running; stopped'))
    .then(() => {
      report.summary();
      process.exit(1);
    });
}, LIMIT_MS);
watchdog.unref();

try {
  await main();
} catch (err) {
  await report.check('the e2e harness itself runs', () => {
    throw err;
  });
}
clearTimeout(watchdog);
process.exitCode = report.summary() > 0 ? 1 : 0;

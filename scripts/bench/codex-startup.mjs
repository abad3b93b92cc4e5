// Codex session start with our SessionStart hook against without, in the same run, on a 10k-note vault.
// Start = from spawning `codex exec` to its first request reaching the (scripted) model: that request already
// carries the hook's context pack, so the difference is exactly what the hook adds before the model sees
// anything. Runs alternate with/without so drift on a shared machine hits both alike; the added cost is the
// median of the paired differences. Goal: under 300 ms. Measured in the steady state (the vault's index cache
// exists); the first session on a vault that has none is reported beside it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodex } from '../e2e/codex-install.mjs';
import { startResponsesServer } from '../e2e/responses-server.mjs';
import { createWorkspace, PROJECT_DECISION, writeProjectNote } from '../e2e/workspace.mjs';
import { run as runProcess } from '../e2e/processes.mjs';
import { itemBeforePrompt } from '../e2e/requests.mjs';
import { generateVault } from '../gen-vault.mjs';

export const title = 'Codex session start';

const PROMPT = 'Say OK.';
/** Whether the hook's pack (with the project's hand-written decision) sat right before the prompt. */
function packArrived(request) {
  const before = itemBeforePrompt(request, PROMPT);
  return Boolean(before?.role === 'developer' && before.text.includes(PROJECT_DECISION.slice(0, 30)));
}

/** One line, so the bench table stays a table. */
const failure = (r, label) => `${label} ${r.timedOut ? 'timed out' : `exited ${r.code}`}: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 160)}`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One trivial `codex exec` turn: ms until the model's first request, ms for the whole run, that request. */
async function startOnce(ws, server, codexHome) {
  server.play([{ say: 'OK.' }]);
  const first = server.nextRequest();
  const t0 = performance.now();
  const r = await ws.codex(['exec', '--dangerously-bypass-hook-trust', '-s', 'read-only', PROMPT], {
    env: { CODEX_HOME: codexHome },
    timeoutMs: 60_000,
  });
  if (r.code !== 0) throw new Error(failure(r, 'codex exec'));
  const req = await Promise.race([first, new Promise((res) => setTimeout(() => res(null), 1000))]);
  if (!req) throw new Error('codex exec finished without a request reaching the scripted model');
  return { start: req.at - t0, total: r.ms, request: req };
}

export async function run({ root, tmp, cli, quick }) {
  const notes = quick ? 1000 : 10000;
  const rounds = quick ? 3 : 9;
  const codexJs = ensureCodex(root, () => {});
  const server = await startResponsesServer();
  try {
    const ws = createWorkspace({ root, codexJs, baseUrl: server.baseUrl, parent: tmp });
    generateVault(ws.vault, { notes });
    writeProjectNote(ws);
    const plain = ws.codexHome;
    const hooked = join(ws.tmp, 'codex-home-hooked');
    mkdirSync(hooked, { recursive: true });
    copyFileSync(join(plain, 'config.toml'), join(hooked, 'config.toml'));
    const inst = await runProcess(process.execPath, [cli, 'hooks', 'install', '--vault', ws.vault, '--codex-home', hooked], {
      env: ws.env,
      cwd: ws.repo,
    });
    if (inst.code !== 0) throw new Error(failure(inst, 'codex-memory hooks install'));

    // Cold: a new CODEX_HOME (Codex unpacks its skills) and no index cache yet (the hook has to build it).
    const coldPlain = await startOnce(ws, server, plain);
    const coldHooked = await startOnce(ws, server, hooked);
    const coldDelivered = packArrived(coldHooked.request);
    // Steady state, as after any earlier use of the vault: the index cache exists. One uncounted run each.
    const warm = await runProcess(process.execPath, [cli, 'context', 'warm up', '--vault', ws.vault, '--cwd', ws.repo], {
      env: ws.env,
      cwd: ws.repo,
      timeoutMs: 180_000,
    });
    if (warm.code !== 0) throw new Error(failure(warm, 'codex-memory context'));
    await startOnce(ws, server, plain);
    await startOnce(ws, server, hooked);

    const without = [];
    const withHook = [];
    let last;
    for (let i = 0; i < rounds; i++) {
      const pair = i % 2 === 0 ? [plain, hooked] : [hooked, plain];
      for (const home of pair) {
        const r = await startOnce(ws, server, home);
        if (home === plain) without.push(r.start);
        else {
          withHook.push(r.start);
          last = r;
        }
      }
    }
    // A hook that gives up (fail-open) is fast and useless: the figure only counts if the pack arrived.
    const delivered = packArrived(last.request);
    const added = median(withHook.map((w, i) => w - without[i]));
    const size = `${notes / 1000}k notes, ${rounds} runs`;
    return [
      { case: 'codex exec, no hook', size, metric: 'start to first request (median)', value: median(without), unit: 'ms' },
      { case: 'codex exec, our SessionStart hook', size, metric: 'start to first request (median)', value: median(withHook), unit: 'ms' },
      {
        case: 'added by the hook',
        size,
        metric: 'median of paired differences',
        value: added,
        unit: 'ms',
        target: '< 300 ms',
        ok: added < 300 && delivered,
      },
      {
        case: 'context pack arrived',
        size,
        metric: delivered ? 'yes: project decision before the prompt' : 'NO: the hook delivered no pack',
        value: delivered ? 1 : 0,
        unit: '',
        ok: delivered,
      },
      {
        case: 'added by the hook, first session',
        size: `${notes / 1000}k notes, no index yet`,
        metric: 'cold start difference',
        value: coldHooked.start - coldPlain.start,
        unit: 'ms',
      },
      {
        case: 'context pack arrived, first session',
        size: `${notes / 1000}k notes, no index yet`,
        metric: coldDelivered ? 'yes' : 'NO: the hook delivered no pack',
        value: coldDelivered ? 1 : 0,
        unit: '',
      },
    ];
  } finally {
    await server.close();
  }
}

// A separate writer process for the lock tests (bundled by the test with esbuild, then run with node).
//   bump VAULT N LOG     N read-modify-write increments of counter.md under withLock, logging start/end
//   hold VAULT           take the lock, print "held", then wait until killed
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { openNodeVault } from '../../../src/node/open-vault';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const [mode, vault, count, log] = process.argv.slice(2);
  const { store } = await openNodeVault(vault, undefined, { lock: { timeoutMs: 60_000 } });
  if (mode === 'hold') {
    await store.withLock(async () => {
      process.stdout.write('held\n');
      await new Promise(() => setInterval(() => undefined, 1000)); // until killed
    });
    return;
  }
  for (let i = 0; i < Number(count); i++) {
    await store.withLock(async () => {
      await fs.appendFile(log, `${process.pid} start\n`);
      const n = await store.read('counter.md');
      await sleep(3);
      await store.replace('counter.md', n!, String(Number(n) + 1));
      await fs.appendFile(log, `${process.pid} end\n`);
    });
  }
  process.stdout.write(`done ${path.basename(vault)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

// A small real file system that can fill up or turn read-only on demand: a tmpfs mounted for the test. Mounting
// needs root on Linux (a container or CI); elsewhere `mounted` is false and the caller skips with a notice.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface Tmpfs {
  dir: string;
  mounted: boolean;
  /** Fills the file system until `leaveBytes` (about; tmpfs counts whole pages) are free; returns the filler. */
  fill(leaveBytes: number): Promise<string>;
  readOnly(on: boolean): void;
  unmount(): Promise<void>;
}

export async function mountTmpfs(dir: string, sizeKb: number): Promise<Tmpfs> {
  await fs.mkdir(dir, { recursive: true });
  const mounted =
    process.platform === 'linux' && spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
  let fillers = 0;
  return {
    dir,
    mounted,
    async fill(leaveBytes) {
      const file = path.join(dir, `.filler-${fillers++}`);
      const st = await fs.statfs(dir);
      const free = st.bavail * st.bsize;
      const handle = await fs.open(file, 'w');
      try {
        const block = Buffer.alloc(4096, 1);
        for (let written = 0; written + block.length <= free - leaveBytes; written += block.length) await handle.write(block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        await handle.close();
      }
      return file;
    },
    readOnly(on) {
      const r = spawnSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`could not remount ${dir} ${on ? 'read-only' : 'read-write'}`);
    },
    async unmount() {
      if (mounted) spawnSync('umount', [dir], { stdio: 'ignore' });
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

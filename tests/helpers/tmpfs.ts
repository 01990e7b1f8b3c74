// A real small filesystem for tests about disks: a tmpfs mounted for the test (root only), filled
// up on demand. Where mounting is not permitted, `tmpfsUnavailable` says why, for skipIf.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function mount(dir: string, sizeBytes: number): string | null {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.error) return `mount could not run (${result.error.message})`;
  return result.status === 0 ? null : `mount -t tmpfs failed: ${result.stderr.trim() || `exit ${result.status}`}`;
}

function probe(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync(join(tmpdir(), 'portal-tmpfs-probe-'));
  const problem = mount(dir, 1024 * 1024);
  if (problem === null) spawnSync('umount', [dir]);
  rmdirSync(dir);
  return problem;
}

/** null when a tmpfs can be mounted here, else the reason it cannot (the test is skipped). */
export const tmpfsUnavailable: string | null = probe();

export interface Tmpfs {
  path: string;
  unmount: () => void;
}

/** Mounts a fresh tmpfs of `sizeBytes` on a new temp folder. */
export function mountTmpfs(sizeBytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'portal-tmpfs-'));
  const problem = mount(dir, sizeBytes);
  if (problem) throw new Error(problem);
  return {
    path: dir,
    unmount: () => {
      spawnSync('umount', ['-l', dir]);
      rmdirSync(dir);
    },
  };
}

/** Writes a filler file into `dir` until the disk refuses (ENOSPC); returns a function that removes it. */
export function fillDisk(dir: string): () => void {
  const file = join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  try {
    // Large chunks first, then page-sized ones for the last bit of room.
    for (const size of [1024 * 1024, 4096]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => rmSync(file, { force: true });
}

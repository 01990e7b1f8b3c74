// Faults below the application: a full disk. SQLite answers a write it cannot store with
// SQLITE_FULL (and rolls the transaction back, so nothing is half-written); Node's own file writes
// fail with ENOSPC, or EDQUOT over a quota. Both are the operator's to fix, not a bug: the client
// gets a 503 that says so, and /api/health reports it.
import { statfsSync } from 'node:fs';

/** What a client is told when its write could not be stored for lack of space. */
export const STORAGE_FULL_MESSAGE = '服务器存储空间不足，本次提交未能保存，请稍后再试；如有急事请致电教育局';

/** A full disk is not fixed in seconds: clients that retry by themselves wait this long. */
export const STORAGE_FULL_RETRY_AFTER_SECONDS = 300;

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/** True when `error` (or an error it wraps as `cause`) says the disk or quota is full. */
export function isStorageFull(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface FreeSpace {
  /** Bytes an unprivileged process may still write (statfs bavail × bsize). */
  freeBytes: number;
  totalBytes: number;
}

/** Free space of the filesystem holding `path` (which must exist). */
export function freeSpace(path: string): FreeSpace {
  const stats = statfsSync(path);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** There is less free space than a task needs; the message says how much and what to do. */
export class LowSpaceError extends Error {
  override name = 'LowSpaceError';
}

/**
 * Throws a LowSpaceError unless the filesystem holding `path` has at least `minBytes` free.
 * `task` names what would not start ("the rebuild"), `bound` where the figure comes from.
 */
export function requireFreeSpace(path: string, minBytes: number, task: string, bound = 'MIN_FREE_SPACE_MB'): FreeSpace {
  const space = freeSpace(path);
  if (space.freeBytes < minBytes) {
    throw new LowSpaceError(
      `${task} did not start: only ${megabytes(space.freeBytes)} free on the disk of ${path}, less than the ${megabytes(minBytes)} required (${bound}). ` +
        'Free some space (old backups, logs) or move the data folder to a larger disk, then try again.',
    );
  }
  return space;
}

// The serving process marks the data folder it serves with its pid (<DATA_DIR>/server.pid), so
// that tools which must not run beside it (npm run restore) can tell. A pid file left by a killed
// server names a process that is gone, and counts as no server.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function pidFile(dataDir: string): string {
  return join(dataDir, 'server.pid');
}

/** True when a process with this pid exists (EPERM: it exists, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes this process's pid; returns the function that removes the file again (if still ours). */
export function writePidFile(dataDir: string): () => void {
  const file = pidFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (runningServerPid(dataDir) === process.pid) rmSync(file, { force: true });
  };
}

/** The pid of a server running on this data folder, or null. */
export function runningServerPid(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(pidFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return processAlive(pid) ? pid : null;
}

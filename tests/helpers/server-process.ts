// A server entry point (server/main.ts, scripts/start.ts) as its own process, the way an operator
// runs it: environment in, a ready line out, signals to stop it.
import { type ChildProcess, spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export interface ServerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  /** The port from the ready line (start with PORT=0 and HOST=127.0.0.1). */
  ready: () => Promise<number>;
}

/** `entry` is relative to the project (server/main.ts, scripts/start.ts) or absolute (a server bundle). */
export function startServerProcess(entry: string, env: Record<string, string>, { readyTimeoutMs = 15_000 } = {}): ServerProcess {
  const child = spawn(process.execPath, [isAbsolute(entry) ? entry : join(PROJECT_ROOT, entry)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = () =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line in: ${output}`)), readyTimeoutMs);
      const check = () => {
        const match = /is ready: http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`exited with ${child.exitCode}: ${output}`));
        } else setTimeout(check, 50);
      };
      check();
    });
  return { child, exited, output: () => output, ready };
}

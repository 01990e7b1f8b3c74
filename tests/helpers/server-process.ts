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
  /**
   * Resolves with the first match of `pattern` in the output (from its start), as soon as the line
   * arrives; rejects when the process exits first or after `timeoutMs` (a bound, not a wait).
   */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
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
  const waitFor = (pattern: RegExp, timeoutMs = readyTimeoutMs) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        child.off('exit', gone);
      };
      const check = () => {
        const match = pattern.exec(output);
        if (match) {
          stop();
          resolve(match);
        }
      };
      const gone = () => {
        check();
        stop();
        reject(new Error(`exited with ${child.exitCode} before ${pattern}: ${output}`));
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no ${pattern} in: ${output}`));
      }, timeoutMs);
      // Listeners added after the output collectors above, so `output` already holds the chunk.
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.on('exit', gone);
      if (child.exitCode !== null) gone();
      else check();
    });
  const ready = async () => Number((await waitFor(/is ready: http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
  return { child, exited, output: () => output, ready, waitFor };
}

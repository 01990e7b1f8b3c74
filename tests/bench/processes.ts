// Processes of a benchmark: the portal started as `npm start` starts it (scripts/run.mjs: the
// server bundle, its V8 flags and allocator settings, the site built in a child on a first start),
// and what /proc tells about a process (resident memory, CPU time, children).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';
import { REBUILD_ENV, REBUILD_NODE_FLAGS } from '../../server/process-settings.mjs';

export interface Server {
  pid: number;
  port: number;
  process: ChildProcess;
}

export function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null; // the process is gone
  }
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user and system) a process has used, in seconds; to the clock tick (10 ms). */
export function cpuSeconds(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

export function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** The rebuild child's V8 flags and allocator settings as a benchmark prints them. */
export function rebuildSettingsText(): string {
  return [...REBUILD_NODE_FLAGS, ...Object.entries(REBUILD_ENV).map(([name, value]) => `${name}=${value}`)].join(' ');
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Resolves with the port of the first line matching `pattern`; `onTick` runs every 100 ms until then. */
export function waitForReady(child: ChildProcess, pattern: RegExp, onTick: () => void): Promise<number> {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      onTick();
      const match = pattern.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the server exited:\n${output}`));
      }
    }, 100);
  });
}

/**
 * `npm start` without npm: scripts/run.mjs start on a new data folder, as the deployment's systemd
 * unit runs it. The first start seeds the demo bureau (SEED_DEMO) and builds the site in a child
 * before it listens; `pid` is the serving process, `buildPeakMb` that child's peak.
 */
export async function startPortal(dataDir: string, env: Record<string, string> = {}): Promise<Server & { buildPeakMb: number }> {
  const runner = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'run.mjs'), 'start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NIGHTLY_REBUILD_TIME: 'off', SEED_DEMO: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let servingPid = 0;
  let buildPeakMb = 0;
  const port = await waitForReady(runner, /is ready: http:\/\/127\.0\.0\.1:(\d+)\//, () => {
    servingPid ||= childrenOf(runner.pid!).find((pid) => /scripts\/start\.ts|server\/start\.mjs/.test(commandLine(pid))) ?? 0;
    for (const build of servingPid ? childrenOf(servingPid) : []) buildPeakMb = Math.max(buildPeakMb, statusField(build, 'VmHWM') ?? 0);
  });
  if (!servingPid) throw new Error('could not find the serving process under scripts/run.mjs');
  return { pid: servingPid, port, process: runner, buildPeakMb };
}

export async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.process.on('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

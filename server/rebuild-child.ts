// Runs scripts/rebuild.ts in a child process: the Astro build needs hundreds of megabytes and
// loads a whole toolchain, none of which should stay in the serving process. The child parses
// the same config (childProcessEnv), reports its result over IPC, and cleans up after itself when
// told to stop (SIGTERM), so a stopped or failed build leaves the served site as it was.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type AppConfig, childProcessEnv, PROJECT_ROOT } from './config.ts';
import { REBUILD_ENV, REBUILD_NODE_FLAGS } from './process-settings.mjs';
import { type BuildInfo, buildInfoSchema, type RebuildFailureReason, type RebuildReport } from './site-builds.ts';

export type { RebuildFailureReason };

const REBUILD_SCRIPT = join(PROJECT_ROOT, 'scripts', 'rebuild.ts');
/** After SIGTERM a build cleans up in well under a second; one that does not is killed. */
const STOP_GRACE_MS = 10_000;
const STDERR_TAIL_CHARS = 2_000;

export class RebuildChildError extends Error {
  override name = 'RebuildChildError';
  readonly reason: RebuildFailureReason;
  constructor(reason: RebuildFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface RebuildChildOptions {
  /** Stops the build (SIGTERM to the child); the promise then rejects with reason 'stopped'. */
  signal?: AbortSignal;
  /** Another Astro project to build (tests use a broken one). */
  root?: string;
  /** Receives the child's output; by default it goes to this process's stdout and stderr. */
  output?: (text: string, stream: 'stdout' | 'stderr') => void;
}

interface RunningRebuild {
  stop: () => void;
  settled: Promise<unknown>;
}
const running = new Set<RunningRebuild>();

function writeThrough(text: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(text);
}

/**
 * Rebuilds the site in a child process and resolves with the new build's info. Rejects with a
 * RebuildChildError whose `reason` says what happened; the served site is then unchanged.
 */
export function runRebuildChild(config: AppConfig, options: RebuildChildOptions = {}): Promise<BuildInfo> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new RebuildChildError('stopped', 'the rebuild was stopped before it started'));
  const output = options.output ?? writeThrough;
  const child = spawn(process.execPath, [...REBUILD_NODE_FLAGS, REBUILD_SCRIPT, ...(options.root ? ['--root', options.root] : [])], {
    cwd: PROJECT_ROOT,
    env: { ...REBUILD_ENV, ...childProcessEnv(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => output(text, 'stdout'));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    output(text, 'stderr');
  });
  let report: RebuildReport | undefined;
  child.on('message', (message: RebuildReport) => {
    report = message;
  });

  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (stopping || child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    killTimer.unref();
  };
  signal?.addEventListener('abort', stop, { once: true });

  const settled = new Promise<BuildInfo>((resolve, reject) => {
    let done = false;
    const finish = (outcome: { code: number | null; exitSignal: NodeJS.Signals | null } | Error) => {
      if (done) return;
      done = true;
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', stop);
      running.delete(entry);
      if (outcome instanceof Error) {
        reject(new RebuildChildError('failed', `could not start the rebuild (${process.execPath} ${REBUILD_SCRIPT}): ${outcome.message}`));
      } else if (report?.kind === 'built' && outcome.code === 0) {
        resolve(buildInfoSchema.parse(report.info));
      } else if (report?.kind === 'failed') {
        reject(new RebuildChildError(report.reason, `the rebuild ${report.reason === 'stopped' ? 'was stopped' : 'failed'}: ${report.message}; the site being served was not changed`));
      } else if (stopping) {
        reject(new RebuildChildError('stopped', 'the rebuild was stopped; the site being served was not changed'));
      } else {
        const how = outcome.exitSignal ? `was killed by ${outcome.exitSignal}` : `exited with code ${outcome.code}`;
        reject(new RebuildChildError('failed', `the rebuild process ${how} without a result; the site being served was not changed\n${stderrTail}`));
      }
    };
    child.on('error', finish);
    // 'close' comes after the output and the IPC channel have been read to the end.
    child.on('close', (code, exitSignal) => finish({ code, exitSignal }));
  });
  const entry: RunningRebuild = { stop, settled: settled.catch(() => {}) };
  running.add(entry);
  return settled;
}

/** Stops every rebuild this process started and waits until each child has exited (shutdown). */
export async function stopRebuildChildren(): Promise<void> {
  const all = [...running];
  for (const rebuild of all) rebuild.stop();
  await Promise.all(all.map((rebuild) => rebuild.settled));
}

/** Rebuilds running in child processes of this process. */
export function runningRebuildCount(): number {
  return running.size;
}

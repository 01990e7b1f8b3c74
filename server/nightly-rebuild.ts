// Runs scripts/rebuild.ts in a child process once a day at the configured bureau-local time.
// A child process keeps the build's memory and global state out of the API process, and a
// failing build cannot take the API down with it.
import { spawn } from 'node:child_process';
import type { FastifyBaseLogger } from 'fastify';
import { join } from 'node:path';
import { type AppConfig, PROJECT_ROOT } from './config.ts';

/** Milliseconds from `now` to the next HH:MM in Asia/Shanghai (UTC+8, no daylight saving). */
export function msUntilNext(time: string, now: Date): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const shanghaiNow = new Date(now.getTime() + 8 * 3600_000);
  const target = new Date(Date.UTC(shanghaiNow.getUTCFullYear(), shanghaiNow.getUTCMonth(), shanghaiNow.getUTCDate(), hours, minutes));
  let delta = target.getTime() - shanghaiNow.getTime();
  if (delta <= 0) delta += 24 * 3600_000;
  return delta;
}

export function runRebuildProcess(log: FastifyBaseLogger): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, join(PROJECT_ROOT, 'scripts', 'rebuild.ts')], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error) => {
      log.error({ err: error }, 'could not start the rebuild');
      resolve(false);
    });
    child.on('exit', (code) => {
      if (code === 0) log.info('nightly rebuild finished');
      else log.error({ code }, 'nightly rebuild failed; the previous site is still served');
      resolve(code === 0);
    });
  });
}

/**
 * Returns a function that cancels the schedule. `onFailed` hears of a failed rebuild (the mail
 * outbox tells the 系统管理员: enqueueRebuildFailedMail).
 */
export function scheduleNightlyRebuild(config: AppConfig, log: FastifyBaseLogger, onFailed?: (reason: string) => void): () => void {
  if (!config.nightlyRebuildTime) return () => {};
  const time = config.nightlyRebuildTime;
  let timer: NodeJS.Timeout;
  const arm = () => {
    timer = setTimeout(() => {
      void runRebuildProcess(log)
        .then((ok) => {
          if (!ok) onFailed?.('夜间自动重建失败（重建进程异常退出），构建输出见服务器日志');
        })
        .catch((error: unknown) => log.error({ err: error }, 'could not report the failed rebuild'))
        .finally(arm);
    }, msUntilNext(time, new Date()));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

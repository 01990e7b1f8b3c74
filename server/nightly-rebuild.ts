// Runs scripts/rebuild.ts in a child process once a day at the configured bureau-local time.
// A child process keeps the build's memory and global state out of the API process, and a
// failing build cannot take the API down with it.
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './config.ts';
import { RebuildChildError, runRebuildChild } from './rebuild-child.ts';

/** Milliseconds from `now` to the next HH:MM in Asia/Shanghai (UTC+8, no daylight saving). */
export function msUntilNext(time: string, now: Date): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const shanghaiNow = new Date(now.getTime() + 8 * 3600_000);
  const target = new Date(Date.UTC(shanghaiNow.getUTCFullYear(), shanghaiNow.getUTCMonth(), shanghaiNow.getUTCDate(), hours, minutes));
  let delta = target.getTime() - shanghaiNow.getTime();
  if (delta <= 0) delta += 24 * 3600_000;
  return delta;
}

/** One rebuild in a child process, logged; resolves true when the new site is live. */
export async function runRebuildProcess(log: FastifyBaseLogger, config: AppConfig, signal?: AbortSignal): Promise<boolean> {
  try {
    const info = await runRebuildChild(config, signal ? { signal } : {});
    log.info({ build: info.id, pages: info.pages, durationMs: info.durationMs }, 'nightly rebuild finished');
    return true;
  } catch (error) {
    if (error instanceof RebuildChildError && error.reason === 'stopped') {
      log.warn('nightly rebuild stopped by shutdown; the previous site is still served (run npm run rebuild to publish the latest data)');
    } else {
      log.error({ reason: error instanceof RebuildChildError ? error.reason : 'failed', detail: error instanceof Error ? error.message : String(error) }, 'nightly rebuild failed; the previous site is still served');
    }
    return false;
  }
}

/**
 * Returns a function that cancels the schedule, stops a rebuild that is running (it cleans up
 * and the served site stays as it was) and resolves once its child process has exited.
 * `onFailed` hears of a failed rebuild (the mail outbox tells the 系统管理员: enqueueRebuildFailedMail).
 */
export function scheduleNightlyRebuild(config: AppConfig, log: FastifyBaseLogger, onFailed?: (reason: string) => void): () => Promise<void> {
  if (!config.nightlyRebuildTime) return async () => {};
  const time = config.nightlyRebuildTime;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const arm = () => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      current = runRebuildProcess(log, config, stopping.signal)
        .then((ok) => {
          if (!ok && !stopping.signal.aborted) onFailed?.('夜间自动重建失败（重建进程异常退出），构建输出见服务器日志');
        })
        .catch((error: unknown) => log.error({ err: error }, 'could not report the failed rebuild'))
        .finally(arm);
    }, msUntilNext(time, new Date()));
    timer.unref();
  };
  arm();
  return async () => {
    stopping.abort();
    clearTimeout(timer);
    await current;
  };
}

// The nightly rebuild: once a day at the configured bureau-local time, the same rebuild as the
// admin app's 重建网站 button (server/plugins/site-rebuilds.ts: scripts/rebuild.ts in a child
// process, so the build's memory stays out of the API process and a failing build cannot take
// the API down with it). It stays the safety net behind the rebuilds after publications.
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './config.ts';
import { msUntilBureauTime } from './domain/bureau-time.ts';

/**
 * Starts `rebuild` once a day at the configured bureau-local time (the server's site rebuilds:
 * app.siteRebuilds.start('nightly'), which records, audits and reports a failure by mail).
 * Returns a function that cancels the schedule and waits for a nightly rebuild in progress.
 */
export function scheduleNightlyRebuild(config: AppConfig, log: FastifyBaseLogger, rebuild: () => Promise<unknown>): () => Promise<void> {
  if (!config.nightlyRebuildTime) return async () => {};
  const time = config.nightlyRebuildTime;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = rebuild()
        .catch((error: unknown) => log.error({ err: error }, 'nightly rebuild could not start'))
        .finally(arm);
    }, msUntilBureauTime(time, new Date()));
    timer.unref();
  };
  arm();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

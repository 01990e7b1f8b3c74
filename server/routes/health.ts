import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { schemaVersion } from '../../db/migrate.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { missingCalendarYears } from '../domain/deadlines.ts';
import { outboxCounts } from '../../db/queries/mail.ts';
import { currentBuildInfo } from '../site-builds.ts';
import { freeSpace, megabytes } from '../storage.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';

const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  schemaVersion: z.number().int().nullable(),
  site: z.object({
    builtAt: z.string().nullable(),
    dataAsOf: z.string().nullable(),
    /** The last build this server finished (nightly, 重建网站 or after a publication); a failed one kept the site above. */
    lastBuild: z
      .object({
        trigger: z.string(),
        result: z.enum(['built', 'failed']),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        durationMs: z.number().int().nullable(),
        pages: z.number().int().nullable(),
        dataAsOf: z.string().nullable(),
      })
      .nullable(),
    rebuildRunning: z.boolean(),
    rebuildScheduledFor: z.string().nullable(),
  }),
  /** Years (this one and the next) with no holiday calendar: their deadlines are provisional. */
  calendar: z.object({ missingYears: z.array(z.number().int()) }),
  /** Mails waiting to be sent (queued or being sent) and mails that need a manual resend; null without a database. */
  mail: z.object({ queued: z.number().int(), failed: z.number().int() }).nullable(),
  /** The data folder's disk; null when it cannot be read. */
  disk: z
    .object({
      freeBytes: z.number().int(),
      totalBytes: z.number().int(),
      /** MIN_FREE_SPACE_MB in bytes: below it the status is degraded and rebuilds do not start. */
      minFreeBytes: z.number().int(),
      /** When a write last failed for lack of space (since the server started), or null. */
      lastFullAt: z.string().nullable(),
    })
    .nullable(),
  /** Why the status is degraded, one line each for the operator (empty when ok). */
  reasons: z.array(z.string()),
});

/**
 * A write that failed for lack of space keeps the status degraded this long even when some space
 * came back (a purge, a rotated log): the operator should still look.
 */
const DISK_FULL_REPORTED_MS = 60 * 60_000;

export interface HealthRoutesOptions {
  siteDir: string;
  now?: () => Date;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    { schema: { response: { 200: healthResponse, 503: healthResponse } } },
    async (_request, reply) => {
      let version: number | null = null;
      let mail: { queued: number; failed: number } | null = null;
      try {
        version = schemaVersion(app.db);
        const counts = outboxCounts(app.db);
        mail = { queued: counts.queued + counts.sending, failed: counts.failed };
      } catch (error) {
        app.log.error({ err: error }, 'health check: database unreachable');
      }
      const reasons: string[] = [];
      if (version === null) reasons.push('the database cannot be read');
      let disk: z.infer<typeof healthResponse>['disk'] = null;
      const { dataDir, minFreeBytes, lastFullAt } = app.storage;
      try {
        const space = freeSpace(dataDir);
        disk = { ...space, minFreeBytes, lastFullAt: lastFullAt?.toISOString() ?? null };
        if (space.freeBytes < minFreeBytes) reasons.push(`low disk space: ${megabytes(space.freeBytes)} free in the data folder, below MIN_FREE_SPACE_MB (${megabytes(minFreeBytes)})`);
      } catch (error) {
        app.log.error({ err: error }, 'health check: cannot read the free space of the data folder');
        reasons.push(`the free space of the data folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      if (lastFullAt && now().getTime() - lastFullAt.getTime() < DISK_FULL_REPORTED_MS) {
        reasons.push(`a write failed for lack of disk space at ${lastFullAt.toISOString()}`);
      }
      const build = currentBuildInfo(options.siteDir);
      let rebuilds: { lastBuild: z.infer<typeof healthResponse>['site']['lastBuild']; rebuildRunning: boolean; rebuildScheduledFor: string | null } = {
        lastBuild: null,
        rebuildRunning: false,
        rebuildScheduledFor: null,
      };
      if (version !== null) {
        const status = app.siteRebuilds.status();
        const last = status.lastFinished;
        rebuilds = {
          lastBuild: last && {
            trigger: last.trigger,
            result: last.status === 'built' ? 'built' : 'failed',
            startedAt: last.startedAt,
            finishedAt: last.finishedAt,
            durationMs: last.durationMs,
            pages: last.pages,
            dataAsOf: last.dataAsOf,
          },
          rebuildRunning: status.running !== null,
          rebuildScheduledFor: status.scheduledFor,
        };
      }
      let missingYears: number[] = [];
      if (version !== null) missingYears = missingCalendarYears(app.workCalendar(), bureauDate(now()));
      const degraded = reasons.length > 0;
      const body = {
        status: degraded ? ('degraded' as const) : ('ok' as const),
        database: version === null ? ('unreachable' as const) : ('ok' as const),
        schemaVersion: version,
        site: { builtAt: build?.builtAt ?? null, dataAsOf: build?.dataAsOf ?? null, ...rebuilds },
        calendar: { missingYears },
        mail,
        disk,
        reasons,
      };
      // Monitoring that only looks at the status code sees a degraded server too.
      return reply.code(degraded ? 503 : 200).send(body);
    },
  );
};

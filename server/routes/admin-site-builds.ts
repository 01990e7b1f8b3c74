// 重建网站: the build records and the button that starts a rebuild, for the 办公室 and the
// 系统管理员. See server/plugins/site-rebuilds.ts for what a rebuild does.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BUILD_TRIGGERS, type SiteBuildRecord } from '../../db/queries/site-builds.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerAction } from '../plugins/action-answer.ts';

const errorResponse = z.object({ statusCode: z.number().int(), error: z.string(), message: z.string() });

export const BUILD_TRIGGER_LABELS = { nightly: '夜间自动', manual: '手动', publication: '发布后自动', script: '命令行' } as const;
export const BUILD_STATUS_LABELS = { running: '正在重建', built: '成功', failed: '失败' } as const;

const siteBuild = z.object({
  id: z.number().int(),
  trigger: z.enum(BUILD_TRIGGERS),
  triggerLabel: z.string(),
  requestedBy: z.string().nullable(),
  status: z.enum(['running', 'built', 'failed']),
  statusLabel: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  pages: z.number().int().nullable(),
  /** The figures' 数据截至. */
  dataAsOf: z.string().nullable(),
  /** Why it failed (the served site was kept). */
  error: z.string().nullable(),
});
export type SiteBuildView = z.infer<typeof siteBuild>;

const statusResponse = z.object({
  running: siteBuild.nullable(),
  scheduledFor: z.string().nullable(),
  lastFinished: siteBuild.nullable(),
  recent: z.array(siteBuild),
});

export function siteBuildView(record: SiteBuildRecord): SiteBuildView {
  return {
    id: record.id,
    trigger: record.trigger,
    triggerLabel: BUILD_TRIGGER_LABELS[record.trigger],
    requestedBy: record.requestedByName,
    status: record.status,
    statusLabel: BUILD_STATUS_LABELS[record.status],
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    pages: record.pages,
    dataAsOf: record.dataAsOf,
    error: record.error,
  };
}

export interface AdminSiteBuildsRoutesOptions {
  hashIp: (address: string) => string | null;
}

export const adminSiteBuildsRoutes: FastifyPluginAsync<AdminSiteBuildsRoutesOptions> = async (app, options) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const guard = app.requireStaff('sysadmin', 'office');

  routes.get('/api/admin/site-builds', { onRequest: guard, schema: { response: { 200: statusResponse, 401: errorResponse, 403: errorResponse } } }, async () => {
    const status = app.siteRebuilds.status();
    return {
      running: status.running && siteBuildView(status.running),
      scheduledFor: status.scheduledFor,
      lastFinished: status.lastFinished && siteBuildView(status.lastFinished),
      recent: status.recent.map(siteBuildView),
    };
  });

  routes.post(
    '/api/admin/site-builds',
    { onRequest: guard, schema: { response: { 202: z.object({ build: siteBuild }), 401: errorResponse, 403: errorResponse, 409: errorResponse } } },
    async (request, reply) => {
      const result = app.siteRebuilds.start('manual', request.staff!, options.hashIp(request.ip));
      return answerAction(reply, result, ({ build }) => ({ build: siteBuildView(build) }), 202);
    },
  );
};

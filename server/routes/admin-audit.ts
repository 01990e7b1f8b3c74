// The audit log, for the 系统管理员 only: a filtered, paged list and a CSV export.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { endOfBureauDay, startOfBureauDay } from '../domain/bureau-time.ts';
import { iterateAudit, listAudit, type AuditFilters } from '../../db/queries/audit.ts';
import { idParam } from '../domain/admin-input.ts';
import { auditActionLabel, csvCell } from '../domain/audit-labels.ts';
import { optional } from '../domain/feedback-input.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { errorResponse } from '../plugins/error-response.ts';

const dateQuery = (label: string) => optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` }));
const auditQuery = z.strictObject(
  {
    action: optional(z.string().max(64, { error: '操作名称过长' }).regex(/^[a-z_.]+$/, { error: '操作名称只含小写字母、下划线和点' })),
    userId: optional(idParam('用户')),
    objectType: optional(z.string().max(32, { error: '对象类型过长' }).regex(/^[a-z_]+$/, { error: '对象类型只含小写字母和下划线' })),
    from: dateQuery('开始日期'),
    to: dateQuery('结束日期'),
    page: optional(idParam('页码').max(100000, { error: '页码过大' })),
    pageSize: optional(idParam('每页条数').max(200, { error: '每页最多 200 条' })),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的查询条件：${issue.keys.join('、')}` : '查询条件有误') },
);

const entrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  objectType: z.string(),
  objectId: z.number().nullable(),
  reason: z.string().nullable(),
  details: z.string().nullable(),
});
const auditPageSchema = z.object({ entries: z.array(entrySchema), total: z.number(), page: z.number(), pageSize: z.number() });
/** The answer's type, for the admin app (site/src/islands/admin/types.ts imports it as a type). */
export type AuditPageView = z.infer<typeof auditPageSchema>;

function filtersOf(query: z.output<typeof auditQuery>): AuditFilters {
  return {
    action: query.action,
    userId: query.userId,
    objectType: query.objectType,
    from: query.from ? startOfBureauDay(query.from) : undefined,
    before: query.to ? endOfBureauDay(query.to) : undefined,
  };
}

function actorName(row: { actorKind: string; actorName: string | null }): string {
  if (row.actorKind === 'public') return '公众';
  if (row.actorKind === 'system') return '系统';
  return row.actorName ?? '（已删除的用户）';
}

export const adminAuditRoutes: FastifyPluginAsync = async (app) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const sysadmin = app.requireStaff('sysadmin');

  routes.get(
    '/api/admin/audit',
    {
      onRequest: sysadmin,
      schema: {
        querystring: auditQuery,
        response: {
          200: auditPageSchema,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 50;
      const { rows, total } = listAudit(app.db, filtersOf(request.query), page, pageSize);
      return {
        entries: rows.map((row) => ({ ...row, actorName: actorName(row), actionLabel: auditActionLabel(row.action) })),
        total,
        page,
        pageSize,
      };
    },
  );

  routes.get(
    '/api/admin/audit.csv',
    { onRequest: sysadmin, schema: { querystring: auditQuery, response: { 200: z.string(), 400: errorResponse, 401: errorResponse, 403: errorResponse } } },
    async (request, reply) => {
      // A BOM so that Excel on Chinese Windows reads the file as UTF-8.
      const lines = ['\uFEFF编号,时间,操作人,操作,对象类型,对象编号,理由,详情'];
      for (const row of iterateAudit(app.db, filtersOf(request.query))) {
        lines.push([row.id, row.at, actorName(row), auditActionLabel(row.action), row.objectType, row.objectId, row.reason, row.details].map(csvCell).join(','));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', "attachment; filename=\"audit-log.csv\"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv")
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );
};

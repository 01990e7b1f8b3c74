// Staff export of the 群众评议档案 by period: GET /api/admin/statistics/scorecards.xlsx and .csv,
// for the 办公室 and the 系统管理员; each export is audited.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { auditStaffAction } from '../actions/staff-audit.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { scorecardRows, scorecardsCsv, scorecardsXlsx } from '../statistics-export.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';

const errorResponse = z.object({ statusCode: z.number().int(), error: z.string(), message: z.string() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const calendarDate = (name: string) =>
  z
    .string({ error: `${name}应为日期，格式 2026-01-01` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${name}应为日期，格式 2026-01-01` })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
      error: `${name}不是有效的日期`,
    });

export const scorecardPeriodQuery = z
  .strictObject(
    // An empty date field of the admin app's form means "not given".
    {
      from: z.preprocess((value) => (value === '' ? undefined : value), calendarDate('开始日期').optional()),
      to: z.preprocess((value) => (value === '' ? undefined : value), calendarDate('结束日期').optional()),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的参数：${issue.keys.join('、')}` : '查询参数有误') },
  )
  .refine((query) => !query.from || !query.to || query.from <= query.to, { error: '开始日期不能晚于结束日期', path: ['from'] });

export interface AdminStatisticsRoutesOptions {
  bureauName: string;
  hashIp: (address: string) => string | null;
  now?: () => Date;
}

function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const adminStatisticsRoutes: FastifyPluginAsync<AdminStatisticsRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const guard = app.requireStaff('sysadmin', 'office');

  for (const format of ['xlsx', 'csv'] as const) {
    routes.get(
      `/api/admin/statistics/scorecards.${format}`,
      { onRequest: guard, schema: { querystring: scorecardPeriodQuery, response: { 200: z.any(), 400: errorResponse, 401: errorResponse, 403: errorResponse } } },
      async (request, reply) => {
        const at = now();
        const today = bureauDate(at);
        // Default: this year up to today.
        const period = { from: request.query.from ?? `${today.slice(0, 4)}-01-01`, to: request.query.to ?? today };
        const rows = scorecardRows(app.db, app.workCalendar(), today, period);
        auditStaffAction(app.db, request.staff!, { now: at, ipHash: options.hashIp(request.ip) }, { type: 'statistics', id: null }, 'statistics.export', { format, ...period });
        const name = `群众评议档案-${period.from}至${period.to}.${format}`;
        const ascii = `scorecards-${period.from}-${period.to}.${format}`;
        reply.header('content-disposition', attachment(name, ascii));
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(scorecardsCsv(rows));
        return reply.type(XLSX_TYPE).send(await scorecardsXlsx(rows, options.bureauName, period));
      },
    );
  }
};

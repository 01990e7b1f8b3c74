// Units, categories, the holiday calendar (系统管理员) and reply templates (办公室).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listCalendarYears } from '../../db/queries/calendar.ts';
import { listCategories, listReplyTemplates, listUnits } from '../../db/queries/settings.ts';
import { idParam } from '../domain/admin-input.ts';
import * as settings from '../actions/admin-settings.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { missingCalendarYears } from '../domain/deadlines.ts';
import { CATEGORY_CODE_PATTERN, optional } from '../domain/feedback-input.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../domain/vocabulary.ts';
import { calendarYearInputSchema } from '../domain/working-days.ts';
import { RequestValidationError, type ZodTypeProvider, fieldErrors } from '../zod-provider.ts';
import { answerAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';

export interface AdminSettingsRoutesOptions {
  now?: () => Date;
  hashIp: (ip: string) => string;
}

const ok = z.object({ ok: z.literal(true) });
const created = z.object({ id: z.number() });
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

const unitsSchema = z.object({ units: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.enum(UNIT_KINDS), kindLabel: z.string() })) });
const categoriesSchema = z.object({
  categories: z.array(z.object({ code: z.string(), label: z.string(), acceptWorkingDays: z.number(), replyWorkingDays: z.number(), isActive: z.boolean() })),
});
const templatesSchema = z.object({
  templates: z.array(
    z.object({
      id: z.number(),
      category: z.string().nullable(),
      categoryLabel: z.string().nullable(),
      unitId: z.number().nullable(),
      unitName: z.string().nullable(),
      title: z.string(),
      body: z.string(),
    }),
  ),
});
const calendarSchema = z.object({
  years: z.array(
    z.object({
      year: z.number(),
      coverage: z.enum(['package', 'table', 'missing']),
      notice: z.string().nullable(),
      days: z.array(z.object({ date: z.string(), isWorkingDay: z.boolean(), name: z.string() })),
    }),
  ),
  missingYears: z.array(z.number()),
});

// The answers' types, for the admin app (site/src/islands/admin/types.ts imports them as types).
export type UnitView = z.infer<typeof unitsSchema>['units'][number];
export type CategoryView = z.infer<typeof categoriesSchema>['categories'][number];
export type ReplyTemplateView = z.infer<typeof templatesSchema>['templates'][number];
export type CalendarView = z.infer<typeof calendarSchema>;

export const adminSettingsRoutes: FastifyPluginAsync<AdminSettingsRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const anyStaff = app.requireStaff('sysadmin', 'office', 'handler', 'ledger');
  const sysadmin = app.requireStaff('sysadmin');
  const templateEditors = app.requireStaff('office', 'sysadmin');
  const templateReaders = app.requireStaff('office', 'handler', 'sysadmin');

  const acting = (request: FastifyRequest) => ({ actor: request.staff!, at: now().toISOString(), ipHash: options.hashIp(request.ip) });
  /** Maps a settings result to HTTP; `success` is the 2xx body. */
  const answer = answerAction;

  routes.get('/api/admin/units', { onRequest: anyStaff, schema: { response: { 200: unitsSchema, ...errors } } }, async () => ({
    units: listUnits(app.db).map((unit) => ({ ...unit, kindLabel: UNIT_KIND_LABELS[unit.kind] })),
  }));
  routes.post('/api/admin/units', { onRequest: sysadmin, schema: { body: settings.unitCreateSchema, response: { 201: created, ...errors } } }, async (request, reply) =>
    answer(reply, settings.createUnit(app.db, request.body, acting(request)), (value) => value, 201),
  );
  routes.patch(
    '/api/admin/units/:id',
    { onRequest: sysadmin, schema: { params: z.strictObject({ id: idParam('单位编号') }), body: settings.unitUpdateSchema, response: { 200: ok, ...errors } } },
    async (request, reply) => answer(reply, settings.updateUnit(app.db, request.params.id, request.body, acting(request)), () => ({ ok: true as const })),
  );

  routes.get('/api/admin/categories', { onRequest: anyStaff, schema: { response: { 200: categoriesSchema, ...errors } } }, async () => ({
    categories: listCategories(app.db),
  }));
  routes.post(
    '/api/admin/categories',
    { onRequest: sysadmin, schema: { body: settings.categoryCreateSchema, response: { 201: ok, ...errors } } },
    async (request, reply) => answer(reply, settings.createCategory(app.db, request.body, acting(request)), () => ({ ok: true as const }), 201),
  );
  routes.patch(
    '/api/admin/categories/:code',
    {
      onRequest: sysadmin,
      schema: {
        params: z.strictObject({ code: z.string().regex(CATEGORY_CODE_PATTERN, { error: '意见类别不存在' }) }),
        body: settings.categoryUpdateSchema,
        response: { 200: ok, ...errors },
      },
    },
    async (request, reply) => answer(reply, settings.updateCategory(app.db, request.params.code, request.body, acting(request)), () => ({ ok: true as const })),
  );

  routes.get('/api/admin/calendar', { onRequest: sysadmin, schema: { response: { 200: calendarSchema, ...errors } } }, async () => {
    const calendar = app.workCalendar();
    const today = bureauDate(now());
    const thisYear = Number(today.slice(0, 4));
    const table = new Map(listCalendarYears(app.db).map((year) => [year.year, year]));
    const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, ...table.keys()])].sort((a, b) => a - b);
    return {
      years: years.map((year) => ({
        year,
        coverage: calendar.coverage(year),
        notice: table.get(year)?.notice ?? null,
        days: table.get(year)?.days ?? [],
      })),
      missingYears: missingCalendarYears(calendar, today),
    };
  });
  routes.put(
    '/api/admin/calendar/:year',
    { onRequest: sysadmin, schema: { params: z.strictObject({ year: idParam('年份') }), response: { 200: ok, ...errors } } },
    async (request, reply) => {
      const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? request.body : {};
      const parsed = calendarYearInputSchema.safeParse({ ...body, year: request.params.year });
      if (!parsed.success) throw new RequestValidationError(fieldErrors(parsed.error));
      const result = settings.saveCalendarYear(app.db, parsed.data, acting(request));
      app.invalidateWorkCalendar();
      return answer(reply, result, () => ({ ok: true as const }));
    },
  );

  routes.get(
    '/api/admin/reply-templates',
    {
      onRequest: templateReaders,
      schema: {
        querystring: z.strictObject({
          category: optional(z.string().regex(CATEGORY_CODE_PATTERN, { error: '意见类别不在可选范围内' })),
          unitId: optional(idParam('单位编号')),
          shared: optional(z.enum(['true'], { error: 'shared 只能是 true' })),
        }),
        response: { 200: templatesSchema, ...errors },
      },
    },
    // A 经办人 is offered their own unit's templates and the shared ones, whatever they ask for;
    // the 办公室 and the 系统管理员 see one unit's (unitId), only the shared (shared=true) or all.
    async (request) => {
      const user = request.staff!;
      const { category, unitId, shared } = request.query;
      const mayChooseUnit = user.roles.includes('office') || user.roles.includes('sysadmin');
      const forUnit = !mayChooseUnit ? user.unitId : shared ? null : unitId;
      return { templates: listReplyTemplates(app.db, category, forUnit) };
    },
  );
  routes.post(
    '/api/admin/reply-templates',
    { onRequest: templateEditors, schema: { body: settings.templateCreateSchema, response: { 201: created, ...errors } } },
    async (request, reply) => answer(reply, settings.createReplyTemplate(app.db, request.body, acting(request)), (value) => value, 201),
  );
  routes.patch(
    '/api/admin/reply-templates/:id',
    { onRequest: templateEditors, schema: { params: settings.templateIdParams, body: settings.templateUpdateSchema, response: { 200: ok, ...errors } } },
    async (request, reply) => answer(reply, settings.changeReplyTemplate(app.db, request.params.id, request.body, acting(request)), () => ({ ok: true as const })),
  );
  routes.delete(
    '/api/admin/reply-templates/:id',
    { onRequest: templateEditors, schema: { params: settings.templateIdParams, response: { 200: ok, ...errors } } },
    async (request, reply) => answer(reply, settings.removeReplyTemplate(app.db, request.params.id, acting(request)), () => ({ ok: true as const })),
  );
};

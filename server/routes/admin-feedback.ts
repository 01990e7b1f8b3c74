// The staff side of opinions: dashboard, inbox, detail with timeline, contact details on request,
// the redaction suggestion, and the workflow's steps. Each route is schemas plus one call.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countsByState, countsByUnit, dashboardCounts, feedbackNames, feedbackTimeline, listInbox } from '../../db/queries/feedback-admin.ts';
import { inboxQuerySchema, idParam } from '../domain/admin-input.ts';
import { excerptText } from '../domain/text-excerpt.ts';
import { bureauDate, endOfBureauDay, startOfBureauDay } from '../domain/bureau-time.ts';
import { missingCalendarYears } from '../domain/deadlines.ts';
import * as steps from '../actions/feedback-steps.ts';
import { feedbackDetailView, inboxItemView, readerScopeOf } from '../actions/feedback-view.ts';
import { actionFromSlug } from '../domain/feedback-workflow.ts';
import { takeFeedbackStep } from '../actions/feedback-step-request.ts';
import { viewContactDetails } from '../actions/contact-view.ts';
import { suggestRedaction, REDACTION_KIND_LABELS } from '../domain/redaction.ts';
import type { ContactVault } from '../actions/contact-details.ts';
import type { StaffUser } from '../domain/staff.ts';
import { FEEDBACK_STATE_LABELS, FEEDBACK_STATES } from '../domain/vocabulary.ts';
import { RequestValidationError, type ZodTypeProvider } from '../zod-provider.ts';
import { BULK_ACTIONS, BULK_MAX, takeBulkStep } from '../actions/feedback-bulk.ts';
import { auditStaffAction } from '../actions/staff-audit.ts';
import { feedbackCsv, feedbackExport, feedbackXlsx } from '../actions/feedback-export.ts';
import type { InboxFilters } from '../../db/queries/feedback-admin.ts';
import { errorResponse } from '../plugins/error-response.ts';
import { type ActionResult, answerAction, answerPublicAction } from '../plugins/action-answer.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';

export interface AdminFeedbackRoutesOptions {
  now?: () => Date;
  /** The bureau's own phone numbers: never masked in a redaction suggestion. */
  bureauPhones: string[];
  hashIp: (ip: string) => string;
  /** Opens the sealed contact details for the audited contact view and the redaction names. */
  contacts: ContactVault;
  /** For the export's title. */
  bureauName?: string;
}

const idParams = z.strictObject({ id: idParam('意见编号') });

/** Fields an opinion has both in the inbox and in its detail view. */
const feedbackFields = {
  id: z.number(),
  trackingCode: z.string(),
  title: z.string().nullable(),
  state: z.enum(FEEDBACK_STATES),
  stateLabel: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  unitName: z.string().nullable(),
  assignedUnitName: z.string().nullable(),
  submittedAt: z.string(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  provisional: z.boolean(),
  publication: z.string(),
  rating: z.string().nullable(),
  needsScreening: z.boolean(),
  urgeCount: z.number(),
};

const detailSchema = z.object({
  feedback: z.object({
    ...feedbackFields,
    version: z.number(),
    content: z.string(),
    /** The school or unit the submitter named. */
    unitId: z.number().nullable(),
    acceptedAt: z.string().nullable(),
    itemId: z.number().nullable(),
    itemCode: z.string().nullable(),
    itemTitle: z.string().nullable(),
    assignedUnitId: z.number().nullable(),
    isAnonymous: z.boolean(),
    hasContact: z.boolean(),
    isUnder14: z.boolean(),
    contactPurgedAt: z.string().nullable(),
    consentToPublish: z.boolean(),
    acceptDueOn: z.string().nullable(),
    replyDueOn: z.string().nullable(),
    extension: z.object({ days: z.number(), reason: z.string() }).nullable(),
    rejectReason: z.string().nullable(),
    rejectReasonLabel: z.string().nullable(),
    rejectNote: z.string().nullable(),
    replyDraft: z.string().nullable(),
    reviewComment: z.string().nullable(),
    replyText: z.string().nullable(),
    repliedAt: z.string().nullable(),
    publicationLabel: z.string(),
    publicTitle: z.string().nullable(),
    publicContent: z.string().nullable(),
    publicReply: z.string().nullable(),
    ratingLabel: z.string().nullable(),
    ratingComment: z.string().nullable(),
    followUp: z.object({ status: z.string(), label: z.string(), dueOn: z.string().nullable(), outcome: z.string().nullable() }).nullable(),
    actions: z.array(z.object({ action: z.string(), label: z.string() })),
  }),
  events: z.array(
    z.object({
      id: z.number(),
      action: z.string(),
      actionLabel: z.string(),
      actorName: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      unitName: z.string().nullable(),
      note: z.string().nullable(),
      isPublic: z.boolean(),
      notePublic: z.boolean(),
      at: z.string(),
    }),
  ),
});

const inboxSchema = z.object({
  items: z.array(
    z.object({
      ...feedbackFields,
      excerpt: z.string(),
      dueOn: z.string().nullable(),
      dueKind: z.enum(['accept', 'reply', 'follow_up']).nullable(),
      followUp: z.string().nullable(),
    }),
  ),
  total: z.number(),
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
  nextCursor: z.string().nullable(),
});

const dashboardSchema = z.object({
  counts: z.object({ pending: z.number(), overdue: z.number(), dueSoon: z.number(), inReview: z.number(), followUpsDue: z.number(), screening: z.number() }),
  byState: z.array(z.object({ state: z.string(), label: z.string(), count: z.number() })),
  byUnit: z.array(z.object({ unitId: z.number(), unitName: z.string(), open: z.number(), overdue: z.number() })),
  calendar: z.object({ missingYears: z.array(z.number()) }),
});

const { page: _page, pageSize: _pageSize, after: _after, ...inboxFilterShape } = inboxQuerySchema.shape;
/** The inbox's filters (no paging) and whether to add the contact columns. */
const exportQuerySchema = z.strictObject(
  { ...inboxFilterShape, contacts: z.enum(['true', 'false'], { error: 'contacts 只能是 true 或 false' }).optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的查询条件：${issue.keys.join('、')}` : '查询条件有误') },
);

const bulkBodySchema = z.strictObject(
  {
    ids: z
      .array(idParam('意见编号'), { error: '请选择要办理的意见' })
      .min(1, { error: '请至少选择一条意见' })
      .max(BULK_MAX, { error: `一次最多办理 ${BULK_MAX} 条意见` })
      .refine((ids) => new Set(ids).size === ids.length, { error: '所选意见有重复' }),
    unitId: idParam('承办单位').optional(),
    note: z.string({ error: '说明必须是文字' }).trim().max(500, { error: '说明不能超过 500 字' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象') },
);

const bulkSchema = z.object({
  results: z.array(
    z.object({
      id: z.number(),
      trackingCode: z.string().nullable(),
      ok: z.boolean(),
      state: z.string().nullable(),
      stateLabel: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
  succeeded: z.number(),
  failed: z.number(),
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const contactSchema = z.object({ contactName: z.string().nullable(), contactPhone: z.string().nullable(), contactEmail: z.string().nullable() });

const redactionPart = z.object({
  text: z.string(),
  matches: z.array(z.object({ kind: z.string(), label: z.string(), original: z.string(), replacement: z.string() })),
});
const redactionSchema = z.object({ title: redactionPart, content: redactionPart, reply: redactionPart });

// The answers' types, for the admin app (site/src/islands/admin/types.ts imports them as types).
export type FeedbackRecordView = z.infer<typeof detailSchema>;
export type InboxPageView = z.infer<typeof inboxSchema>;
export type DashboardView = z.infer<typeof dashboardSchema>;
export type BulkResultView = z.infer<typeof bulkSchema>;
export type ContactView = z.infer<typeof contactSchema>;
export type RedactionView = z.infer<typeof redactionSchema>;

/** A title made from the content when the submitter gave none: short enough to read as a heading. */
const PUBLIC_TITLE_EXCERPT_LENGTH = 24;

/** The inbox's query as the filters of listInbox: the list and its exports share them. */
function inboxFilters(query: z.output<typeof exportQuerySchema>): Omit<InboxFilters, 'page' | 'pageSize'> {
  return {
    state: query.state,
    unitId: query.unitId,
    category: query.category,
    role: query.role,
    overdue: query.overdue,
    dueSoon: query.dueSoon,
    screening: query.screening,
    followUp: query.followUp,
    submittedFrom: query.from ? startOfBureauDay(query.from) : undefined,
    submittedBefore: query.to ? endOfBureauDay(query.to) : undefined,
    q: query.q || undefined,
  };
}

/** Steps that change the public site: a reply published or taken down, a published one reopened. */
const PUBLIC_SITE_ACTIONS = new Set<string>(['publish', 'withhold', 'follow_up_reopened']);

export const adminFeedbackRoutes: FastifyPluginAsync<AdminFeedbackRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const staffOnly = app.requireStaff('office', 'handler');
  const officeOnly = app.requireStaff('office');

  const staff = (request: FastifyRequest): StaffUser => request.staff!;
  const stepContext = (request: FastifyRequest): steps.StepContext => ({
    now: now(),
    calendar: app.workCalendar(),
    ipHash: options.hashIp(request.ip),
    ...(app.feedbackStepHook ? { onStep: app.feedbackStepHook } : {}),
  });
  const notFound = (reply: FastifyReply) => reply.code(404).send({ statusCode: 404, error: 'Not Found', message: steps.NOT_FOUND_MESSAGE });

  routes.get(
    '/api/admin/dashboard',
    { onRequest: staffOnly, schema: { response: { 200: dashboardSchema, 401: errorResponse, 403: errorResponse } } },
    async (request) => {
      const user = staff(request);
      const calendar = app.workCalendar();
      const today = bureauDate(now());
      const soon = calendar.addWorkingDays(today, 1).date;
      const scope = readerScopeOf(user);
      const byState = new Map(countsByState(app.db, scope).map((row) => [row.state, row.count]));
      return {
        counts: dashboardCounts(app.db, scope, today, soon),
        byState: FEEDBACK_STATES.map((state) => ({ state, label: FEEDBACK_STATE_LABELS[state], count: byState.get(state) ?? 0 })),
        byUnit: countsByUnit(app.db, scope, today),
        calendar: { missingYears: missingCalendarYears(calendar, today) },
      };
    },
  );

  routes.get(
    '/api/admin/feedback',
    { onRequest: staffOnly, schema: { querystring: inboxQuerySchema, response: { 200: inboxSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse } } },
    async (request) => {
      const query = request.query;
      const calendar = app.workCalendar();
      const today = bureauDate(now());
      const soon = calendar.addWorkingDays(today, 1).date;
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const { rows, total, totalCapped, nextCursor } = listInbox(
        app.db,
        readerScopeOf(staff(request)),
        { ...inboxFilters(query), page, pageSize, after: query.after },
        today,
        soon,
      );
      return { items: rows.map((row) => inboxItemView(row, calendar, today)), total, totalCapped, page, pageSize, nextCursor };
    },
  );

  // The inbox's current view as a spreadsheet. Every export is audited (filters, rows, how many
  // rows carried contact details); contact details only with contacts=true and where the reader
  // may see them (the 办公室; a 经办人 for what is with their unit now).
  for (const format of ['xlsx', 'csv'] as const) {
    routes.get(
      `/api/admin/feedback/export.${format}`,
      { onRequest: staffOnly, schema: { querystring: exportQuerySchema, response: { 200: z.any(), 400: errorResponse, 401: errorResponse, 403: errorResponse } } },
      async (request, reply) => {
        const user = staff(request);
        const at = now();
        const calendar = app.workCalendar();
        const today = bureauDate(at);
        const withContacts = request.query.contacts === 'true';
        const content = feedbackExport(app.db, {
          scope: readerScopeOf(user),
          filters: inboxFilters(request.query),
          today,
          soon: calendar.addWorkingDays(today, 1).date,
          reader: user,
          withContacts,
          contacts: options.contacts,
        });
        // The search text may hold what a clerk typed from an opinion (a phone number): not kept.
        const { contacts: _contacts, q, ...filters } = request.query;
        auditStaffAction(app.db, user, { now: at, ipHash: options.hashIp(request.ip) }, { type: 'feedback', id: null }, 'feedback.export', { format, filters: { ...filters, ...(q ? { q: '（已省略）' } : {}) }, rows: content.rows.length, withContacts, contactRows: content.contactRows });
        const day = today.replaceAll('-', '');
        const name = `意见办理-${day}.${format}`;
        const ascii = `feedback-${day}.${format}`;
        reply.header('content-disposition', attachment(name, ascii)).header('cache-control', 'no-store');
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(feedbackCsv(content));
        const title = `${options.bureauName ?? ''}意见办理清单（导出时间 ${today}，共 ${content.rows.length} 条）`;
        return reply.type(XLSX_TYPE).send(await feedbackXlsx(content, title));
      },
    );
  }

  // 批量办理: each opinion its own step (transaction, event, audit, mail), each refused on its own.
  routes.post(
    '/api/admin/feedback/bulk/:action',
    {
      onRequest: officeOnly,
      schema: {
        params: z.strictObject({ action: z.enum(BULK_ACTIONS, { error: '批量办理只能是受理（accept）、转办（assign）或督办（urge）' }) }),
        body: bulkBodySchema,
        response: { 200: bulkSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const { action } = request.params;
      const body = request.body;
      if (action === 'assign' && body.unitId === undefined) throw new RequestValidationError([{ field: 'unitId', message: '请选择承办单位' }]);
      const results = takeBulkStep(app.db, staff(request), action, body, stepContext(request));
      const succeeded = results.filter((result) => result.ok).length;
      return { results, succeeded, failed: results.length - succeeded };
    },
  );

  routes.get(
    '/api/admin/feedback/:id',
    { onRequest: staffOnly, schema: { params: idParams, response: { 200: detailSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse } } },
    async (request, reply) => {
      const user = staff(request);
      const record = steps.findVisibleFeedback(app.db, user, request.params.id);
      if (!record) return notFound(reply);
      const today = bureauDate(now());
      return feedbackDetailView(record, feedbackNames(app.db, record), feedbackTimeline(app.db, record.id), user, app.workCalendar(), today);
    },
  );

  // POST: every view of contact details is written to the audit log.
  routes.post(
    '/api/admin/feedback/:id/contact',
    { onRequest: staffOnly, schema: { params: idParams, response: { 200: contactSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse } } },
    async (request, reply) => {
      const result = viewContactDetails(app.db, staff(request), request.params.id, options.contacts, { now: now(), ipHash: options.hashIp(request.ip) });
      return answerAction(reply, result, (contact) => ({ contactName: contact.name, contactPhone: contact.phone, contactEmail: contact.email }));
    },
  );

  routes.get(
    '/api/admin/feedback/:id/redaction',
    { onRequest: officeOnly, schema: { params: idParams, response: { 200: redactionSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse } } },
    async (request, reply) => {
      const record = steps.findVisibleFeedback(app.db, staff(request), request.params.id);
      if (!record) return notFound(reply);
      const contactName = options.contacts.open(record).name;
      const redactionOptions = { names: contactName ? [contactName] : [], keep: options.bureauPhones };
      const part = (text: string) => {
        const suggestion = suggestRedaction(text, redactionOptions);
        return {
          text: suggestion.text,
          matches: suggestion.matches.map((match) => ({ kind: match.kind, label: REDACTION_KIND_LABELS[match.kind], original: match.original, replacement: match.replacement })),
        };
      };
      // The title is prefilled from the submitter's own title; without one, from the start of the
      // redacted content, cut so that no mask is split.
      const content = part(record.public_content ?? record.content);
      const title = record.public_title ?? record.title;
      return {
        title: title ? part(title) : { text: excerptText(content.text, PUBLIC_TITLE_EXCERPT_LENGTH), matches: [] },
        content,
        reply: part(record.public_reply ?? record.reply_text ?? record.reply_draft ?? ''),
      };
    },
  );

  routes.post(
    '/api/admin/feedback/:id/actions/:action',
    {
      onRequest: staffOnly,
      schema: {
        params: z.strictObject({ id: idParam('意见编号'), action: z.string().max(40) }),
        response: { 200: detailSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const action = actionFromSlug(request.params.action);
      if (!action) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '没有这项办理操作' });
      const user = staff(request);
      const context = stepContext(request);
      const result = takeFeedbackStep(app.db, user, action, request.params.id, request.body, context);
      const detail = (record: FeedbackRecord) => feedbackDetailView(record, feedbackNames(app.db, record), feedbackTimeline(app.db, record.id), user, context.calendar, bureauDate(context.now));
      // What the public sees changed (留言选登): rebuild the site after a quiet period.
      if (PUBLIC_SITE_ACTIONS.has(action)) return answerPublicAction(app, reply, result, detail);
      return answerAction(reply, result, detail);
    },
  );
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the mail plugin: called inside each workflow step's transaction. */
    feedbackStepHook?: steps.StepContext['onStep'];
  }
}

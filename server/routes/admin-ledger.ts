// The rectification ledger in the admin app: items and their changes (台账管理员), read-only for
// the 系统管理员; item categories (系统管理员 or 台账管理员); an opinion made into an item (办公室 or
// 台账管理员); import, export and the template. Each route is schemas plus one call.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listItemCategories } from '../../db/queries/ledger-references.ts';
import { listItems } from '../../db/queries/ledger-lists.ts';
import { auditStaffAction } from '../actions/staff-audit.ts';
import { idParam } from '../domain/admin-input.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { CATEGORY_CODE_PATTERN } from '../domain/feedback-input.ts';
import * as ledger from '../actions/ledger-actions.ts';
import { changeItemCategory, createItemCategory } from '../actions/ledger-categories.ts';
import { FROM_FEEDBACK_ROLES, ITEM_CATEGORY_EDITOR_ROLES, LEDGER_EDITOR_ROLES, LEDGER_READER_ROLES } from '../actions/ledger-writes.ts';
import {
  importQuerySchema,
  itemCategoryCreateSchema,
  itemCategoryUpdateSchema,
  itemCreateSchema,
  itemFromFeedbackSchema,
  itemListQuerySchema,
  itemUpdateSchema,
  outcomeSchema,
  progressUpdateSchema,
  removeOutcomeSchema,
  withdrawSchema,
  withdrawUpdateSchema,
} from '../domain/ledger-input.ts';
import type { ItemCodePattern } from '../domain/item-code-pattern.ts';
import { isItemOverdue } from '../domain/ledger-rules.ts';
import { itemDraftFromFeedback, ledgerItemView } from '../actions/ledger-view.ts';
import { IMPORT_MATCH_RULES, IMPORT_ROW_ACTIONS, ITEM_STATUS_LABELS, ITEM_STATUSES } from '../domain/vocabulary.ts';
import { ledgerCsv, ledgerTemplateXlsx, ledgerXlsx } from '../ledger/export.ts';
import { importLedgerFile } from '../ledger/import.ts';
import { LEDGER_IMPORT_MAX_BYTES, tooLargeMessage } from '../ledger/read-file.ts';
import { RequestValidationError, type ZodTypeProvider } from '../zod-provider.ts';
import { type ActionResult, answerPublicAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';
import { uploadedFileName } from '../plugins/uploads.ts';

export interface AdminLedgerRoutesOptions {
  now?: () => Date;
  hashIp: (ip: string) => string;
  /** The bureau's name, for unit names written with its prefix and for the sheet titles. */
  bureauName: string;
  /** Codes for new rows of a sheet without a 编号 column (LEDGER_CODE_PATTERN). */
  codePattern: ItemCodePattern;
  /** The bureau's own phone numbers: never masked in a suggested problem text. */
  bureauPhones: readonly string[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Types a browser or a script may give an uploaded sheet; the import looks at the bytes anyway. */
const UPLOAD_TYPES = ['application/octet-stream', XLSX_TYPE, 'text/csv', 'application/vnd.ms-excel', 'application/csv'];

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const idParams = z.strictObject({ id: idParam('事项编号') });
const saved = z.object({ id: z.number(), version: z.number() });
const ok = z.object({ ok: z.literal(true) });

const listSchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      title: z.string(),
      category: z.string(),
      categoryLabel: z.string(),
      unitId: z.number().nullable(),
      unitName: z.string().nullable(),
      deadline: z.string().nullable(),
      status: z.enum(ITEM_STATUSES),
      statusLabel: z.string(),
      progress: z.number(),
      isPublished: z.boolean(),
      isOverdue: z.boolean(),
      version: z.number(),
      updatedAt: z.string(),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
/** The admin app's types of these answers are derived from the schemas (site/src/islands/admin). */
export type ItemListView = z.infer<typeof listSchema>['items'][number];
export type ItemCategoryView = z.infer<typeof categoriesSchema>['categories'][number];

const change = z.object({ field: z.string(), label: z.string(), from: z.string().nullable(), to: z.string().nullable() });
const detailSchema = z.object({
  item: z.object({
    id: z.number(),
    version: z.number(),
    code: z.string(),
    title: z.string(),
    problem: z.string(),
    category: z.string(),
    categoryLabel: z.string(),
    source: z.string(),
    sourceLabel: z.string(),
    unitId: z.number().nullable(),
    unitName: z.string().nullable(),
    leaderName: z.string(),
    leaderPost: z.string(),
    leader: z.string(),
    measures: z.string(),
    deadline: z.string().nullable(),
    status: z.string(),
    statusLabel: z.string(),
    progress: z.number(),
    completedOn: z.string().nullable(),
    progressSummary: z.string(),
    isPublished: z.boolean(),
    isOverdue: z.boolean(),
    sourceFeedback: z.object({ id: z.number(), trackingCode: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  updates: z.array(
    z.object({
      id: z.number(),
      date: z.string(),
      content: z.string(),
      progress: z.number().nullable(),
      status: z.string().nullable(),
      statusLabel: z.string().nullable(),
      authorName: z.string().nullable(),
      createdAt: z.string(),
      isPublished: z.boolean(),
    }),
  ),
  outcomes: z.array(z.object({ id: z.number(), title: z.string(), kind: z.string(), kindLabel: z.string(), issuedOn: z.string(), url: z.string().nullable() })),
  versions: z.array(
    z.object({ version: z.number(), action: z.string(), actionLabel: z.string(), actorName: z.string(), note: z.string().nullable(), at: z.string(), changes: z.array(change) }),
  ),
  feedback: z.array(
    z.object({ id: z.number(), trackingCode: z.string(), status: z.string(), statusLabel: z.string(), publication: z.string(), submittedAt: z.string() }),
  ),
});
const draftSchema = z.object({
  feedback: z.object({ id: z.number(), trackingCode: z.string(), state: z.string(), stateLabel: z.string(), linkedItemId: z.number().nullable() }),
  draft: z.object({ problem: z.string(), source: z.literal('public_topic'), unitId: z.number().nullable() }),
});
const problemSchema = z.object({ row: z.number().nullable(), column: z.string().nullable(), header: z.string().nullable(), message: z.string() });
const reportSchema = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  applied: z.boolean(),
  unreadable: z.boolean(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']).nullable(),
  encoding: z.string().nullable(),
  sheet: z.string().nullable(),
  headerRow: z.number().nullable(),
  columns: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable(), fieldLabel: z.string().nullable() })),
  unplacedHeaders: z.array(z.string()),
  counts: z.object({
    rows: z.number(),
    valid: z.number(),
    badRows: z.number(),
    create: z.number(),
    update: z.number(),
    unchanged: z.number(),
    emptyRows: z.number(),
    noteRows: z.number(),
  }),
  problems: z.array(problemSchema),
  notices: z.array(z.string()),
  rows: z.array(
    z.object({
      row: z.number(),
      action: z.enum(IMPORT_ROW_ACTIONS),
      code: z.string().nullable(),
      match: z.enum(IMPORT_MATCH_RULES).nullable(),
      assigned: z.boolean(),
      seq: z.string().nullable(),
      previousSeq: z.string().nullable(),
    }),
  ),
  result: z.object({ created: z.array(z.string()), updated: z.array(z.string()), unchanged: z.array(z.string()) }).nullable(),
});
/** Files: sent as they are, never through the JSON serializer. */
const file = z.any();
const categoriesSchema = z.object({ categories: z.array(z.object({ code: z.string(), label: z.string(), isActive: z.boolean() })) });

function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const adminLedgerRoutes: FastifyPluginAsync<AdminLedgerRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const editors = app.requireStaff(...LEDGER_EDITOR_ROLES);
  const readers = app.requireStaff(...LEDGER_READER_ROLES);
  const categoryEditors = app.requireStaff(...ITEM_CATEGORY_EDITOR_ROLES);
  const anyStaff = app.requireStaff();
  const fromFeedback = app.requireStaff(...FROM_FEEDBACK_ROLES);

  // Uploads arrive as the file's bytes, not as multipart: no extra dependency, one body limit.
  for (const type of UPLOAD_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }

  const context = (request: FastifyRequest) => ({ now: now(), ipHash: options.hashIp(request.ip) });
  // A ledger change may be public (a published item, or one published or withdrawn now).
  const answer = <T>(reply: FastifyReply, result: ActionResult<T>, success: (value: T) => unknown, status = 200) => answerPublicAction(app, reply, result, success, status);

  routes.get(
    '/api/admin/ledger/items',
    { onRequest: readers, schema: { querystring: itemListQuerySchema, response: { 200: listSchema, ...errors } } },
    async (request) => {
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 50;
      const today = bureauDate(now());
      const { rows, total } = listItems(app.db, request.query, today, page, pageSize);
      return {
        items: rows.map((row) => ({ ...row, statusLabel: ITEM_STATUS_LABELS[row.status], isOverdue: isItemOverdue(row, today) })),
        total,
        page,
        pageSize,
      };
    },
  );

  routes.post('/api/admin/ledger/items', { onRequest: editors, schema: { body: itemCreateSchema, response: { 201: saved, ...errors } } }, async (request, reply) =>
    answer(reply, ledger.createItem(app.db, request.staff!, request.body, context(request)), (value) => value, 201),
  );

  routes.get('/api/admin/ledger/items/:id', { onRequest: readers, schema: { params: idParams, response: { 200: detailSchema, ...errors } } }, async (request, reply) => {
    const view = ledgerItemView(app.db, request.params.id, bureauDate(now()));
    if (!view) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '整改事项不存在' });
    return view;
  });

  routes.patch(
    '/api/admin/ledger/items/:id',
    { onRequest: editors, schema: { params: idParams, body: itemUpdateSchema, response: { 200: saved.extend({ changed: z.array(z.string()) }), ...errors } } },
    async (request, reply) =>
      answer(reply, ledger.updateItem(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => ({ id: request.params.id, ...value })),
  );

  routes.post(
    '/api/admin/ledger/items/:id/updates',
    { onRequest: editors, schema: { params: idParams, body: progressUpdateSchema, response: { 201: saved, ...errors } } },
    async (request, reply) => answer(reply, ledger.addProgressUpdate(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value, 201),
  );

  routes.post(
    '/api/admin/ledger/items/:id/outcomes',
    { onRequest: editors, schema: { params: idParams, body: outcomeSchema, response: { 201: saved, ...errors } } },
    async (request, reply) => answer(reply, ledger.addOutcome(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value, 201),
  );

  // Taking back what was added by mistake: an outcome is removed, an update withdrawn from view.
  routes.post(
    '/api/admin/ledger/items/:id/outcomes/:outcomeId/remove',
    {
      onRequest: editors,
      schema: { params: z.strictObject({ id: idParam('事项编号'), outcomeId: idParam('成果编号') }), body: removeOutcomeSchema, response: { 200: saved, ...errors } },
    },
    async (request, reply) =>
      answer(reply, ledger.removeOutcome(app.db, request.staff!, request.params.id, request.params.outcomeId, request.body, context(request)), (value) => ({
        id: request.params.id,
        ...value,
      })),
  );

  routes.post(
    '/api/admin/ledger/items/:id/updates/:updateId/withdraw',
    {
      onRequest: editors,
      schema: { params: z.strictObject({ id: idParam('事项编号'), updateId: idParam('进展编号') }), body: withdrawUpdateSchema, response: { 200: saved, ...errors } },
    },
    async (request, reply) =>
      answer(reply, ledger.withdrawProgressUpdate(app.db, request.staff!, request.params.id, request.params.updateId, request.body, context(request)), (value) => ({
        id: request.params.id,
        ...value,
      })),
  );

  routes.post(
    '/api/admin/ledger/items/:id/publish',
    { onRequest: editors, schema: { params: idParams, response: { 200: saved, ...errors } } },
    async (request, reply) => answer(reply, ledger.publishItem(app.db, request.staff!, request.params.id, context(request)), (value) => ({ id: request.params.id, ...value })),
  );

  routes.post(
    '/api/admin/ledger/items/:id/withdraw',
    { onRequest: editors, schema: { params: idParams, body: withdrawSchema, response: { 200: saved, ...errors } } },
    async (request, reply) =>
      answer(reply, ledger.withdrawItem(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => ({ id: request.params.id, ...value })),
  );

  routes.get('/api/admin/ledger/categories', { onRequest: anyStaff, schema: { response: { 200: categoriesSchema, ...errors } } }, async () => ({
    categories: listItemCategories(app.db).map(({ code, label, isActive }) => ({ code, label, isActive })),
  }));
  routes.post(
    '/api/admin/ledger/categories',
    { onRequest: categoryEditors, schema: { body: itemCategoryCreateSchema, response: { 201: ok, ...errors } } },
    async (request, reply) => answer(reply, createItemCategory(app.db, request.staff!, request.body, context(request)), () => ({ ok: true as const }), 201),
  );
  routes.patch(
    '/api/admin/ledger/categories/:code',
    {
      onRequest: categoryEditors,
      schema: {
        params: z.strictObject({ code: z.string().regex(CATEGORY_CODE_PATTERN, { error: '问题类别不存在' }) }),
        body: itemCategoryUpdateSchema,
        response: { 200: ok, ...errors },
      },
    },
    async (request, reply) => answer(reply, changeItemCategory(app.db, request.staff!, request.params.code, request.body, context(request)), () => ({ ok: true as const })),
  );

  routes.get(
    '/api/admin/feedback/:id/ledger-item',
    { onRequest: fromFeedback, schema: { params: z.strictObject({ id: idParam('意见编号') }), response: { 200: draftSchema, ...errors } } },
    async (request, reply) => {
      const draft = itemDraftFromFeedback(app.db, request.params.id, options.bureauPhones);
      if (!draft) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '意见不存在' });
      return draft;
    },
  );
  routes.post(
    '/api/admin/feedback/:id/ledger-item',
    { onRequest: fromFeedback, schema: { params: z.strictObject({ id: idParam('意见编号') }), body: itemFromFeedbackSchema, response: { 201: saved, ...errors } } },
    async (request, reply) =>
      answer(reply, ledger.createItemFromFeedback(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value, 201),
  );

  routes.post(
    '/api/admin/ledger/import',
    {
      onRequest: editors,
      bodyLimit: LEDGER_IMPORT_MAX_BYTES,
      schema: {
        querystring: importQuerySchema,
        response: { 200: z.object({ report: reportSchema }), 422: errorResponse.extend({ report: reportSchema }), 413: errorResponse, ...errors },
      },
      // A file over the limit gets the import's own answer, in the same words as the command line's.
      errorHandler: (error: FastifyError, request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          const size = Number(request.headers['content-length']);
          return reply.code(413).send({ statusCode: 413, error: 'Payload Too Large', message: tooLargeMessage(Number.isFinite(size) && size > 0 ? size : LEDGER_IMPORT_MAX_BYTES + 1) });
        }
        throw error;
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: '没有收到文件。请以 application/octet-stream 上传文件内容，文件名放在 x-file-name 头（URL 编码）。',
        });
      }
      const report = await importLedgerFile(app.db, request.staff!, request.body, {
        fileName: uploadedFileName(request),
        dryRun: request.query.dryRun ?? false,
        skipBadRows: request.query.skipBadRows ?? false,
        now: now(),
        bureauName: options.bureauName,
        codePattern: options.codePattern,
        ipHash: options.hashIp(request.ip),
      });
      const refused = !report.dryRun && !report.applied && !report.ok;
      return reply.code(refused ? 422 : 200).send({
        ...(refused ? { statusCode: 422, error: 'Unprocessable Entity', message: `文件有 ${report.problems.length} 个问题，未导入任何内容` } : {}),
        report,
      });
    },
  );

  routes.get('/api/admin/ledger/export.xlsx', { onRequest: readers, schema: { response: { 200: file, ...errors } } }, async (request, reply) => {
    const at = now();
    const content = await ledgerXlsx(app.db, options.bureauName, at);
    auditExport(request, 'xlsx', at);
    const day = bureauDate(at).replaceAll('-', '');
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(`整改台账-${day}.xlsx`, `ledger-${day}.xlsx`)).send(content);
  });
  routes.get('/api/admin/ledger/export.csv', { onRequest: readers, schema: { response: { 200: file, ...errors } } }, async (request, reply) => {
    const at = now();
    const content = ledgerCsv(app.db);
    auditExport(request, 'csv', at);
    const day = bureauDate(at).replaceAll('-', '');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`整改台账-${day}.csv`, `ledger-${day}.csv`)).send(content);
  });
  routes.get('/api/admin/ledger/template.xlsx', { onRequest: readers, schema: { response: { 200: file, ...errors } } }, async (_request, reply) => {
    const content = await ledgerTemplateXlsx(app.db, options.bureauName);
    return reply.type(XLSX_TYPE).header('content-disposition', attachment('整改台账导入模板.xlsx', 'ledger-template.xlsx')).send(content);
  });

  /** Exports hold unpublished items too: who took one, and when, is kept. */
  function auditExport(request: FastifyRequest, format: string, at: Date): void {
    auditStaffAction(app.db, request.staff!, { now: at, ipHash: options.hashIp(request.ip) }, { type: 'ledger_item', id: null }, 'ledger.export', { format });
  }
};

// The mail queue for the admin app: list the outbox, resend a failed mail. For the 系统管理员 and
// the 办公室. The sign-in guard is passed in (`onRequest`, e.g. app.requireStaff('sysadmin',
// 'office')) with a way to read the signed-in person (`staffOf`), so this file does not depend on
// how sessions are kept. Submitters' addresses are shown in full to the 系统管理员 only; the 办公室
// sees them masked (w***@example.com): it can open the opinion itself, where viewing contact
// details is audited, and the queue is not.
import type { FastifyPluginAsync, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import type { OutboxListRow } from '../../db/queries/mail.ts';
import { mailQueuePage, resendFailedMail } from '../actions/mail-actions.ts';
import type { StaffUser } from '../domain/staff.ts';
import { maskAddress } from '../mail/address.ts';
import { MAIL_KIND_LABELS, MAIL_STATUS_LABELS, MAIL_STATUSES, type MailKind } from '../domain/mail-vocabulary.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerAction } from '../plugins/action-answer.ts';

export const MAIL_QUEUE_PAGE_SIZE = 50;

const errorResponse = z.object({ statusCode: z.number().int(), error: z.string(), message: z.string() });

const mailQueueQuery = z.strictObject(
  {
    status: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum(MAIL_STATUSES, { error: '状态只能是 queued、sending、sent 或 failed' }).optional(),
    ),
    page: z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(100_000, { error: '页码过大' }).default(1),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的参数：${issue.keys.join('、')}` : '查询参数有误') },
);

const mailId = z.strictObject({ id: z.coerce.number({ error: '邮件编号必须是数字' }).int({ error: '邮件编号必须是整数' }).min(1, { error: '邮件编号必须是正整数' }) });

const queuedMail = z.object({
  id: z.number().int(),
  kind: z.string(),
  kindLabel: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(MAIL_STATUSES),
  statusLabel: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type QueuedMailView = z.infer<typeof queuedMail>;

const mailQueueResponse = z.object({
  mails: z.array(queuedMail),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export interface AdminMailRoutesOptions {
  /** The sign-in guard for the 系统管理员 and the 办公室. */
  onRequest: NonNullable<RouteShorthandOptions['onRequest']>;
  /** The signed-in person the guard let through. */
  staffOf: (request: FastifyRequest) => StaffUser | undefined;
  now?: () => Date;
}

function view(row: OutboxListRow): QueuedMailView {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: MAIL_KIND_LABELS[row.kind as MailKind] ?? row.kind,
    // A submitter's address is stored masked (the address itself is sealed with the mail).
    to: row.audience === 'submitter' ? maskAddress(row.to_address) : row.to_address,
    subject: row.subject,
    status: row.status,
    statusLabel: MAIL_STATUS_LABELS[row.status],
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    // Only a queued mail is waiting for a time.
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
  };
}

export const adminMailRoutes: FastifyPluginAsync<AdminMailRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  // The guard lets the 系统管理员 and the 办公室 through; the actions check the roles again.
  const staffOf = (request: FastifyRequest): StaffUser => {
    const staff = options.staffOf(request);
    if (!staff) throw new Error('the mail queue routes run behind a staff guard');
    return staff;
  };

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/mail',
    { onRequest: options.onRequest, schema: { querystring: mailQueueQuery, response: { 200: mailQueueResponse, 400: errorResponse, 403: errorResponse } } },
    async (request, reply) => {
      const { status, page } = request.query;
      const result = mailQueuePage(app.db, staffOf(request), { status: status ?? null, page, pageSize: MAIL_QUEUE_PAGE_SIZE });
      return answerAction(reply, result, ({ rows, total }) => ({ mails: rows.map((row) => view(row)), total, page, pageSize: MAIL_QUEUE_PAGE_SIZE }));
    },
  );

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/admin/mail/:id/resend',
    {
      onRequest: options.onRequest,
      schema: { params: mailId, response: { 200: z.object({ mail: queuedMail }), 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse } },
    },
    async (request, reply) => {
      const result = resendFailedMail(app.db, staffOf(request), request.params.id, now().toISOString());
      if (result.ok) app.mailWorker?.wake();
      return answerAction(reply, result, (mail) => ({ mail: view(mail) }));
    },
  );
};

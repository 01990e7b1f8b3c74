// What staff do to the mail queue: send a failed mail again. One transaction with its audit entry.
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { getOutboxMail, listOutbox, type OutboxListRow, requeueFailedMail } from '../../db/queries/mail.ts';
import { type ActionResult, refused, succeeded } from '../domain/action-result.ts';
import { hasRole, type StaffUser } from '../domain/staff.ts';
import { MAIL_STATUS_LABELS, type MailStatus } from '../domain/mail-vocabulary.ts';

const MAY_SEE_QUEUE = '只有系统管理员和办公室可以查看邮件队列';

/** One page of the outbox, newest first, optionally of one status (系统管理员, 办公室). */
export function mailQueuePage(
  db: Db,
  staff: StaffUser,
  query: { status: MailStatus | null; page: number; pageSize: number },
): ActionResult<{ rows: OutboxListRow[]; total: number }> {
  if (!hasRole(staff, 'sysadmin', 'office')) return refused('forbidden', MAY_SEE_QUEUE);
  return succeeded(listOutbox(db, query.status, query.pageSize, (query.page - 1) * query.pageSize));
}

/** A failed mail back in the queue with a fresh round of attempts (系统管理员, 办公室). */
export function resendFailedMail(db: Db, staff: StaffUser, id: number, at: string): ActionResult<OutboxListRow> {
  if (!hasRole(staff, 'sysadmin', 'office')) return refused('forbidden', MAY_SEE_QUEUE);
  const outcome = db
    .transaction((): 'not_found' | 'not_failed' | 'ok' => {
      const mail = getOutboxMail(db, id);
      if (!mail) return 'not_found';
      if (!requeueFailedMail(db, id, at)) return 'not_failed';
      recordAudit(db, {
        actorKind: 'user',
        actorUserId: staff.id,
        objectType: 'mail',
        objectId: id,
        action: 'mail.resend',
        details: { kind: mail.kind, previousAttempts: mail.attempts },
        at,
      });
      return 'ok';
    })
    .immediate();
  if (outcome === 'not_found') return refused('not_found', '该邮件不存在');
  const mail = getOutboxMail(db, id)!;
  if (outcome === 'not_failed') return refused('conflict', `该邮件当前为“${MAIL_STATUS_LABELS[mail.status]}”，只有发送失败的邮件可以重新发送`);
  return succeeded(mail);
}

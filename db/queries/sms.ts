// The SMS outbox (db/migrations/014_sms_outbox.sql). Like the mail outbox, a row's state changes
// are conditional on the worker's claim, so a worker that lost its claim changes nothing; claiming,
// retrying and the next due time are the mail outbox's own queries (outbox.ts).
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import { erasedFeedbackOutboxValues } from './outbox.ts';

export type SmsStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface SmsRow {
  id: number;
  kind: 'reply_ready';
  feedback_id: number | null;
  sealed_phone: string | null;
  template_params: string;
  body_text: string;
  status: SmsStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  last_error: string | null;
  provider_reference: string | null;
  created_at: string;
  sent_at: string | null;
  phone_cleared_at: string | null;
  updated_at: string;
}

/** Queues a message due at once; null when this opinion already has one of this kind. */
export function insertSms(
  db: Db,
  row: { kind: 'reply_ready'; feedbackId: number; sealedPhone: string; templateParams: string; bodyText: string; at: string },
): number | null {
  const result = statement(
    db,
    `INSERT INTO sms_outbox (kind, feedback_id, sealed_phone, template_params, body_text, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (@kind, @feedbackId, @sealedPhone, @templateParams, @bodyText, 'queued', 0, @at, @at, @at)
     ON CONFLICT (kind, feedback_id) DO NOTHING`,
  ).run(row);
  return result.changes === 1 ? Number(result.lastInsertRowid) : null;
}

/** Sent: the phone number has done its work and goes. */
export function markSmsSent(db: Db, id: number, workerId: string, reference: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE sms_outbox SET status = 'sent', sent_at = @at, provider_reference = @reference, sealed_phone = NULL, phone_cleared_at = @at,
         claimed_by = NULL, claimed_at = NULL, last_error = NULL, updated_at = @at
       WHERE id = @id AND status = 'sending' AND claimed_by = @workerId`,
    ).run({ id, workerId, reference, at }).changes === 1
  );
}

/** Failed for good: it will not be sent, so the phone number goes too. */
export function markSmsFailed(db: Db, id: number, workerId: string, error: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE sms_outbox SET status = 'failed', last_error = @error, sealed_phone = NULL, phone_cleared_at = @at, claimed_by = NULL, claimed_at = NULL, updated_at = @at
       WHERE id = @id AND status = 'sending' AND claimed_by = @workerId`,
    ).run({ id, workerId, error, at }).changes === 1
  );
}

/** Claims older than `before` belong to a worker that is gone: queued again, due at once. */
export function releaseStaleSmsClaims(db: Db, before: string, at: string): number {
  return statement(
    db,
    `UPDATE sms_outbox SET status = 'queued', next_attempt_at = @at, claimed_by = NULL, claimed_at = NULL, updated_at = @at
     WHERE status = 'sending' AND claimed_at < @before`,
  ).run({ before, at }).changes;
}

/**
 * The opinions' contact details were erased (withdrawn, or past the retention period): their
 * messages lose the phone number, and those not yet sent will not be. A message being sent keeps
 * its claim; finishErasure deletes its file afterwards like every other.
 */
export function clearFeedbackSms(db: Db, feedbackIds: readonly number[], at: string): number {
  if (feedbackIds.length === 0) return 0;
  return statement(
    db,
    `UPDATE sms_outbox SET sealed_phone = NULL, phone_cleared_at = coalesce(phone_cleared_at, @at), updated_at = @at,
       status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END,
       last_error = CASE WHEN status = 'queued' THEN '意见已撤回或联系方式已到期删除，短信不再发送' ELSE last_error END
     WHERE feedback_id IN (SELECT value FROM json_each(@ids)) AND status <> 'sending' AND (sealed_phone IS NOT NULL OR status = 'queued')`,
  ).run({ ids: JSON.stringify(feedbackIds), at }).changes;
}

/** Ids of the messages about opinions whose contact details were erased (all such when null): their files go. */
export function erasedFeedbackSmsIds(db: Db, feedbackIds: readonly number[] | null): number[] {
  return erasedFeedbackOutboxValues(db, 'sms_outbox', 'id', feedbackIds);
}

export function smsForFeedback(db: Db, feedbackId: number): SmsRow[] {
  return statement<[number], SmsRow>(db, 'SELECT * FROM sms_outbox WHERE feedback_id = ? ORDER BY id').all(feedbackId);
}

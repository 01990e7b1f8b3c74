// The mail outbox (db/migrations/003_mail_outbox.sql) and the facts mails are made from: who holds
// which role, which opinions are due, what each unit has open. The state changes of a row are
// conditional on the worker's claim, so a worker that lost its claim changes nothing. Claiming,
// retrying and the next due time are shared with the SMS outbox (outbox.ts).
import type { Db } from '../open.ts';
import type { StoredContact } from './contacts.ts';
import { statement } from '../statements.ts';
import { erasedFeedbackOutboxValues } from './outbox.ts';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxRow {
  id: number;
  kind: string;
  audience: string;
  to_address: string;
  to_name: string | null;
  subject: string;
  body_text: string;
  body_html: string | null;
  /** A mail to a submitter: recipient and body sealed until sent (server/mail/outbox.ts). */
  sealed_message: string | null;
  content_cleared_at: string | null;
  message_id: string;
  dedupe_key: string | null;
  feedback_id: number | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
}

export interface OutboxInsert {
  kind: string;
  audience: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  sealedMessage: string | null;
  messageId: string;
  dedupeKey: string | null;
  feedbackId: number | null;
  at: string;
}

/** Inserts a queued mail due at once; returns its id, or null when its dedupe key is taken. */
export function insertOutboxMail(db: Db, row: OutboxInsert): number | null {
  const result = statement(
    db,
    `INSERT INTO mail_outbox (kind, audience, to_address, to_name, subject, body_text, body_html, sealed_message, message_id, dedupe_key,
       feedback_id, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (@kind, @audience, @toAddress, @toName, @subject, @bodyText, @bodyHtml, @sealedMessage, @messageId, @dedupeKey,
       @feedbackId, 'queued', 0, @at, @at, @at)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  ).run(row);
  return result.changes === 1 ? Number(result.lastInsertRowid) : null;
}

export function dedupeKeyExists(db: Db, key: string): boolean {
  return statement<[string], { one: number }>(db, 'SELECT 1 AS one FROM mail_outbox WHERE dedupe_key = ?').get(key) !== undefined;
}

export function markMailSent(db: Db, id: number, workerId: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE mail_outbox SET status = 'sent', sent_at = @at, claimed_by = NULL, claimed_at = NULL, last_error = NULL, updated_at = @at,
         -- A sealed mail (to a submitter) has done its work: its content goes.
         content_cleared_at = CASE WHEN sealed_message IS NOT NULL THEN @at ELSE content_cleared_at END, sealed_message = NULL
       WHERE id = @id AND status = 'sending' AND claimed_by = @workerId`,
    ).run({ id, workerId, at }).changes === 1
  );
}

export function markMailFailed(db: Db, id: number, workerId: string, error: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE mail_outbox SET status = 'failed', last_error = @error, claimed_by = NULL, claimed_at = NULL, updated_at = @at
       WHERE id = @id AND status = 'sending' AND claimed_by = @workerId`,
    ).run({ id, workerId, error, at }).changes === 1
  );
}

export function listClaims(db: Db): Array<{ id: number; claimed_by: string; claimed_at: string }> {
  return statement<[], { id: number; claimed_by: string; claimed_at: string }>(
    db,
    "SELECT id, claimed_by, claimed_at FROM mail_outbox WHERE status = 'sending' ORDER BY id",
  ).all();
}

/** Puts a row claimed by a worker that is gone back in the queue, due at once. */
export function releaseClaim(db: Db, id: number, claimedBy: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE mail_outbox SET status = 'queued', next_attempt_at = @at, claimed_by = NULL, claimed_at = NULL, updated_at = @at
       WHERE id = @id AND status = 'sending' AND claimed_by = @claimedBy`,
    ).run({ id, claimedBy, at }).changes === 1
  );
}

export function outboxCounts(db: Db): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of statement<[], { status: OutboxStatus; n: number }>(db, 'SELECT status, count(*) AS n FROM mail_outbox GROUP BY status').all()) {
    counts[row.status] = row.n;
  }
  return counts;
}

export function getOutboxMail(db: Db, id: number): OutboxRow | undefined {
  return statement<[number], OutboxRow>(db, 'SELECT * FROM mail_outbox WHERE id = ?').get(id);
}

export type OutboxListRow = Pick<
  OutboxRow,
  'id' | 'kind' | 'audience' | 'to_address' | 'subject' | 'status' | 'attempts' | 'last_error' | 'created_at' | 'sent_at' | 'next_attempt_at'
>;

/** Newest first; `status` null for every row. */
export function listOutbox(db: Db, status: OutboxStatus | null, limit: number, offset: number): { rows: OutboxListRow[]; total: number } {
  const params = { status, limit, offset };
  const rows = statement<[Record<string, unknown>], OutboxListRow>(
    db,
    `SELECT id, kind, audience, to_address, subject, status, attempts, last_error, created_at, sent_at, next_attempt_at
     FROM mail_outbox WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit OFFSET @offset`,
  ).all(params);
  const total = statement<[Record<string, unknown>], { n: number }>(db, 'SELECT count(*) AS n FROM mail_outbox WHERE (@status IS NULL OR status = @status)').get({
    status,
  })!.n;
  return { rows, total };
}

export const CLEARED_MAIL_BODY = '（邮件内容已按个人信息保护规定清除）';

/**
 * Clears what the mails about these opinions said (withdrawn, or past the retention period): the
 * bodies of every mail no worker holds, and the sealed content of mails to the submitter, which
 * are not sent any more. Returns how many mails were cleared.
 */
export function clearFeedbackMails(db: Db, feedbackIds: readonly number[], at: string): number {
  if (feedbackIds.length === 0) return 0;
  return statement(
    db,
    `UPDATE mail_outbox SET body_text = @cleared, body_html = NULL, sealed_message = NULL, content_cleared_at = @at, updated_at = @at,
       status = CASE WHEN status = 'queued' AND audience = 'submitter' THEN 'failed' ELSE status END,
       last_error = CASE WHEN status = 'queued' AND audience = 'submitter' THEN '意见已撤回或联系方式已到期删除，邮件不再发送' ELSE last_error END
     WHERE feedback_id IN (SELECT value FROM json_each(@ids)) AND status <> 'sending'
       AND (status <> 'queued' OR audience = 'submitter') AND content_cleared_at IS NULL`,
  ).run({ ids: JSON.stringify(feedbackIds), cleared: CLEARED_MAIL_BODY, at }).changes;
}

/** Message-IDs of the mails about opinions whose contact details were erased: their .eml files go too. */
export function erasedFeedbackMessageIds(db: Db, feedbackIds: readonly number[] | null): string[] {
  return erasedFeedbackOutboxValues(db, 'mail_outbox', 'message_id', feedbackIds);
}

/** Rows to a submitter written before mails were sealed (migration 007). */
export function unsealedSubmitterMails(db: Db): OutboxRow[] {
  return statement<[], OutboxRow>(db, "SELECT * FROM mail_outbox WHERE audience = 'submitter' AND sealed_message IS NULL AND content_cleared_at IS NULL").all();
}

export function sealSubmitterMail(db: Db, id: number, row: { toAddress: string; bodyText: string; sealedMessage: string | null; at: string }): void {
  statement(
    db,
    `UPDATE mail_outbox SET to_address = @toAddress, to_name = NULL, body_text = @bodyText, body_html = NULL, sealed_message = @sealedMessage,
       content_cleared_at = CASE WHEN @sealedMessage IS NULL THEN @at ELSE NULL END, updated_at = @at
     WHERE id = @id AND status <> 'sending'`,
  ).run({ id, ...row });
}

/** failed → queued, due at once, with a fresh round of attempts. */
export function requeueFailedMail(db: Db, id: number, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = @at, updated_at = @at
       WHERE id = @id AND status = 'failed'`,
    ).run({ id, at }).changes === 1
  );
}

// ---------------------------------------------------------------------------------------------
// Recipients

export interface StaffRecipient {
  id: number;
  email: string;
  displayName: string;
}

/** Active staff with an address who hold the role; for 'handler', only those of the unit. */
export function staffRecipients(db: Db, role: 'office' | 'handler' | 'sysadmin', unitId: number | null = null): StaffRecipient[] {
  return statement<[Record<string, unknown>], StaffRecipient>(
    db,
    `SELECT u.id, u.email, u.display_name AS displayName
     FROM users u JOIN user_roles r ON r.user_id = u.id
     WHERE r.role = @role AND u.is_active = 1 AND u.email IS NOT NULL AND (@unitId IS NULL OR u.unit_id = @unitId)
     ORDER BY u.id`,
  ).all({ role, unitId: role === 'handler' ? (unitId ?? -1) : null });
}

export function unitName(db: Db, unitId: number | null): string | null {
  if (unitId === null) return null;
  return statement<[number], { name: string }>(db, 'SELECT name FROM units WHERE id = ?').get(unitId)?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Scheduled mails

export interface DueFeedback {
  id: number;
  trackingCode: string;
  status: string;
  assignedUnitId: number | null;
  followUpStatus: string | null;
  dueOn: string;
}

/** Open opinions whose next deadline (by state, as the inbox counts it) is one of `dates`. */
export function feedbackDueOn(db: Db, dates: readonly string[]): DueFeedback[] {
  return statement<[string], DueFeedback>(
    db,
    `SELECT f.id, f.tracking_code AS trackingCode, f.status, f.assigned_unit_id AS assignedUnitId,
       f.followup_status AS followUpStatus, f.due_on AS dueOn
     FROM feedback f WHERE f.inbox_order IN (SELECT value FROM json_each(?)) AND f.due_on IS NOT NULL ORDER BY f.id`,
  ).all(JSON.stringify(dates));
}

export interface UnitOpenFeedback {
  unitId: number;
  unitName: string;
  trackingCode: string;
  status: string;
  replyDueOn: string | null;
}

/** Every opinion that is with a unit (assigned, or its reply in review), by unit. */
export function openFeedbackByUnit(db: Db): UnitOpenFeedback[] {
  return statement<[], UnitOpenFeedback>(
    db,
    `SELECT u.id AS unitId, u.name AS unitName, f.tracking_code AS trackingCode, f.status, f.reply_due_on AS replyDueOn
     FROM feedback f JOIN units u ON u.id = f.assigned_unit_id
     WHERE f.status IN ('assigned', 'in_review')
     ORDER BY u.sort_order, u.id, f.reply_due_on IS NULL, f.reply_due_on, f.id`,
  ).all();
}

/** The submitter's side of a feedback row, for the recipients and rules of its mails. */
export interface FeedbackContactRow extends StoredContact {
  role: string;
  assigned_unit_id: number | null;
}

export function contactOf(db: Db, feedbackId: number): FeedbackContactRow | undefined {
  return statement<[number], FeedbackContactRow>(
    db,
    'SELECT role, contact_name, contact_phone, contact_email, contact_sealed, assigned_unit_id FROM feedback WHERE id = ?',
  ).get(feedbackId);
}

/**
 * Whether another feedback's submitter has one of these addresses: by the keyed hashes of sealed
 * addresses (`lookups`), or as text for rows from before sealing.
 */
export function anotherFeedbackMentionsAddress(db: Db, feedbackId: number, body: string, lookups: readonly string[]): boolean {
  return (
    statement<[Record<string, unknown>], { one: number }>(
      db,
      `SELECT 1 AS one FROM feedback WHERE id <> @feedbackId AND (
         contact_email_lookup IN (SELECT value FROM json_each(@lookups))
         OR (contact_sealed = 0 AND contact_email IS NOT NULL AND contact_email <> '' AND instr(lower(@body), lower(contact_email)) > 0)
       ) LIMIT 1`,
    ).get({ feedbackId, body, lookups: JSON.stringify(lookups) }) !== undefined
  );
}

/** The note of the latest event of a feedback (the reason, the comment, the 督办 text). */
export function latestEventNote(db: Db, feedbackId: number): string | null {
  return statement<[number], { note: string | null }>(db, 'SELECT note FROM feedback_events WHERE feedback_id = ? ORDER BY id DESC LIMIT 1').get(feedbackId)?.note ?? null;
}

import type { FeedbackCategory, FeedbackState, SubmitterRole } from '../../server/domain/vocabulary.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface NewFeedbackRow {
  trackingCode: string;
  secretHash: string;
  role: SubmitterRole;
  category: FeedbackCategory;
  content: string;
  itemId: number | null;
  unitId: number | null;
  isAnonymous: boolean;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  consentToPublish: boolean;
  ipHash: string | null;
  submittedAt: string;
}

export function insertFeedback(db: Db, row: NewFeedbackRow): number {
  const result = statement(
    db,
    `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, item_id, unit_id, is_anonymous,
       contact_name, contact_phone, contact_email, consent_to_publish, status, ip_hash, submitted_at, updated_at)
     VALUES (@trackingCode, @secretHash, @role, @category, @content, @itemId, @unitId, @isAnonymous,
       @contactName, @contactPhone, @contactEmail, @consentToPublish, 'pending', @ipHash, @submittedAt, @submittedAt)`,
  ).run({ ...row, isAnonymous: row.isAnonymous ? 1 : 0, consentToPublish: row.consentToPublish ? 1 : 0 });
  return Number(result.lastInsertRowid);
}

export interface FeedbackEventRow {
  feedbackId: number;
  actorKind: 'public' | 'user' | 'system';
  actorUserId: number | null;
  fromStatus: FeedbackState | null;
  toStatus: FeedbackState;
  note: string | null;
  at: string;
}

export function insertFeedbackEvent(db: Db, event: FeedbackEventRow): void {
  statement(
    db,
    `INSERT INTO feedback_events (feedback_id, actor_kind, actor_user_id, from_status, to_status, note, at)
     VALUES (@feedbackId, @actorKind, @actorUserId, @fromStatus, @toStatus, @note, @at)`,
  ).run(event);
}

export function trackingCodeExists(db: Db, trackingCode: string): boolean {
  return statement<[string], { one: number }>(db, 'SELECT 1 AS one FROM feedback WHERE tracking_code = ?').get(trackingCode) !== undefined;
}

export function countFeedback(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM feedback').get()!.n;
}

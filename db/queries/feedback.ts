import type { SubmitterRole } from '../../server/domain/vocabulary.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface NewFeedbackRow {
  trackingCode: string;
  secretHash: string;
  role: SubmitterRole;
  category: string;
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
  acceptDueOn: string;
  dueProvisional: boolean;
  needsScreening?: boolean;
}

export function insertFeedback(db: Db, row: NewFeedbackRow): number {
  const result = statement(
    db,
    `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, item_id, unit_id, is_anonymous,
       contact_name, contact_phone, contact_email, consent_to_publish, status, needs_screening, accept_due_on, due_provisional,
       ip_hash, submitted_at, updated_at)
     VALUES (@trackingCode, @secretHash, @role, @category, @content, @itemId, @unitId, @isAnonymous,
       @contactName, @contactPhone, @contactEmail, @consentToPublish, 'pending', @needsScreening, @acceptDueOn, @dueProvisional,
       @ipHash, @submittedAt, @submittedAt)`,
  ).run({
    ...row,
    isAnonymous: row.isAnonymous ? 1 : 0,
    consentToPublish: row.consentToPublish ? 1 : 0,
    needsScreening: row.needsScreening ? 1 : 0,
    dueProvisional: row.dueProvisional ? 1 : 0,
  });
  return Number(result.lastInsertRowid);
}

export function trackingCodeExists(db: Db, trackingCode: string): boolean {
  return statement<[string], { one: number }>(db, 'SELECT 1 AS one FROM feedback WHERE tracking_code = ?').get(trackingCode) !== undefined;
}

export function countFeedback(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM feedback').get()!.n;
}

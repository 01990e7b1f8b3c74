import type { SealedContact } from './contacts.ts';
import type { SubmitterRole } from '../../server/domain/vocabulary.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface NewFeedbackRow {
  trackingCode: string;
  secretHash: string;
  role: SubmitterRole;
  category: string;
  title: string | null;
  content: string;
  itemId: number | null;
  unitId: number | null;
  isAnonymous: boolean;
  isUnder14: boolean;
  /** Sealed already (server/actions/contact-details.ts): no plain contact details reach this module. */
  contact: SealedContact;
  consentToPublish: boolean;
  ipHash: string | null;
  submittedAt: string;
  acceptDueOn: string;
  dueProvisional: boolean;
  needsScreening?: boolean;
}

export function insertFeedback(db: Db, newRow: NewFeedbackRow): number {
  const { contact, ...row } = newRow;
  const result = statement(
    db,
    `INSERT INTO feedback (tracking_code, secret_hash, role, category, title, content, item_id, unit_id, is_anonymous, is_under_14,
       contact_name, contact_phone, contact_email, contact_sealed, contact_email_lookup, consent_to_publish, status, needs_screening,
       accept_due_on, due_provisional, ip_hash, submitted_at, updated_at)
     VALUES (@trackingCode, @secretHash, @role, @category, @title, @content, @itemId, @unitId, @isAnonymous, @isUnder14,
       @contact_name, @contact_phone, @contact_email, @contact_sealed, @contact_email_lookup, @consentToPublish, 'pending', @needsScreening,
       @acceptDueOn, @dueProvisional, @ipHash, @submittedAt, @submittedAt)`,
  ).run({
    ...row,
    ...contact,
    isUnder14: row.isUnder14 ? 1 : 0,
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

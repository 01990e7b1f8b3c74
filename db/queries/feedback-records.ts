// The opinion row as the workflow reads and writes it. Writes name the version they saw, so a
// stale update changes nothing (the caller answers 409).
import type { FeedbackState, Rating } from '../../server/domain/vocabulary.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface FeedbackRecord {
  id: number;
  tracking_code: string;
  secret_hash: string;
  role: string;
  category: string;
  title: string | null;
  content: string;
  item_id: number | null;
  unit_id: number | null;
  is_anonymous: 0 | 1;
  contact_name: string | null;
  contact_phone: string | null;
  /** Ciphertext when contact_sealed = 1: open with server/actions/contact-details.ts. */
  contact_email: string | null;
  contact_sealed: 0 | 1;
  contact_email_lookup: string | null;
  contact_purged_at: string | null;
  is_under_14: 0 | 1;
  consent_to_publish: 0 | 1;
  status: FeedbackState;
  needs_screening: 0 | 1;
  accept_due_on: string | null;
  reply_due_on: string | null;
  due_provisional: 0 | 1;
  reject_reason: string | null;
  reject_note: string | null;
  assigned_unit_id: number | null;
  reply_draft: string | null;
  reply_drafted_by: number | null;
  review_comment: string | null;
  reply_text: string | null;
  reply_unit_id: number | null;
  extension_days: number | null;
  extension_reason: string | null;
  /** 1 when the extension was granted after the reply deadline had passed (migration 007). */
  extended_when_overdue: 0 | 1;
  urge_count: number;
  publication: 'undecided' | 'published' | 'withheld';
  public_content: string | null;
  public_reply: string | null;
  /** The published title (留言选登's heading), set by the 办公室 when publishing (migration 012). */
  public_title: string | null;
  rating: Rating | null;
  rating_comment: string | null;
  followup_status: 'open' | 'explained' | 'reopened' | null;
  followup_due_on: string | null;
  followup_outcome: string | null;
  internal_note: string | null;
  ip_hash: string | null;
  submitted_at: string;
  accepted_at: string | null;
  assigned_at: string | null;
  replied_at: string | null;
  published_at: string | null;
  rated_at: string | null;
  closed_at: string | null;
  updated_at: string;
  version: number;
}

/** Columns a workflow step may change (never id, tracking code, secret or submission facts). */
export type FeedbackChanges = Partial<
  Pick<
    FeedbackRecord,
    | 'status'
    | 'needs_screening'
    | 'accept_due_on'
    | 'reply_due_on'
    | 'due_provisional'
    | 'reject_reason'
    | 'reject_note'
    | 'assigned_unit_id'
    | 'reply_draft'
    | 'reply_drafted_by'
    | 'review_comment'
    | 'reply_text'
    | 'reply_unit_id'
    | 'extension_days'
    | 'extension_reason'
    | 'extended_when_overdue'
    | 'urge_count'
    | 'publication'
    | 'public_content'
    | 'public_reply'
    | 'public_title'
    | 'rating'
    | 'rating_comment'
    | 'followup_status'
    | 'followup_due_on'
    | 'followup_outcome'
    | 'contact_name'
    | 'contact_phone'
    | 'contact_email'
    | 'contact_sealed'
    | 'contact_email_lookup'
    | 'contact_purged_at'
    | 'accepted_at'
    | 'assigned_at'
    | 'replied_at'
    | 'published_at'
    | 'rated_at'
    | 'closed_at'
  >
>;

const CHANGEABLE = new Set<string>([
  'status', 'needs_screening', 'accept_due_on', 'reply_due_on', 'due_provisional', 'reject_reason', 'reject_note',
  'assigned_unit_id', 'reply_draft', 'reply_drafted_by', 'review_comment', 'reply_text', 'reply_unit_id',
  'extension_days', 'extension_reason', 'extended_when_overdue', 'urge_count', 'publication', 'public_content', 'public_reply', 'public_title', 'rating',
  'rating_comment', 'followup_status', 'followup_due_on', 'followup_outcome', 'contact_name', 'contact_phone',
  'contact_email', 'contact_sealed', 'contact_email_lookup', 'contact_purged_at', 'accepted_at', 'assigned_at', 'replied_at', 'published_at', 'rated_at', 'closed_at',
]);

export function getFeedbackRecord(db: Db, id: number): FeedbackRecord | undefined {
  return statement<[number], FeedbackRecord>(db, 'SELECT * FROM feedback WHERE id = ?').get(id);
}

export function getFeedbackRecordByCode(db: Db, trackingCode: string): FeedbackRecord | undefined {
  return statement<[string], FeedbackRecord>(db, 'SELECT * FROM feedback WHERE tracking_code = ?').get(trackingCode);
}

/** True when the opinion was ever handed to this unit (a 经办人 keeps seeing what they worked on). */
export function wasEverAssignedTo(db: Db, feedbackId: number, unitId: number): boolean {
  return (
    statement<[number, number], { one: number }>(
      db,
      "SELECT 1 AS one FROM feedback_events WHERE feedback_id = ? AND unit_id = ? AND action IN ('assign', 'reassign') LIMIT 1",
    ).get(feedbackId, unitId) !== undefined
  );
}

/**
 * Applies the changes if the row is still at `expectedVersion`; bumps the version. Returns false
 * when someone else changed the row first (nothing is written then).
 */
export function updateFeedbackRecord(db: Db, id: number, expectedVersion: number, changes: FeedbackChanges, at: string): boolean {
  const columns = Object.keys(changes).filter((column) => CHANGEABLE.has(column)).sort();
  const assignments = columns.map((column) => `${column} = @${column}`);
  const sql = `UPDATE feedback SET ${[...assignments, 'updated_at = @updated_at', 'version = version + 1'].join(', ')}
     WHERE id = @id AND version = @expected_version`;
  const params: Record<string, unknown> = { id, expected_version: expectedVersion, updated_at: at };
  for (const column of columns) params[column] = (changes as Record<string, unknown>)[column] ?? null;
  return statement(db, sql).run(params).changes === 1;
}

export interface FeedbackEventInsert {
  feedbackId: number;
  action: string;
  actorKind: 'public' | 'user' | 'system';
  actorUserId: number | null;
  fromStatus: FeedbackState | null;
  toStatus: FeedbackState;
  unitId?: number | null;
  note?: string | null;
  /** The step appears on the submitter's tracking page. */
  isPublic?: boolean;
  /** The note is shown with it (server/domain/text-visibility.ts decides). */
  notePublic?: boolean;
  at: string;
}

export function insertFeedbackEvent(db: Db, event: FeedbackEventInsert): void {
  statement(
    db,
    `INSERT INTO feedback_events (feedback_id, action, actor_kind, actor_user_id, from_status, to_status, unit_id, note, is_public, note_public, at)
     VALUES (@feedbackId, @action, @actorKind, @actorUserId, @fromStatus, @toStatus, @unitId, @note, @isPublic, @notePublic, @at)`,
  ).run({
    ...event,
    unitId: event.unitId ?? null,
    note: event.note ?? null,
    isPublic: event.isPublic ? 1 : 0,
    notePublic: event.isPublic && event.notePublic ? 1 : 0,
  });
}

export interface CategoryRecord {
  code: string;
  label: string;
  accept_working_days: number;
  reply_working_days: number;
  is_active: 0 | 1;
  sort_order: number;
}

export function getCategory(db: Db, code: string): CategoryRecord | undefined {
  return statement<[string], CategoryRecord>(db, 'SELECT * FROM feedback_categories WHERE code = ?').get(code);
}

export function unitExists(db: Db, id: number): boolean {
  return statement<[number], { one: number }>(db, 'SELECT 1 AS one FROM units WHERE id = ?').get(id) !== undefined;
}

// What the submitter's tracking page reads: the events marked public, and the names around the
// opinion. A note is selected only when it was written for the submitter (note_public = 1):
// internal notes never leave the database on this path.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface PublicEventRow {
  action: string;
  at: string;
  note: string | null;
  unitName: string | null;
}

export function publicEvents(db: Db, feedbackId: number): PublicEventRow[] {
  return statement<[number], PublicEventRow>(
    db,
    `SELECT e.action, e.at, CASE WHEN e.note_public = 1 THEN e.note END AS note, u.name AS unitName FROM feedback_events e LEFT JOIN units u ON u.id = e.unit_id
     WHERE e.feedback_id = ? AND e.is_public = 1 ORDER BY e.at, e.id`,
  ).all(feedbackId);
}

export interface TrackingNames {
  categoryLabel: string | null;
  unitName: string | null;
  replyUnitName: string | null;
}

export function trackingNames(db: Db, record: { category: string; unit_id: number | null; reply_unit_id: number | null }): TrackingNames {
  return statement<[Record<string, unknown>], TrackingNames>(
    db,
    `SELECT (SELECT label FROM feedback_categories WHERE code = @category) AS categoryLabel,
       (SELECT name FROM units WHERE id = @unitId) AS unitName,
       (SELECT name FROM units WHERE id = @replyUnitId) AS replyUnitName`,
  ).get({ category: record.category, unitId: record.unit_id, replyUnitId: record.reply_unit_id })!;
}

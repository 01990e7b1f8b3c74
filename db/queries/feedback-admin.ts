// What staff read: the inbox with its filters, the dashboard's counts, an opinion's timeline.
// Every query takes the reader's scope: a 经办人 sees only what is, or was, with their unit.
import type { FeedbackState } from '../../server/domain/vocabulary.ts';
import type { Db } from '../open.ts';
import { likeLiteral, statement } from '../statements.ts';
import type { FeedbackRecord } from './feedback-records.ts';

/** null: every unit (办公室); a number: only opinions that are or were with that unit. */
export type ReaderScope = { unitId: number | null; allUnits: boolean };

/** The date an opinion is due for its next step, by state. */
export const DUE_ON_SQL = `CASE
  WHEN f.status = 'pending' THEN f.accept_due_on
  WHEN f.status IN ('accepted', 'assigned', 'in_review') THEN f.reply_due_on
  WHEN f.status = 'replied' AND f.followup_status = 'open' THEN f.followup_due_on
END`;

const DUE_KIND_SQL = `CASE
  WHEN f.status = 'pending' THEN 'accept'
  WHEN f.status IN ('accepted', 'assigned', 'in_review') THEN 'reply'
  WHEN f.status = 'replied' AND f.followup_status = 'open' THEN 'follow_up'
END`;

const SCOPE_SQL = `(@allUnits = 1 OR f.assigned_unit_id = @scopeUnitId OR EXISTS (
  SELECT 1 FROM feedback_events e WHERE e.feedback_id = f.id AND e.unit_id = @scopeUnitId AND e.action IN ('assign', 'reassign')))`;

export interface InboxFilters {
  state?: FeedbackState | undefined;
  unitId?: number | undefined;
  category?: string | undefined;
  role?: string | undefined;
  overdue?: boolean | undefined;
  dueSoon?: boolean | undefined;
  /** Bureau dates, inclusive: converted to instants by the caller. */
  submittedFrom?: string | undefined;
  submittedBefore?: string | undefined;
  q?: string | undefined;
  screening?: boolean | undefined;
  followUp?: boolean | undefined;
  page: number;
  pageSize: number;
}

export interface InboxRow {
  id: number;
  trackingCode: string;
  title: string | null;
  content: string;
  state: FeedbackState;
  category: string;
  categoryLabel: string;
  role: string;
  unitName: string | null;
  assignedUnitName: string | null;
  submittedAt: string;
  dueOn: string | null;
  dueKind: 'accept' | 'reply' | 'follow_up' | null;
  provisional: 0 | 1;
  publication: string;
  rating: string | null;
  followUp: string | null;
  needsScreening: 0 | 1;
  urgeCount: number;
}

/** `today` and `soon` are bureau dates: due on or before `soon` (and not before today) is "due soon". */
export function listInbox(db: Db, scope: ReaderScope, filters: InboxFilters, today: string, soon: string): { rows: InboxRow[]; total: number } {
  const where: string[] = [SCOPE_SQL];
  const params: Record<string, unknown> = {
    allUnits: scope.allUnits ? 1 : 0,
    scopeUnitId: scope.unitId ?? -1,
    today,
    soon,
    limit: filters.pageSize,
    offset: (filters.page - 1) * filters.pageSize,
  };
  if (filters.state) {
    where.push('f.status = @state');
    params.state = filters.state;
  }
  if (filters.unitId !== undefined) {
    where.push('(f.assigned_unit_id = @unitId OR f.unit_id = @unitId)');
    params.unitId = filters.unitId;
  }
  if (filters.category) {
    where.push('f.category = @category');
    params.category = filters.category;
  }
  if (filters.role) {
    where.push('f.role = @role');
    params.role = filters.role;
  }
  if (filters.overdue) where.push(`(${DUE_ON_SQL}) < @today`);
  if (filters.dueSoon) where.push(`(${DUE_ON_SQL}) BETWEEN @today AND @soon`);
  if (filters.screening) where.push("f.needs_screening = 1 AND f.status = 'pending'");
  if (filters.followUp) where.push("f.followup_status = 'open'");
  if (filters.submittedFrom) {
    where.push('f.submitted_at >= @from');
    params.from = filters.submittedFrom;
  }
  if (filters.submittedBefore) {
    where.push('f.submitted_at < @before');
    params.before = filters.submittedBefore;
  }
  if (filters.q) {
    // LIKE with the wildcards escaped: the search text is data, never a pattern.
    where.push("(f.content LIKE @q ESCAPE '\\' OR f.title LIKE @q ESCAPE '\\' OR f.tracking_code LIKE @q ESCAPE '\\')");
    params.q = `%${likeLiteral(filters.q)}%`;
  }
  const whereSql = where.join(' AND ');
  const rows = statement<[Record<string, unknown>], InboxRow>(
    db,
    `SELECT f.id, f.tracking_code AS trackingCode, f.title, f.content, f.status AS state, f.category,
       c.label AS categoryLabel, f.role, u.name AS unitName, a.name AS assignedUnitName, f.submitted_at AS submittedAt,
       ${DUE_ON_SQL} AS dueOn, ${DUE_KIND_SQL} AS dueKind, f.due_provisional AS provisional, f.publication, f.rating,
       f.followup_status AS followUp, f.needs_screening AS needsScreening, f.urge_count AS urgeCount
     FROM feedback f
     JOIN feedback_categories c ON c.code = f.category
     LEFT JOIN units u ON u.id = f.unit_id
     LEFT JOIN units a ON a.id = f.assigned_unit_id
     WHERE ${whereSql}
     ORDER BY (${DUE_ON_SQL}) IS NULL, (${DUE_ON_SQL}), f.submitted_at DESC, f.id DESC
     LIMIT @limit OFFSET @offset`,
  ).all(params);
  const { limit: _limit, offset: _offset, ...countParams } = params;
  const total = statement<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM feedback f WHERE ${whereSql}`).get(countParams)!.n;
  return { rows, total };
}

export interface DashboardCounts {
  pending: number;
  overdue: number;
  dueSoon: number;
  inReview: number;
  followUpsDue: number;
  screening: number;
}

export function dashboardCounts(db: Db, scope: ReaderScope, today: string, soon: string): DashboardCounts {
  return statement<[Record<string, unknown>], DashboardCounts>(
    db,
    `SELECT coalesce(sum(f.status = 'pending'), 0) AS pending,
       coalesce(sum((${DUE_ON_SQL}) < @today), 0) AS overdue,
       coalesce(sum((${DUE_ON_SQL}) BETWEEN @today AND @soon), 0) AS dueSoon,
       coalesce(sum(f.status = 'in_review'), 0) AS inReview,
       coalesce(sum(f.followup_status = 'open'), 0) AS followUpsDue,
       coalesce(sum(f.needs_screening = 1 AND f.status = 'pending'), 0) AS screening
     FROM feedback f WHERE ${SCOPE_SQL}`,
  ).get({ allUnits: scope.allUnits ? 1 : 0, scopeUnitId: scope.unitId ?? -1, today, soon })!;
}

export function countsByState(db: Db, scope: ReaderScope): Array<{ state: FeedbackState; count: number }> {
  return statement<[Record<string, unknown>], { state: FeedbackState; count: number }>(
    db,
    `SELECT f.status AS state, count(*) AS count FROM feedback f WHERE ${SCOPE_SQL} GROUP BY f.status`,
  ).all({ allUnits: scope.allUnits ? 1 : 0, scopeUnitId: scope.unitId ?? -1 });
}

export function countsByUnit(db: Db, scope: ReaderScope, today: string): Array<{ unitId: number; unitName: string; open: number; overdue: number }> {
  return statement<[Record<string, unknown>], { unitId: number; unitName: string; open: number; overdue: number }>(
    db,
    `SELECT u.id AS unitId, u.name AS unitName, count(*) AS open, coalesce(sum((${DUE_ON_SQL}) < @today), 0) AS overdue
     FROM feedback f JOIN units u ON u.id = f.assigned_unit_id
     WHERE f.status IN ('assigned', 'in_review') AND ${SCOPE_SQL}
     GROUP BY u.id ORDER BY overdue DESC, open DESC, u.sort_order`,
  ).all({ allUnits: scope.allUnits ? 1 : 0, scopeUnitId: scope.unitId ?? -1, today });
}

export interface TimelineEvent {
  id: number;
  action: string;
  actorKind: string;
  actorName: string | null;
  fromState: FeedbackState | null;
  toState: FeedbackState;
  unitName: string | null;
  note: string | null;
  isPublic: 0 | 1;
  notePublic: 0 | 1;
  at: string;
}

export function feedbackTimeline(db: Db, feedbackId: number): TimelineEvent[] {
  return statement<[number], TimelineEvent>(
    db,
    `SELECT e.id, e.action, e.actor_kind AS actorKind, us.display_name AS actorName, e.from_status AS fromState,
       e.to_status AS toState, un.name AS unitName, e.note, e.is_public AS isPublic, e.note_public AS notePublic, e.at
     FROM feedback_events e LEFT JOIN users us ON us.id = e.actor_user_id LEFT JOIN units un ON un.id = e.unit_id
     WHERE e.feedback_id = ? ORDER BY e.at, e.id`,
  ).all(feedbackId);
}

export interface FeedbackNames {
  categoryLabel: string;
  unitName: string | null;
  assignedUnitName: string | null;
  itemCode: string | null;
  itemTitle: string | null;
}

export function feedbackNames(db: Db, record: FeedbackRecord): FeedbackNames {
  return statement<[Record<string, unknown>], FeedbackNames>(
    db,
    `SELECT (SELECT label FROM feedback_categories WHERE code = @category) AS categoryLabel,
       (SELECT name FROM units WHERE id = @unitId) AS unitName,
       (SELECT name FROM units WHERE id = @assignedUnitId) AS assignedUnitName,
       (SELECT code FROM rectification_items WHERE id = @itemId) AS itemCode,
       (SELECT title FROM rectification_items WHERE id = @itemId) AS itemTitle`,
  ).get({ category: record.category, unitId: record.unit_id, assignedUnitId: record.assigned_unit_id, itemId: record.item_id })!;
}

// What staff read: the inbox with its filters, the dashboard's counts, an opinion's timeline.
// Every query takes the reader's scope: a 经办人 sees only what is, or was, with their unit.
// At a million opinions each of them reads an index, never the whole table (migration 011,
// tests/unit/query-plans.test.ts): the due date is a column (feedback.due_on, inbox_order), the
// unit scope its own query, search a trigram index, pages keyset.
import type { FeedbackState } from '../../server/domain/vocabulary.ts';
import type { Db } from '../open.ts';
import { likeLiteral, statement } from '../statements.ts';
import { encodeInboxCursor, type InboxCursor } from '../../server/domain/inbox-cursor.ts';
import type { FeedbackRecord } from './feedback-records.ts';

/** null: every unit (办公室); a number: only opinions that are or were with that unit. */
export type ReaderScope = { unitId: number | null; allUnits: boolean };

/** The date an opinion is due for its next step, by state (a generated column since migration 011). */
export const DUE_ON_SQL = 'f.due_on';

const DUE_KIND_SQL = `CASE
  WHEN f.status = 'pending' THEN 'accept'
  WHEN f.status IN ('accepted', 'assigned', 'in_review') THEN 'reply'
  WHEN f.status = 'replied' AND f.followup_status = 'open' THEN 'follow_up'
END`;

/** Opinions that are or were with the reader's unit, as one indexed list of ids; '' for the 办公室. */
function scopeSql(scope: ReaderScope): string {
  if (scope.allUnits) return '';
  return `f.id IN (SELECT e.feedback_id FROM feedback_events e WHERE e.unit_id = @scopeUnitId AND e.action IN ('assign', 'reassign')
    UNION SELECT s.id FROM feedback s WHERE s.assigned_unit_id = @scopeUnitId)`;
}

function scopeParams(scope: ReaderScope): Record<string, unknown> {
  return scope.allUnits ? {} : { scopeUnitId: scope.unitId ?? -1 };
}

function whereOf(conditions: string[]): string {
  const present = conditions.filter((condition) => condition !== '');
  return present.length === 0 ? '' : `WHERE ${present.join(' AND ')}`;
}

/** A search of fewer characters than this cannot use the trigram index (see listInbox). */
export const TRIGRAM_MIN_LENGTH = 3;
/** A short search counts its matches up to this many. */
export const SHORT_SEARCH_COUNT_LIMIT = 1000;

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
  /** Keyset pagination: the rows after this one (then `page` is not used). */
  after?: InboxCursor | undefined;
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
  inboxOrder: string;
}

export interface InboxPage {
  rows: InboxRow[];
  total: number;
  /** A search of one or two characters stops counting at SHORT_SEARCH_COUNT_LIMIT. */
  totalCapped: boolean;
  /** The cursor of the next page; null on the last one. */
  nextCursor: string | null;
}

/** The phrase for FTS5: the whole text as one substring, quotes doubled. */
function searchPhrase(q: string): string {
  return `"${q.replaceAll('"', '""')}"`;
}

/** `today` and `soon` are bureau dates: due on or before `soon` (and not before today) is "due soon". */
export function listInbox(db: Db, scope: ReaderScope, filters: InboxFilters, today: string, soon: string): InboxPage {
  const where: string[] = [scopeSql(scope)];
  const params: Record<string, unknown> = { ...scopeParams(scope) };
  if (filters.state) {
    where.push('f.status = @state');
    params.state = filters.state;
  }
  if (filters.unitId !== undefined) {
    where.push('f.id IN (SELECT a.id FROM feedback a WHERE a.assigned_unit_id = @unitId UNION SELECT b.id FROM feedback b WHERE b.unit_id = @unitId)');
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
  // inbox_order is due_on, or '9999-12-31' when nothing is due: the ranges serve the inbox's index.
  if (filters.overdue) {
    where.push('f.inbox_order < @today');
    params.today = today;
  }
  if (filters.dueSoon) {
    where.push('f.inbox_order BETWEEN @today AND @soon');
    params.today = today;
    params.soon = soon;
  }
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
  const shortSearch = filters.q !== undefined && [...filters.q].length < TRIGRAM_MIN_LENGTH;
  if (filters.q && !shortSearch) {
    where.push('f.id IN (SELECT rowid FROM feedback_search WHERE feedback_search MATCH @match)');
    params.match = searchPhrase(filters.q);
  } else if (filters.q) {
    // One or two characters (常见: 食堂, 补课) are below the trigram index: matched with LIKE while
    // the inbox's index is read in order, so a page stops at its last row; the count is capped.
    where.push("(f.content LIKE @q ESCAPE '\\' OR f.title LIKE @q ESCAPE '\\' OR f.tracking_code LIKE @q ESCAPE '\\')");
    params.q = `%${likeLiteral(filters.q)}%`;
  }
  const countWhere = whereOf(where);
  const pageWhere = [...where];
  const pageParams: Record<string, unknown> = { ...params, limit: filters.pageSize, offset: 0 };
  if (filters.after) {
    // One range the inbox's index serves, and the rows of the cursor's own date that came before it.
    pageWhere.push('f.inbox_order >= @afterOrder');
    pageWhere.push('NOT (f.inbox_order = @afterOrder AND (f.submitted_at > @afterAt OR (f.submitted_at = @afterAt AND f.id >= @afterId)))');
    pageParams.afterOrder = filters.after.inboxOrder;
    pageParams.afterAt = filters.after.submittedAt;
    pageParams.afterId = filters.after.id;
  } else pageParams.offset = (filters.page - 1) * filters.pageSize;
  // A page after a cursor, with no filter that has its own index in the inbox's order: read the
  // inbox's index from the cursor on. (With planner statistics SQLite would otherwise skip-scan an
  // index led by a column of few values, say role, and sort everything after the cursor.)
  const orderedRead = filters.after !== undefined && !filters.state && !filters.category && !filters.role && !filters.followUp && !filters.screening;
  const rows = statement<[Record<string, unknown>], InboxRow>(
    db,
    `SELECT f.id, f.tracking_code AS trackingCode, f.title, f.content, f.status AS state, f.category,
       c.label AS categoryLabel, f.role, u.name AS unitName, a.name AS assignedUnitName, f.submitted_at AS submittedAt,
       f.due_on AS dueOn, ${DUE_KIND_SQL} AS dueKind, f.due_provisional AS provisional, f.publication, f.rating,
       f.followup_status AS followUp, f.needs_screening AS needsScreening, f.urge_count AS urgeCount, f.inbox_order AS inboxOrder
     FROM feedback f ${orderedRead ? 'INDEXED BY feedback_inbox' : ''}
     -- CROSS JOIN: opinions first, so that the inbox's order is read from an index (never via categories).
     CROSS JOIN feedback_categories c ON c.code = f.category
     LEFT JOIN units u ON u.id = f.unit_id
     LEFT JOIN units a ON a.id = f.assigned_unit_id
     ${whereOf(pageWhere)}
     ORDER BY f.inbox_order, f.submitted_at DESC, f.id DESC
     LIMIT @limit OFFSET @offset`,
  ).all(pageParams);
  const last = rows.length === filters.pageSize ? rows.at(-1) : undefined;
  const nextCursor = last ? encodeInboxCursor({ inboxOrder: last.inboxOrder, submittedAt: last.submittedAt, id: last.id }) : null;
  if (countWhere === '') return { rows, total: stateCount(db), totalCapped: false, nextCursor };
  if (filters.state && scope.allUnits && countWhere === 'WHERE f.status = @state') {
    return { rows, total: stateCount(db, filters.state), totalCapped: false, nextCursor };
  }
  if (shortSearch) {
    const n = statement<[Record<string, unknown>], { n: number }>(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM feedback f ${countWhere} LIMIT ${SHORT_SEARCH_COUNT_LIMIT + 1})`,
    ).get(params)!.n;
    return { rows, total: Math.min(n, SHORT_SEARCH_COUNT_LIMIT), totalCapped: n > SHORT_SEARCH_COUNT_LIMIT, nextCursor };
  }
  const total = statement<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM feedback f ${countWhere}`).get(params)!.n;
  return { rows, total, totalCapped: false, nextCursor };
}

/** Opinions in one state, or all of them, from the counters the triggers keep (migration 011). */
function stateCount(db: Db, state?: FeedbackState): number {
  if (state) return statement<[string], { n: number }>(db, 'SELECT n FROM feedback_state_counts WHERE status = ?').get(state)?.n ?? 0;
  return statement<[], { n: number }>(db, 'SELECT coalesce(sum(n), 0) AS n FROM feedback_state_counts').get()!.n;
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
  const scoped = scopeSql(scope);
  const and = scoped === '' ? '' : `AND ${scoped}`;
  // One indexed count per figure (sub-selects), rather than one pass summing over every opinion.
  const counts = statement<[Record<string, unknown>], Omit<DashboardCounts, 'pending' | 'inReview'>>(
    db,
    `SELECT (SELECT count(*) FROM feedback f WHERE f.inbox_order < @today ${and}) AS overdue,
       (SELECT count(*) FROM feedback f WHERE f.inbox_order BETWEEN @today AND @soon ${and}) AS dueSoon,
       (SELECT count(*) FROM feedback f WHERE f.followup_status = 'open' ${and}) AS followUpsDue,
       (SELECT count(*) FROM feedback f WHERE f.needs_screening = 1 AND f.status = 'pending' ${and}) AS screening`,
  ).get({ ...scopeParams(scope), today, soon })!;
  const byState = new Map(countsByState(db, scope).map((row) => [row.state, row.count]));
  return { pending: byState.get('pending') ?? 0, overdue: counts.overdue, dueSoon: counts.dueSoon, inReview: byState.get('in_review') ?? 0, followUpsDue: counts.followUpsDue, screening: counts.screening };
}

export function countsByState(db: Db, scope: ReaderScope): Array<{ state: FeedbackState; count: number }> {
  if (scope.allUnits) {
    return statement<[], { state: FeedbackState; count: number }>(db, 'SELECT status AS state, n AS count FROM feedback_state_counts WHERE n > 0').all();
  }
  return statement<[Record<string, unknown>], { state: FeedbackState; count: number }>(
    db,
    `SELECT f.status AS state, count(*) AS count FROM feedback f WHERE ${scopeSql(scope)} GROUP BY f.status`,
  ).all(scopeParams(scope));
}

export function countsByUnit(db: Db, scope: ReaderScope, today: string): Array<{ unitId: number; unitName: string; open: number; overdue: number }> {
  const scoped = scopeSql(scope);
  return statement<[Record<string, unknown>], { unitId: number; unitName: string; open: number; overdue: number }>(
    db,
    `SELECT u.id AS unitId, u.name AS unitName, t.open, t.overdue
     FROM (SELECT f.assigned_unit_id AS unitId, count(*) AS open, coalesce(sum(f.due_on < @today), 0) AS overdue
           FROM feedback f WHERE f.status IN ('assigned', 'in_review') ${scoped === '' ? '' : `AND ${scoped}`}
           GROUP BY f.assigned_unit_id) t
     JOIN units u ON u.id = t.unitId
     ORDER BY t.overdue DESC, t.open DESC, u.sort_order`,
  ).all({ ...scopeParams(scope), today });
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

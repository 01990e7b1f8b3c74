// What staff read: the inbox with its filters, the dashboard's counts, an opinion's timeline.
// Every query takes the reader's scope: a 经办人 sees only what is, or was, with their unit.
// At a million opinions each of them reads an index, never the whole table (migrations 011 and 016,
// tests/unit/query-plans.test.ts): the due date is a column (feedback.due_on, inbox_order), the
// unit scope its own table in the inbox's order with per-unit counters, search a trigram index
// read newest first up to a cap, pages keyset.
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

/** The scope's own table (migration 016): a row per unit an opinion is or was with, in the inbox's order. */
const SCOPE_TABLE = 'feedback_unit_scope';

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

/** A search of 3 characters or more lists at most this many matches, newest first (see listInbox). */
export const SEARCH_MATCH_LIMIT = 1000;
/** … found among at most this many matches of its text, newest first, when other filters or a scope apply. */
export const SEARCH_READ_LIMIT = 5_000;

/** How the page is read: the table that leads, and the columns of the inbox's order on it. */
type Source = 'plain' | 'scope' | 'unit' | 'search';

/**
 * `today` and `soon` are bureau dates: due on or before `soon` (and not before today) is "due soon".
 *
 * Each page is the first rows of one index in the inbox's order, and each count a range of an index
 * or a counter (migrations 011 and 016, tests/unit/query-plans.test.ts):
 * - a 经办人's scope leads from its own table (feedback_unit_scope, in the inbox's order);
 * - the unit filter merges two ranges in the inbox's order (assigned to the unit; about it and
 *   assigned elsewhere);
 * - a search of 3 characters or more reads the newest SEARCH_READ_LIMIT matches of its text from
 *   the trigram index and lists the newest SEARCH_MATCH_LIMIT of them that pass the other filters,
 *   in the inbox's order (totalCapped when either limit cut); `allMatches` (the export) reads every
 *   match in the inbox's order instead;
 * - anything else reads the inbox's index of the filter (state, category, role, both …).
 */
export function listInbox(db: Db, scope: ReaderScope, filters: InboxFilters & { allMatches?: boolean }, today: string, soon: string): InboxPage {
  const scoped = !scope.allUnits;
  const shortSearch = filters.q !== undefined && filters.q !== '' && [...filters.q].length < TRIGRAM_MIN_LENGTH;
  const longSearch = filters.q !== undefined && filters.q !== '' && !shortSearch;
  const source: Source = longSearch && !filters.allMatches ? 'search' : scoped ? 'scope' : filters.unitId !== undefined ? 'unit' : 'plain';
  // On the scope's table the state and the inbox's order are copies of the opinion's (kept by triggers).
  const o = source === 'scope' ? 's' : 'f';
  const where: string[] = [];
  const params: Record<string, unknown> = { ...scopeParams(scope) };
  if (filters.state) {
    where.push(`${o}.status = @state`);
    params.state = filters.state;
  }
  if (filters.unitId !== undefined) {
    if (source !== 'unit') where.push('(f.assigned_unit_id = @unitId OR f.unit_id = @unitId)');
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
    where.push(`${o}.inbox_order < @today`);
    params.today = today;
  }
  if (filters.dueSoon) {
    where.push(`${o}.inbox_order BETWEEN @today AND @soon`);
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
  if (longSearch) {
    params.match = searchPhrase(filters.q!);
    if (source !== 'search') where.push('f.id IN (SELECT rowid FROM feedback_search WHERE feedback_search MATCH @match)');
  } else if (filters.q) {
    // One or two characters (常见: 食堂, 补课) are below the trigram index: matched with LIKE while
    // the inbox's index is read in order, so a page stops at its last row; the count is capped.
    where.push("(f.content LIKE @q ESCAPE '\\' OR f.title LIKE @q ESCAPE '\\' OR f.tracking_code LIKE @q ESCAPE '\\')");
    params.q = `%${likeLiteral(filters.q)}%`;
  }

  const pageParams: Record<string, unknown> = { ...params, limit: filters.pageSize, offset: 0 };
  const keyset = (alias: string, id: string): string[] => {
    if (!filters.after) return [];
    // One range the index serves, and the rows of the cursor's own date that came before it.
    return [
      `${alias}.inbox_order >= @afterOrder`,
      `NOT (${alias}.inbox_order = @afterOrder AND (${alias}.submitted_at > @afterAt OR (${alias}.submitted_at = @afterAt AND ${id} >= @afterId)))`,
    ];
  };
  if (filters.after) {
    pageParams.afterOrder = filters.after.inboxOrder;
    pageParams.afterAt = filters.after.submittedAt;
    pageParams.afterId = filters.after.id;
  } else pageParams.offset = (filters.page - 1) * filters.pageSize;

  const columns = `f.id, f.tracking_code AS trackingCode, f.title, f.content, f.status AS state, f.category,
       c.label AS categoryLabel, f.role, u.name AS unitName, a.name AS assignedUnitName, f.submitted_at AS submittedAt,
       f.due_on AS dueOn, ${DUE_KIND_SQL} AS dueKind, f.due_provisional AS provisional, f.publication, f.rating,
       f.followup_status AS followUp, f.needs_screening AS needsScreening, f.urge_count AS urgeCount, f.inbox_order AS inboxOrder`;
  // CROSS JOIN: the leading table first, so that the inbox's order is read from an index (never via categories).
  const names = `CROSS JOIN feedback_categories c ON c.code = f.category
     LEFT JOIN units u ON u.id = f.unit_id
     LEFT JOIN units a ON a.id = f.assigned_unit_id`;
  const pageOf = (sql: string) => statement<[Record<string, unknown>], InboxRow>(db, sql).all(pageParams);
  let rows: InboxRow[];
  let count: () => { total: number; totalCapped: boolean };

  if (source === 'search') {
    // The newest SEARCH_READ_LIMIT matches of the text, of which the newest SEARCH_MATCH_LIMIT that
    // pass every filter (+1 to know there are more); the scope is looked up before the opinion,
    // which is read only when a filter needs it.
    const read = `SELECT rowid AS id FROM feedback_search WHERE feedback_search MATCH @match ORDER BY rowid DESC LIMIT ${SEARCH_READ_LIMIT}`;
    const scopeOfMatch = scoped ? `CROSS JOIN ${SCOPE_TABLE} s ON s.feedback_id = r.id AND s.unit_id = @scopeUnitId` : '';
    const feedbackJoin = where.length > 0 ? 'CROSS JOIN feedback f ON f.id = r.id' : '';
    const matches = (limit: number) => `SELECT r.id FROM (${read}) r ${scopeOfMatch} ${feedbackJoin} ${whereOf(where)} ORDER BY r.id DESC LIMIT ${limit}`;
    rows = pageOf(`WITH matches AS (${matches(SEARCH_MATCH_LIMIT)})
       SELECT ${columns} FROM matches x CROSS JOIN feedback f ON f.id = x.id ${names}
       ${whereOf(keyset('f', 'f.id'))}
       ORDER BY f.inbox_order, f.submitted_at DESC, f.id DESC LIMIT @limit OFFSET @offset`);
    count = () => {
      const n = statement<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM (${matches(SEARCH_MATCH_LIMIT + 1)})`).get(params)!.n;
      if (n > SEARCH_MATCH_LIMIT) return { total: SEARCH_MATCH_LIMIT, totalCapped: true };
      if (!scoped && where.length === 0) return { total: n, totalCapped: false };
      const read = statement<[Record<string, unknown>], { n: number }>(
        db,
        `SELECT count(*) AS n FROM (SELECT rowid FROM feedback_search WHERE feedback_search MATCH @match LIMIT ${SEARCH_READ_LIMIT + 1})`,
      ).get({ match: params.match })!.n;
      return { total: n, totalCapped: read > SEARCH_READ_LIMIT };
    };
  } else if (source === 'scope') {
    const scopeWhere = ['s.unit_id = @scopeUnitId', ...where];
    rows = pageOf(`SELECT ${columns} FROM ${SCOPE_TABLE} s CROSS JOIN feedback f ON f.id = s.feedback_id ${names}
       ${whereOf([...scopeWhere, ...keyset('s', 's.feedback_id')])}
       ORDER BY s.inbox_order, s.submitted_at DESC, s.feedback_id DESC LIMIT @limit OFFSET @offset`);
    count = () => {
      if (where.length === 0 || (where.length === 1 && filters.state)) return { total: unitStateCount(db, scope.unitId ?? -1, filters.state), totalCapped: false };
      // Conditions on the scope's own columns are counted from its index alone.
      const needsFeedback = where.some((condition) => condition.includes('f.'));
      return countOf(db, `SELECT count(*) AS n FROM ${SCOPE_TABLE} s ${needsFeedback ? 'CROSS JOIN feedback f ON f.id = s.feedback_id' : ''} ${whereOf(scopeWhere)}`, params, shortSearch);
    };
  } else if (source === 'unit') {
    // Assigned to the unit, and about it but assigned elsewhere: two ranges in the inbox's order, merged.
    const arms = (paging: boolean) => [
      ['f.assigned_unit_id = @unitId', ...where, ...(paging ? keyset('f', 'f.id') : [])],
      ['f.unit_id = @unitId', 'f.assigned_unit_id IS NOT @unitId', ...where, ...(paging ? keyset('f', 'f.id') : [])],
    ];
    const [assigned, about] = arms(true);
    rows = pageOf(`WITH page AS (
         SELECT f.id, f.inbox_order AS o, f.submitted_at AS at FROM feedback f ${whereOf(assigned!)}
         UNION ALL
         SELECT f.id, f.inbox_order AS o, f.submitted_at AS at FROM feedback f ${whereOf(about!)}
         ORDER BY 2, 3 DESC, 1 DESC LIMIT @limit OFFSET @offset)
       SELECT ${columns} FROM page p CROSS JOIN feedback f ON f.id = p.id ${names}
       ORDER BY p.o, p.at DESC, p.id DESC`);
    count = () => {
      const [assignedCount, aboutCount] = arms(false).map((arm) => countOf(db, `SELECT count(*) AS n FROM feedback f ${whereOf(arm)}`, params, shortSearch));
      const total = assignedCount!.total + aboutCount!.total;
      const capped = assignedCount!.totalCapped || aboutCount!.totalCapped || total > SHORT_SEARCH_COUNT_LIMIT;
      return shortSearch ? { total: Math.min(total, SHORT_SEARCH_COUNT_LIMIT), totalCapped: capped } : { total, totalCapped: false };
    };
  } else {
    // A page after a cursor, with no filter that has its own index in the inbox's order: read the
    // inbox's index from the cursor on. (With planner statistics SQLite would otherwise skip-scan an
    // index led by a column of few values, say role, and sort everything after the cursor.)
    const orderedRead = filters.after !== undefined && !filters.state && !filters.category && !filters.role && !filters.followUp && !filters.screening;
    // The screening queue and open follow-ups are partial indexes of few rows in the inbox's order:
    // read them rather than the index of a state that they are a small part of.
    const index = filters.screening ? 'feedback_inbox_screening' : filters.followUp ? 'feedback_inbox_follow_up' : orderedRead ? 'feedback_inbox' : undefined;
    rows = pageOf(`SELECT ${columns} FROM feedback f ${index ? `INDEXED BY ${index}` : ''} ${names}
       ${whereOf([...where, ...keyset('f', 'f.id')])}
       ORDER BY f.inbox_order, f.submitted_at DESC, f.id DESC LIMIT @limit OFFSET @offset`);
    count = () => {
      if (where.length === 0) return { total: stateCount(db), totalCapped: false };
      if (where.length === 1 && filters.state) return { total: stateCount(db, filters.state), totalCapped: false };
      return countOf(db, `SELECT count(*) AS n FROM feedback f ${whereOf(where)}`, params, shortSearch);
    };
  }
  const last = rows.length === filters.pageSize ? rows.at(-1) : undefined;
  const nextCursor = last ? encodeInboxCursor({ inboxOrder: last.inboxOrder, submittedAt: last.submittedAt, id: last.id }) : null;
  return { rows, ...count(), nextCursor };
}

/** A count; a short search's stops at SHORT_SEARCH_COUNT_LIMIT (+1 to know there are more). */
function countOf(db: Db, sql: string, params: Record<string, unknown>, capped: boolean): { total: number; totalCapped: boolean } {
  if (!capped) return { total: statement<[Record<string, unknown>], { n: number }>(db, sql).get(params)!.n, totalCapped: false };
  const n = statement<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM (${sql.replace('count(*) AS n', '1')} LIMIT ${SHORT_SEARCH_COUNT_LIMIT + 1})`).get(params)!.n;
  return { total: Math.min(n, SHORT_SEARCH_COUNT_LIMIT), totalCapped: n > SHORT_SEARCH_COUNT_LIMIT };
}

/** Opinions in one state, or all of them, from the counters the triggers keep (migration 011). */
function stateCount(db: Db, state?: FeedbackState): number {
  if (state) return statement<[string], { n: number }>(db, 'SELECT n FROM feedback_state_counts WHERE status = ?').get(state)?.n ?? 0;
  return statement<[], { n: number }>(db, 'SELECT coalesce(sum(n), 0) AS n FROM feedback_state_counts').get()!.n;
}

/** Opinions of a unit's scope in one state, or all of them, from the per-unit counters (migration 016). */
function unitStateCount(db: Db, unitId: number, state?: FeedbackState): number {
  if (state) {
    return statement<[number, string], { n: number }>(db, 'SELECT n FROM feedback_unit_state_counts WHERE unit_id = ? AND status = ?').get(unitId, state)?.n ?? 0;
  }
  return statement<[number], { n: number }>(db, 'SELECT coalesce(sum(n), 0) AS n FROM feedback_unit_state_counts WHERE unit_id = ?').get(unitId)!.n;
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
  // One indexed count per figure (sub-selects), rather than one pass summing over every opinion. A
  // 经办人's due dates are ranges of their scope's index; follow-ups and screening are read from
  // their partial indexes (few rows) and looked up in the scope.
  const sql = scope.allUnits
    ? `SELECT (SELECT count(*) FROM feedback f WHERE f.inbox_order < @today) AS overdue,
       (SELECT count(*) FROM feedback f WHERE f.inbox_order BETWEEN @today AND @soon) AS dueSoon,
       (SELECT count(*) FROM feedback f WHERE f.followup_status = 'open') AS followUpsDue,
       (SELECT count(*) FROM feedback f WHERE f.needs_screening = 1 AND f.status = 'pending') AS screening`
    : `SELECT (SELECT count(*) FROM ${SCOPE_TABLE} s WHERE s.unit_id = @scopeUnitId AND s.inbox_order < @today) AS overdue,
       (SELECT count(*) FROM ${SCOPE_TABLE} s WHERE s.unit_id = @scopeUnitId AND s.inbox_order BETWEEN @today AND @soon) AS dueSoon,
       (SELECT count(*) FROM feedback f INDEXED BY feedback_inbox_follow_up CROSS JOIN ${SCOPE_TABLE} s ON s.feedback_id = f.id AND s.unit_id = @scopeUnitId
         WHERE f.followup_status = 'open') AS followUpsDue,
       (SELECT count(*) FROM feedback f INDEXED BY feedback_inbox_screening CROSS JOIN ${SCOPE_TABLE} s ON s.feedback_id = f.id AND s.unit_id = @scopeUnitId
         WHERE f.needs_screening = 1 AND f.status = 'pending') AS screening`;
  const counts = statement<[Record<string, unknown>], Omit<DashboardCounts, 'pending' | 'inReview'>>(db, sql).get({ ...scopeParams(scope), today, soon })!;
  const byState = new Map(countsByState(db, scope).map((row) => [row.state, row.count]));
  return { pending: byState.get('pending') ?? 0, overdue: counts.overdue, dueSoon: counts.dueSoon, inReview: byState.get('in_review') ?? 0, followUpsDue: counts.followUpsDue, screening: counts.screening };
}

/** From the counters the triggers keep: all opinions (migration 011), a unit's scope (migration 016). */
export function countsByState(db: Db, scope: ReaderScope): Array<{ state: FeedbackState; count: number }> {
  if (scope.allUnits) {
    return statement<[], { state: FeedbackState; count: number }>(db, 'SELECT status AS state, n AS count FROM feedback_state_counts WHERE n > 0').all();
  }
  return statement<[number], { state: FeedbackState; count: number }>(
    db,
    'SELECT status AS state, n AS count FROM feedback_unit_state_counts WHERE unit_id = ? AND n > 0 ORDER BY status',
  ).all(scope.unitId ?? -1);
}

export function countsByUnit(db: Db, scope: ReaderScope, today: string): Array<{ unitId: number; unitName: string; open: number; overdue: number }> {
  // The 办公室: the open opinions by unit from the counters the triggers keep (migration 016), the
  // overdue among them a range of feedback_open_by_unit each. A 经办人: the open opinions of their
  // scope (its index by state), each looked up for the unit it is with now in a small index.
  const open = scope.allUnits
    ? `SELECT k.unit_id AS unitId, k.n AS open,
         (SELECT count(*) FROM feedback f WHERE f.status IN ('assigned', 'in_review') AND f.assigned_unit_id = k.unit_id AND f.due_on < @today) AS overdue
       FROM feedback_open_unit_counts k WHERE k.n > 0`
    : `SELECT f.assigned_unit_id AS unitId, count(*) AS open, coalesce(sum(f.due_on < @today), 0) AS overdue
       FROM ${SCOPE_TABLE} s CROSS JOIN feedback f INDEXED BY feedback_unit_and_due ON f.id = s.feedback_id
       WHERE s.unit_id = @scopeUnitId AND s.status IN ('assigned', 'in_review') GROUP BY f.assigned_unit_id`;
  return statement<[Record<string, unknown>], { unitId: number; unitName: string; open: number; overdue: number }>(
    db,
    `SELECT u.id AS unitId, u.name AS unitName, t.open, t.overdue
     FROM (${open}) t
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

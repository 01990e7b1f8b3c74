import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface AuditEntry {
  actorKind: 'public' | 'user' | 'system';
  actorUserId: number | null;
  /** What the action was about: 'feedback', 'user', 'session', 'unit', 'category', 'calendar', … */
  objectType: string;
  objectId: number | null;
  /** A stable code such as 'feedback.accept', 'login.failed', 'contact.view'. */
  action: string;
  reason?: string | null;
  /** Extra facts as JSON (never contact details or secrets). */
  details?: Record<string, unknown> | null;
  ipHash?: string | null;
  at: string;
}

/** Appends to the audit log (UPDATE and DELETE are refused by triggers). */
export function recordAudit(db: Db, entry: AuditEntry): void {
  statement(
    db,
    `INSERT INTO audit_log (actor_kind, actor_user_id, object_type, object_id, action, reason, details, ip_hash, at)
     VALUES (@actorKind, @actorUserId, @objectType, @objectId, @action, @reason, @details, @ipHash, @at)`,
  ).run({
    ...entry,
    reason: entry.reason ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
    ipHash: entry.ipHash ?? null,
  });
}

export interface AuditFilters {
  action?: string | undefined;
  userId?: number | undefined;
  objectType?: string | undefined;
  /** ISO instants: from inclusive, before exclusive. */
  from?: string | undefined;
  before?: string | undefined;
}

export interface AuditRow {
  id: number;
  at: string;
  actorKind: string;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: number | null;
  reason: string | null;
  details: string | null;
}

function auditWhere(filters: AuditFilters): { sql: string; params: Record<string, unknown> } {
  const where: string[] = ['1 = 1'];
  const params: Record<string, unknown> = {};
  if (filters.action) {
    // 'feedback' also means 'feedback.accept' …: a range ('.' is followed by '/'), which the index serves.
    where.push('(a.action = @action OR (a.action >= @actionFrom AND a.action < @actionTo))');
    params.action = filters.action;
    params.actionFrom = `${filters.action}.`;
    params.actionTo = `${filters.action}/`;
  }
  if (filters.userId !== undefined) {
    where.push('a.actor_user_id = @userId');
    params.userId = filters.userId;
  }
  if (filters.objectType) {
    where.push('a.object_type = @objectType');
    params.objectType = filters.objectType;
  }
  if (filters.from) {
    where.push('a.at >= @from');
    params.from = filters.from;
  }
  if (filters.before) {
    where.push('a.at < @before');
    params.before = filters.before;
  }
  return { sql: where.join(' AND '), params };
}

const AUDIT_SELECT = `SELECT a.id, a.at, a.actor_kind AS actorKind, u.display_name AS actorName, a.action, a.object_type AS objectType,
  a.object_id AS objectId, a.reason, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id`;

export function listAudit(db: Db, filters: AuditFilters, page: number, pageSize: number): { rows: AuditRow[]; total: number } {
  const { sql, params } = auditWhere(filters);
  const rows = statement<[Record<string, unknown>], AuditRow>(db, `${AUDIT_SELECT} WHERE ${sql} ORDER BY a.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { rows, total: auditTotal(db, filters, sql, params) };
}

/**
 * The number of matching entries: from the counters the triggers keep (migrations 011 and 016)
 * when only an action and an object type filter, else counted from the filter's index.
 */
function auditTotal(db: Db, filters: AuditFilters, sql: string, params: Record<string, unknown>): number {
  if (Object.keys(params).length === 0) return statement<[], { n: number }>(db, 'SELECT n FROM audit_log_count').get()!.n;
  if (filters.userId === undefined && !filters.from && !filters.before) {
    const counted = sql.replaceAll('a.action', 'k.action').replaceAll('a.object_type', 'k.object_type');
    return statement<[Record<string, unknown>], { n: number }>(db, `SELECT coalesce(sum(k.n), 0) AS n FROM audit_log_counts k WHERE ${counted}`).get(params)!.n;
  }
  return statement<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM audit_log a WHERE ${sql}`).get(params)!.n;
}

/** Every matching entry, newest first, one at a time (for the CSV export). */
export function iterateAudit(db: Db, filters: AuditFilters): IterableIterator<AuditRow> {
  const { sql, params } = auditWhere(filters);
  return statement<[Record<string, unknown>], AuditRow>(db, `${AUDIT_SELECT} WHERE ${sql} ORDER BY a.id DESC`).iterate(params);
}

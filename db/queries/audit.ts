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

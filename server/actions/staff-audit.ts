// One audit entry for a staff member's named action on a record of the given type, or for an
// audited read (a contact view, an export: `id` null for a list).
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import type { StaffUser } from '../domain/staff.ts';

export function auditStaffAction(
  db: Db,
  actor: StaffUser,
  context: { now: Date; ipHash?: string | null },
  object: { type: string; id: number | null },
  action: string,
  details: Record<string, unknown> | undefined,
  reason?: string,
): void {
  recordAudit(db, {
    actorKind: 'user',
    actorUserId: actor.id,
    objectType: object.type,
    objectId: object.id,
    action,
    reason: reason ?? null,
    details,
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

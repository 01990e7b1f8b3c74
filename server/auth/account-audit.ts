// What the account and sign-in actions share: the context they are called in and how they write
// their audit entries.
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';

export interface ActionContext {
  now: Date;
  /** Salted hash of the client address, for the audit log; never the address itself. */
  ipHash?: string | null;
}

export function audit(
  db: Db,
  actor: { kind: 'user'; id: number } | 'system' | 'public',
  objectType: 'user' | 'session',
  objectId: number | null,
  action: string,
  context: ActionContext,
  details?: Record<string, unknown>,
): void {
  recordAudit(db, {
    actorKind: typeof actor === 'string' ? actor : 'user',
    actorUserId: typeof actor === 'string' ? null : actor.id,
    objectType,
    objectId,
    action,
    details: details ?? null,
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

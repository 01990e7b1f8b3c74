// Recording site builds: the row of a build and its audit entry, in one transaction. Running the
// build itself (a child process) is the site-rebuilds plugin's part.
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { type BuildTrigger, insertSiteBuild } from '../../db/queries/site-builds.ts';
import type { StaffUser } from '../domain/staff.ts';

/** Writes a started build (by a person, the night, or a publication) and its audit entry; its id. */
export function recordSiteBuildStart(db: Db, trigger: BuildTrigger, actor: StaffUser | null, ipHash: string | null, at: string): number {
  return db
    .transaction(() => {
      const buildId = insertSiteBuild(db, { trigger, requestedBy: actor?.id ?? null, at });
      recordAudit(db, {
        actorKind: actor ? 'user' : 'system',
        actorUserId: actor?.id ?? null,
        objectType: 'site_build',
        objectId: buildId,
        action: trigger === 'publication' ? 'site.rebuild_scheduled' : 'site.rebuild',
        details: { trigger },
        ipHash,
        at,
      });
      return buildId;
    })
    .immediate();
}

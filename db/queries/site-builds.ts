// Build records (migration 007): one row per site build, whoever started it.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export const BUILD_TRIGGERS = ['nightly', 'manual', 'publication', 'script'] as const;
export type BuildTrigger = (typeof BUILD_TRIGGERS)[number];
export type BuildStatus = 'running' | 'built' | 'failed';

export interface SiteBuildRecord {
  id: number;
  trigger: BuildTrigger;
  requestedBy: number | null;
  requestedByName: string | null;
  status: BuildStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  pages: number | null;
  dataAsOf: string | null;
  buildId: string | null;
  error: string | null;
}

const COLUMNS = `b.id, b.trigger, b.requested_by AS requestedBy, u.display_name AS requestedByName, b.status, b.started_at AS startedAt,
  b.finished_at AS finishedAt, b.duration_ms AS durationMs, b.pages, b.data_as_of AS dataAsOf, b.build_id AS buildId, b.error
  FROM site_builds b LEFT JOIN users u ON u.id = b.requested_by`;

export function insertSiteBuild(db: Db, input: { trigger: BuildTrigger; requestedBy: number | null; at: string }): number {
  return Number(
    statement<[{ trigger: string; requestedBy: number | null; at: string }]>(
      db,
      "INSERT INTO site_builds (trigger, requested_by, status, started_at) VALUES (@trigger, @requestedBy, 'running', @at)",
    ).run(input).lastInsertRowid,
  );
}

export function finishSiteBuild(
  db: Db,
  id: number,
  outcome: { status: 'built' | 'failed'; at: string; durationMs: number; pages?: number | null; dataAsOf?: string | null; buildId?: string | null; error?: string | null },
): void {
  statement(
    db,
    `UPDATE site_builds SET status = @status, finished_at = @at, duration_ms = @durationMs, pages = @pages, data_as_of = @dataAsOf,
       build_id = @buildId, error = @error WHERE id = @id AND status = 'running'`,
  ).run({ id, pages: null, dataAsOf: null, buildId: null, error: null, ...outcome });
}

/** Builds a previous server process left running (it stopped or crashed): they never finished. */
export function failUnfinishedSiteBuilds(db: Db, at: string, error: string): number {
  return statement(db, "UPDATE site_builds SET status = 'failed', finished_at = @at, error = @error WHERE status = 'running'").run({ at, error }).changes;
}

export function getSiteBuild(db: Db, id: number): SiteBuildRecord | undefined {
  return statement<[number], SiteBuildRecord>(db, `SELECT ${COLUMNS} WHERE b.id = ?`).get(id);
}

export function recentSiteBuilds(db: Db, limit: number): SiteBuildRecord[] {
  return statement<[number], SiteBuildRecord>(db, `SELECT ${COLUMNS} ORDER BY b.id DESC LIMIT ?`).all(limit);
}

export function lastFinishedSiteBuild(db: Db): SiteBuildRecord | undefined {
  return statement<[], SiteBuildRecord>(db, `SELECT ${COLUMNS} WHERE b.status <> 'running' ORDER BY b.id DESC LIMIT 1`).get();
}

// Server-side sessions. Rows are keyed by the sha256 of the cookie's id: a copy of the database
// does not hand out working session cookies.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface SessionRow {
  id_hash: string;
  user_id: number | null;
  data: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export function findSession(db: Db, idHash: string): SessionRow | undefined {
  return statement<[string], SessionRow>(db, 'SELECT * FROM sessions WHERE id_hash = ?').get(idHash);
}

export function insertSession(db: Db, row: SessionRow): void {
  statement(
    db,
    `INSERT INTO sessions (id_hash, user_id, data, created_at, last_seen_at, expires_at)
     VALUES (@id_hash, @user_id, @data, @created_at, @last_seen_at, @expires_at)`,
  ).run(row);
}

export function updateSessionData(db: Db, idHash: string, data: string): void {
  statement(db, 'UPDATE sessions SET data = ? WHERE id_hash = ?').run(data, idHash);
}

export function touchSession(db: Db, idHash: string, lastSeenAt: string, expiresAt: string): void {
  statement(db, 'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').run(lastSeenAt, expiresAt, idHash);
}

export function deleteSession(db: Db, idHash: string): void {
  statement(db, 'DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

/** Ends every session of a user, or every one but `keepIdHash`; returns how many were live. */
export function deleteSessionsOfUser(db: Db, userId: number, now: string, keepIdHash: string | null = null): number {
  const live = statement<[number, string, string], { n: number }>(
    db,
    'SELECT count(*) AS n FROM sessions WHERE user_id = ? AND expires_at > ? AND id_hash IS NOT ?',
  ).get(userId, now, keepIdHash ?? '')!.n;
  statement(db, 'DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?').run(userId, keepIdHash ?? '');
  return live;
}

export function deleteExpiredSessions(db: Db, now: string): number {
  return statement(db, 'DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
}

// Spent proof-of-work challenges, kept until they expire (db/migrations/005_public_channel.sql).
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export function isChallengeUsed(db: Db, challengeId: string): boolean {
  return statement<[string], { one: number }>(db, 'SELECT 1 AS one FROM proof_of_work_used WHERE challenge_id = ?').get(challengeId) !== undefined;
}

/** Records a challenge as used; false when it was used already. */
export function insertUsedChallenge(db: Db, challengeId: string, expiresAt: string, usedAt: string): boolean {
  return (
    statement(db, 'INSERT OR IGNORE INTO proof_of_work_used (challenge_id, expires_at, used_at) VALUES (?, ?, ?)').run(challengeId, expiresAt, usedAt)
      .changes === 1
  );
}

export function deleteExpiredChallenges(db: Db, now: string): number {
  return statement(db, 'DELETE FROM proof_of_work_used WHERE expires_at < ?').run(now).changes;
}

export function countUsedChallenges(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM proof_of_work_used').get()!.n;
}

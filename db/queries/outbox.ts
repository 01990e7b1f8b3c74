// The queries both outboxes share (mail_outbox, migration 003; sms_outbox, migration 014): the same
// columns for the queue and the claim, so one set of statements serves either table. A row's state
// changes are conditional on the worker's claim, so a worker that lost its claim changes nothing.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export type OutboxTable = 'mail_outbox' | 'sms_outbox';

/**
 * Claims the row due first: one statement, so two workers can never claim the same row. The
 * attempt is counted at the claim, so an attempt cut short by a crash still counts.
 */
export function claimNextDue<Row>(db: Db, table: OutboxTable, workerId: string, at: string): Row | undefined {
  return statement<[Record<string, unknown>], Row>(
    db,
    `UPDATE ${table} SET status = 'sending', claimed_by = @workerId, claimed_at = @at, attempts = attempts + 1, updated_at = @at
     WHERE id = (SELECT id FROM ${table} WHERE status = 'queued' AND next_attempt_at <= @at ORDER BY next_attempt_at, id LIMIT 1)
     RETURNING *`,
  ).get({ workerId, at });
}

/** Not sent this time: queued again for `nextAttemptAt`, with the error. */
export function markRetry(db: Db, table: OutboxTable, id: number, workerId: string, nextAttemptAt: string, error: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE ${table} SET status = 'queued', next_attempt_at = @nextAttemptAt, last_error = @error, claimed_by = NULL, claimed_at = NULL, updated_at = @at
       WHERE id = @id AND status = 'sending' AND claimed_by = @workerId`,
    ).run({ id, workerId, nextAttemptAt, error, at }).changes === 1
  );
}

/** When the next queued row falls due, or null when nothing is queued. */
export function nextDueAt(db: Db, table: OutboxTable): string | null {
  return statement<[], { at: string | null }>(db, `SELECT min(next_attempt_at) AS at FROM ${table} WHERE status = 'queued'`).get()?.at ?? null;
}

/**
 * A column of the rows about opinions whose contact details were erased (withdrawn, or past the
 * retention period), all such opinions when `feedbackIds` is null: what names their files, which go too.
 */
export function erasedFeedbackOutboxValues<Column extends 'message_id' | 'id'>(
  db: Db,
  table: OutboxTable,
  column: Column,
  feedbackIds: readonly number[] | null,
): Array<Column extends 'id' ? number : string> {
  return statement<[Record<string, unknown>], { value: Column extends 'id' ? number : string }>(
    db,
    `SELECT o.${column} AS value FROM ${table} o JOIN feedback f ON f.id = o.feedback_id
     WHERE f.contact_purged_at IS NOT NULL AND (@ids IS NULL OR o.feedback_id IN (SELECT value FROM json_each(@ids)))`,
  )
    .all({ ids: feedbackIds === null ? null : JSON.stringify(feedbackIds) })
    .map((row) => row.value);
}

// Named statistics. Each one is a function with a test; each counts only rows the public may
// know about by construction (published ledger items; feedback counts carry no personal data).
import type { FeedbackStats, ItemStats } from '../public-snapshot-schema.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import { overdueSql } from '../../server/domain/ledger-rules.ts';

/**
 * Ledger figures for published items. `today` is the bureau's calendar date, YYYY-MM-DD; overdue is
 * the rule of server/domain/ledger-rules.ts (past its deadline and not 已完成).
 */
export function rectificationStats(db: Db, today: string): ItemStats {
  const row = statement<[{ today: string }], Omit<ItemStats, 'completionRate'>>(
    db,
    `SELECT count(*) AS total,
       coalesce(sum(status = 'not_started'), 0) AS notStarted,
       coalesce(sum(status = 'in_progress'), 0) AS inProgress,
       coalesce(sum(status = 'completed'), 0) AS completed,
       coalesce(sum(status = 'ongoing'), 0) AS ongoing,
       coalesce(sum(${overdueSql()}), 0) AS overdue
     FROM rectification_items WHERE is_published = 1`,
  ).get({ today })!;
  return { ...row, completionRate: row.total === 0 ? null : (row.completed + row.ongoing) / row.total };
}

/**
 * Opinion figures. received: every submission; accepted: accepted and neither declined nor withdrawn;
 * replied: accepted opinions that have had a reply; replyRate = replied / accepted.
 * onTimeRate: replied by the deadline without an extension, over replied (an extended opinion is
 * counted apart, in `extended`, never as on time). Dates are the bureau's (UTC+8).
 */
export function feedbackStats(db: Db): FeedbackStats {
  const row = statement<[], Omit<FeedbackStats, 'replyRate' | 'onTimeRate'> & { onTime: number }>(
    db,
    `SELECT count(*) AS received,
       coalesce(sum(accepted), 0) AS accepted,
       coalesce(sum(replied), 0) AS replied,
       coalesce(sum(replied AND extension_days IS NULL AND reply_due_on IS NOT NULL AND date(replied_at, '+8 hours') <= reply_due_on), 0) AS onTime,
       coalesce(sum(accepted AND extension_days IS NOT NULL), 0) AS extended
     FROM (SELECT *, accepted_at IS NOT NULL AND status NOT IN ('rejected', 'withdrawn') AS accepted,
             accepted_at IS NOT NULL AND status NOT IN ('rejected', 'withdrawn') AND replied_at IS NOT NULL AS replied
           FROM feedback)`,
  ).get()!;
  const { onTime, ...counts } = row;
  return {
    ...counts,
    replyRate: row.accepted === 0 ? null : row.replied / row.accepted,
    onTimeRate: row.replied === 0 ? null : onTime / row.replied,
  };
}

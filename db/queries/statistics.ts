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
 */
export function feedbackStats(db: Db): FeedbackStats {
  const row = statement<[], Omit<FeedbackStats, 'replyRate'>>(
    db,
    `SELECT count(*) AS received,
       coalesce(sum(accepted_at IS NOT NULL AND status NOT IN ('rejected', 'withdrawn')), 0) AS accepted,
       coalesce(sum(accepted_at IS NOT NULL AND status NOT IN ('rejected', 'withdrawn') AND replied_at IS NOT NULL), 0) AS replied
     FROM feedback`,
  ).get()!;
  return { ...row, replyRate: row.accepted === 0 ? null : row.replied / row.accepted };
}

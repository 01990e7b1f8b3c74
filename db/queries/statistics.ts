// Named statistics. Each one is a function with a test; each counts only rows the public may
// know about by construction (published ledger items; feedback counts carry no personal data).
import type { FeedbackStats, ItemStats, TopicStats } from '../public-snapshot-schema.ts';
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

/**
 * 群众点题 figures, newest campaign first. 点题: nominations (opinions sent for the campaign); 采纳:
 * distinct ledger items the adopted nominations became or joined; 已完成: those items 已完成. An item
 * counts whether or not it is published yet: the submitter has been told of the adoption, and the
 * figure names no item. The totals count an item joined from two campaigns once.
 */
export function topicCampaignStats(db: Db): TopicStats {
  const adoptedItems = `SELECT DISTINCT n.campaign_id, n.item_id, i.status FROM topic_nominations n JOIN rectification_items i ON i.id = n.item_id
     WHERE n.decision = 'adopted'`;
  const byCampaign = statement<[], TopicStats['byCampaign'][number]>(
    db,
    `SELECT c.id AS campaignId, c.theme,
       (SELECT count(*) FROM topic_nominations n WHERE n.campaign_id = c.id) AS nominations,
       (SELECT count(*) FROM (${adoptedItems}) a WHERE a.campaign_id = c.id) AS adopted,
       (SELECT count(*) FROM (${adoptedItems}) a WHERE a.campaign_id = c.id AND a.status = 'completed') AS completed
     FROM topic_campaigns c ORDER BY c.opens_on DESC, c.id DESC`,
  ).all();
  const totals = statement<[], Omit<TopicStats, 'byCampaign'>>(
    db,
    `SELECT (SELECT count(*) FROM topic_campaigns) AS campaigns,
       (SELECT count(*) FROM topic_nominations) AS nominations,
       (SELECT count(DISTINCT item_id) FROM (${adoptedItems})) AS adopted,
       (SELECT count(DISTINCT item_id) FROM (${adoptedItems}) WHERE status = 'completed') AS completed`,
  ).get()!;
  return { ...totals, byCampaign };
}

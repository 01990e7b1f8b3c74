// 群众点题: campaigns and the nominations (opinions sent for a campaign). No rules here
// (server/actions/topic-actions.ts).
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import type { ItemStatus } from '../../server/domain/vocabulary.ts';

export type NominationDecision = 'pending' | 'adopted' | 'not_adopted';

export interface CampaignRow {
  id: number;
  theme: string;
  description: string;
  opensOn: string;
  closesOn: string;
  createdAt: string;
}

export interface NominationRow {
  feedbackId: number;
  campaignId: number;
  trackingCode: string;
  content: string;
  feedbackStatus: string;
  decision: NominationDecision;
  publicReason: string;
  decidedAt: string | null;
  itemId: number | null;
  itemCode: string | null;
  itemTitle: string | null;
  itemStatus: ItemStatus | null;
  itemIsPublished: boolean;
}

const CAMPAIGN_COLUMNS = 'id, theme, description, opens_on AS opensOn, closes_on AS closesOn, created_at AS createdAt';

export function listCampaigns(db: Db): CampaignRow[] {
  return statement<[], CampaignRow>(db, `SELECT ${CAMPAIGN_COLUMNS} FROM topic_campaigns ORDER BY opens_on DESC, id DESC`).all();
}

export function getCampaign(db: Db, id: number): CampaignRow | undefined {
  return statement<[number], CampaignRow>(db, `SELECT ${CAMPAIGN_COLUMNS} FROM topic_campaigns WHERE id = ?`).get(id);
}

export function insertCampaign(db: Db, row: { theme: string; description: string; opensOn: string; closesOn: string; createdBy: number; at: string }): number {
  return Number(
    statement(
      db,
      `INSERT INTO topic_campaigns (theme, description, opens_on, closes_on, created_by, created_at, updated_at)
       VALUES (@theme, @description, @opensOn, @closesOn, @createdBy, @at, @at)`,
    ).run(row).lastInsertRowid,
  );
}

export function insertNomination(db: Db, feedbackId: number, campaignId: number): void {
  statement(db, 'INSERT INTO topic_nominations (feedback_id, campaign_id) VALUES (?, ?)').run(feedbackId, campaignId);
}

export function listNominations(db: Db, campaignId: number | null): NominationRow[] {
  return statement<[number | null, number | null], Omit<NominationRow, 'itemIsPublished'> & { itemIsPublished: number | null }>(
    db,
    `SELECT n.feedback_id AS feedbackId, n.campaign_id AS campaignId, f.tracking_code AS trackingCode, f.content, f.status AS feedbackStatus,
       n.decision, n.public_reason AS publicReason, n.decided_at AS decidedAt, n.item_id AS itemId,
       i.code AS itemCode, i.title AS itemTitle, i.status AS itemStatus, i.is_published AS itemIsPublished
     FROM topic_nominations n JOIN feedback f ON f.id = n.feedback_id LEFT JOIN rectification_items i ON i.id = n.item_id
     WHERE ? IS NULL OR n.campaign_id = ? ORDER BY n.campaign_id, f.submitted_at, f.id`,
  )
    .all(campaignId, campaignId)
    .map((row) => ({ ...row, itemIsPublished: row.itemIsPublished === 1 }));
}

export function getNomination(db: Db, feedbackId: number): NominationRow | undefined {
  return statement<[number], Omit<NominationRow, 'itemIsPublished'> & { itemIsPublished: number | null }>(
    db,
    `SELECT n.feedback_id AS feedbackId, n.campaign_id AS campaignId, f.tracking_code AS trackingCode, f.content, f.status AS feedbackStatus,
       n.decision, n.public_reason AS publicReason, n.decided_at AS decidedAt, n.item_id AS itemId,
       i.code AS itemCode, i.title AS itemTitle, i.status AS itemStatus, i.is_published AS itemIsPublished
     FROM topic_nominations n JOIN feedback f ON f.id = n.feedback_id LEFT JOIN rectification_items i ON i.id = n.item_id
     WHERE n.feedback_id = ?`,
  )
    .all(feedbackId)
    .map((row) => ({ ...row, itemIsPublished: row.itemIsPublished === 1 }))[0];
}

export function decideNominationRow(db: Db, feedbackId: number, decision: { decision: NominationDecision; publicReason: string; itemId: number | null; at: string }): void {
  statement(db, 'UPDATE topic_nominations SET decision = @decision, public_reason = @publicReason, item_id = @itemId, decided_at = @at WHERE feedback_id = @feedbackId').run({
    feedbackId,
    ...decision,
  });
}

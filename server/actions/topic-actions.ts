// 群众点题: the 办公室's named actions on campaigns and their nominations, each in one transaction
// with its audit entry. An adopted nomination becomes a new ledger item (source 群众点题) or joins
// an existing one; a declined one carries a reason the submitter reads on the tracking page.
import type { Db } from '../../db/open.ts';
import { decideNominationRow, getCampaign, getNomination, insertCampaign } from '../../db/queries/topics.ts';
import { linkTrackedItem } from './ledger-actions.ts';
import type { LedgerContext, LedgerResult } from './ledger-writes.ts';
import { auditStaffAction } from './staff-audit.ts';
import { hasRole, type StaffRole, type StaffUser } from '../domain/staff.ts';
import type { CampaignInput, NominationDecisionInput } from '../domain/topic-input.ts';

export const TOPIC_EDITOR_ROLES: readonly StaffRole[] = ['office'];
export const TOPIC_READER_ROLES: readonly StaffRole[] = ['office', 'sysadmin'];

const FORBIDDEN = { ok: false, error: 'forbidden', message: '只有办公室可以组织群众点题' } as const;

function audit(db: Db, actor: StaffUser, context: LedgerContext, campaignId: number, action: string, details: Record<string, unknown>, reason?: string): void {
  auditStaffAction(db, actor, context, { type: 'topic_campaign', id: campaignId }, action, details, reason);
}

export function createCampaign(db: Db, actor: StaffUser, input: CampaignInput, context: LedgerContext): LedgerResult<{ id: number }> {
  if (!hasRole(actor, ...TOPIC_EDITOR_ROLES)) return FORBIDDEN;
  if (input.closesOn < input.opensOn) return { ok: false, error: 'invalid', field: 'closesOn', message: '截止日期不能早于开始日期' };
  return db.transaction((): LedgerResult<{ id: number }> => {
    const id = insertCampaign(db, { ...input, createdBy: actor.id, at: context.now.toISOString() });
    audit(db, actor, context, id, 'topic.create', { theme: input.theme, opensOn: input.opensOn, closesOn: input.closesOn });
    return { ok: true, value: { id } };
  }).immediate();
}

export function decideNomination(
  db: Db,
  actor: StaffUser,
  campaignId: number,
  feedbackId: number,
  input: NominationDecisionInput,
  context: LedgerContext,
): LedgerResult<{ feedbackId: number; itemId: number | null; itemCode: string | null }> {
  if (!hasRole(actor, ...TOPIC_EDITOR_ROLES)) return FORBIDDEN;
  return db.transaction((): LedgerResult<{ feedbackId: number; itemId: number | null; itemCode: string | null }> => {
    const campaign = getCampaign(db, campaignId);
    if (!campaign) return { ok: false, error: 'not_found', message: '群众点题活动不存在' };
    const nomination = getNomination(db, feedbackId);
    if (!nomination || nomination.campaignId !== campaignId) return { ok: false, error: 'not_found', message: '该活动中没有这条点题' };
    const linked = linkTrackedItem(db, actor, input, { source: 'public_topic', note: `由群众点题“${campaign.theme}”的点题 ${nomination.trackingCode} 新建` }, context);
    if (!linked.ok) return linked;
    const item = linked.value;
    decideNominationRow(db, feedbackId, { decision: input.decision, publicReason: input.publicReason, itemId: item?.id ?? null, at: context.now.toISOString() });
    audit(
      db,
      actor,
      context,
      campaignId,
      'topic.nomination.decide',
      { feedbackId, trackingCode: nomination.trackingCode, from: nomination.decision, to: input.decision, itemCode: item?.code ?? null },
      input.publicReason === '' ? undefined : input.publicReason,
    );
    return { ok: true, value: { feedbackId, itemId: item?.id ?? null, itemCode: item?.code ?? null } };
  }).immediate();
}

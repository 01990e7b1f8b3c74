// 群众点题 rules: when a campaign takes nominations, and the figures the report uses
// (点题 N 条，采纳 N 项，已完成 N 项).
import type { ItemStatus } from './vocabulary.ts';

/** Open from opens_on to closes_on inclusive, on the bureau's calendar date `today`. */
export function isCampaignOpen(campaign: { opensOn: string; closesOn: string }, today: string): boolean {
  return campaign.opensOn <= today && today <= campaign.closesOn;
}

export const NOMINATION_DECISION_LABELS = { pending: '待研究', adopted: '采纳', not_adopted: '未采纳' } as const;

export interface CampaignCounts {
  /** 点题: opinions sent for the campaign. */
  nominations: number;
  /** 采纳: ledger items the adopted nominations became or joined (several may join one). */
  adopted: number;
  /** 已完成: of those items, the ones 已完成. */
  completed: number;
  notAdopted: number;
  pending: number;
}

export function campaignCounts(nominations: readonly { decision: 'pending' | 'adopted' | 'not_adopted'; itemId: number | null; itemStatus: ItemStatus | null }[]): CampaignCounts {
  const items = new Map<number, ItemStatus | null>();
  for (const row of nominations) if (row.decision === 'adopted' && row.itemId !== null) items.set(row.itemId, row.itemStatus);
  return {
    nominations: nominations.length,
    adopted: items.size,
    completed: [...items.values()].filter((status) => status === 'completed').length,
    notAdopted: nominations.filter((row) => row.decision === 'not_adopted').length,
    pending: nominations.filter((row) => row.decision === 'pending').length,
  };
}

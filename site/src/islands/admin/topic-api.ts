// 群众点题's calls to the admin API. Shapes from the server's own types (type imports only).
import type { CampaignRow } from '../../../../db/queries/topics.ts';
import type { CampaignInput, NominationDecisionInput } from '../../../../server/domain/topic-input.ts';
import type { CampaignCounts } from '../../../../server/domain/topic-rules.ts';
import { request } from './api.ts';

export type Campaign = Omit<CampaignRow, 'createdAt'> & { isOpen: boolean; counts: CampaignCounts };

export interface Nomination {
  feedbackId: number;
  trackingCode: string;
  content: string;
  decision: 'pending' | 'adopted' | 'not_adopted';
  decisionLabel: string;
  publicReason: string;
  decidedAt: string | null;
  item: { id: number; code: string; title: string } | null;
}

export const topicApi = {
  list: () => request<{ campaigns: Campaign[] }>('GET', '/topic-campaigns'),
  create: (body: Partial<CampaignInput>) => request<{ id: number }>('POST', '/topic-campaigns', body),
  get: (id: number) => request<{ campaign: Campaign; nominations: Nomination[] }>('GET', `/topic-campaigns/${id}`),
  decide: (id: number, feedbackId: number, body: Partial<NominationDecisionInput>) =>
    request<{ feedbackId: number; itemId: number | null; itemCode: string | null }>('POST', `/topic-campaigns/${id}/nominations/${feedbackId}/decision`, body),
};

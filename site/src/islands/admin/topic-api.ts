// 群众点题's calls to the admin API. Shapes from the routes' zod schemas (type imports only).
import type { CampaignInput, NominationDecisionInput } from '../../../../server/domain/topic-input.ts';
import type { CampaignView, NominationView } from '../../../../server/routes/admin-topics.ts';
import { request } from './api.ts';

export type Campaign = CampaignView;
export type Nomination = NominationView;

export const topicApi = {
  list: () => request<{ campaigns: Campaign[] }>('GET', '/topic-campaigns'),
  create: (body: Partial<CampaignInput>) => request<{ id: number }>('POST', '/topic-campaigns', body),
  get: (id: number) => request<{ campaign: Campaign; nominations: Nomination[] }>('GET', `/topic-campaigns/${id}`),
  decide: (id: number, feedbackId: number, body: Partial<NominationDecisionInput>) =>
    request<{ feedbackId: number; itemId: number | null; itemCode: string | null }>('POST', `/topic-campaigns/${id}/nominations/${feedbackId}/decision`, body),
};

// 第三方评估's calls to the admin API. Shapes from the server's own types (type imports only).
import type { EvaluationRoundRow } from '../../../../db/queries/evaluations.ts';
import type { EvaluationRoundInput, SuggestionDecisionInput } from '../../../../server/domain/evaluation-input.ts';
import type { EvaluationCounts } from '../../../../server/domain/evaluation-rules.ts';
import type { ItemStatus, SuggestionDecision } from '../../../../server/domain/vocabulary.ts';
import { request } from './api.ts';

export type EvaluationRound = Omit<EvaluationRoundRow, 'createdAt'> & { counts: EvaluationCounts };

export interface Suggestion {
  id: number;
  position: number;
  content: string;
  decision: SuggestionDecision;
  decisionLabel: string;
  reason: string;
  decidedAt: string | null;
  item: { id: number; code: string; title: string; status: ItemStatus; statusLabel: string; isPublished: boolean } | null;
}

export const evaluationApi = {
  list: () => request<{ rounds: EvaluationRound[] }>('GET', '/evaluations'),
  create: (body: Partial<EvaluationRoundInput>) => request<{ id: number }>('POST', '/evaluations', body),
  get: (id: number) => request<{ round: EvaluationRound; suggestions: Suggestion[] }>('GET', `/evaluations/${id}`),
  addSuggestion: (id: number, content: string) => request<{ id: number }>('POST', `/evaluations/${id}/suggestions`, { content }),
  decide: (id: number, suggestionId: number, body: Partial<SuggestionDecisionInput>) =>
    request<{ id: number; itemId: number | null; itemCode: string | null }>('POST', `/evaluations/${id}/suggestions/${suggestionId}/decision`, body),
  publish: (id: number, published: boolean) => request<{ id: number }>('POST', `/evaluations/${id}/${published ? 'publish' : 'withdraw'}`),
};

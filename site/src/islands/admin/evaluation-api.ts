// 第三方评估's calls to the admin API. Shapes from the routes' zod schemas (type imports only).
import type { EvaluationRoundInput, SuggestionDecisionInput } from '../../../../server/domain/evaluation-input.ts';
import type { EvaluationRoundView, SuggestionView } from '../../../../server/routes/admin-evaluations.ts';
import { request } from './api.ts';

export type EvaluationRound = EvaluationRoundView;
export type Suggestion = SuggestionView;

export const evaluationApi = {
  list: () => request<{ rounds: EvaluationRound[] }>('GET', '/evaluations'),
  create: (body: Partial<EvaluationRoundInput>) => request<{ id: number }>('POST', '/evaluations', body),
  get: (id: number) => request<{ round: EvaluationRound; suggestions: Suggestion[] }>('GET', `/evaluations/${id}`),
  addSuggestion: (id: number, content: string) => request<{ id: number }>('POST', `/evaluations/${id}/suggestions`, { content }),
  decide: (id: number, suggestionId: number, body: Partial<SuggestionDecisionInput>) =>
    request<{ id: number; itemId: number | null; itemCode: string | null }>('POST', `/evaluations/${id}/suggestions/${suggestionId}/decision`, body),
  publish: (id: number, published: boolean) => request<{ id: number }>('POST', `/evaluations/${id}/${published ? 'publish' : 'withdraw'}`),
};

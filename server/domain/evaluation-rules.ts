// The figures the report gives for a 第三方评估 round: 提出建议 N 条，采纳 N 条，已落实 N 条.
import type { ItemStatus, SuggestionDecision } from './vocabulary.ts';

export interface EvaluationCounts {
  /** 提出建议. */
  suggested: number;
  /** 采纳, 部分采纳 included. */
  adopted: number;
  /** 已落实: adopted, and the item it is tracked to is 已完成. */
  implemented: number;
  notAdopted: number;
  pending: number;
}

export function evaluationCounts(suggestions: readonly { decision: SuggestionDecision; itemStatus: ItemStatus | null }[]): EvaluationCounts {
  const adopted = suggestions.filter((row) => row.decision === 'adopted' || row.decision === 'partly_adopted');
  return {
    suggested: suggestions.length,
    adopted: adopted.length,
    implemented: adopted.filter((row) => row.itemStatus === 'completed').length,
    notAdopted: suggestions.filter((row) => row.decision === 'not_adopted').length,
    pending: suggestions.filter((row) => row.decision === 'pending').length,
  };
}

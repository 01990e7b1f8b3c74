// 第三方评估 for the pages: where a round lives, and which rounds' suggestions an item carries out.
import { SUGGESTION_DECISION_LABELS, type SuggestionDecision } from '../../../server/domain/vocabulary.ts';
import type { PublicSnapshot } from './snapshot.ts';

export type PublicEvaluation = PublicSnapshot['evaluations'][number];
export type PublicSuggestion = PublicEvaluation['suggestions'][number];

export const EVALUATIONS_PATH = '/evaluations/';

export function evaluationPath(id: number): string {
  return `${EVALUATIONS_PATH}${id}/`;
}

export function decisionLabel(decision: SuggestionDecision): string {
  return SUGGESTION_DECISION_LABELS[decision];
}

/** The suggestion's state in words: 待研究, 不予采纳, 采纳·整改中, 部分采纳·已落实. */
export function suggestionState(suggestion: PublicSuggestion): string {
  if (suggestion.decision === 'pending' || suggestion.decision === 'not_adopted') return decisionLabel(suggestion.decision);
  const progress = suggestion.itemStatus === 'completed' ? '已落实' : suggestion.itemStatus === null ? '事项待公开' : '落实中';
  return `${decisionLabel(suggestion.decision)}·${progress}`;
}

/** The suggestions an item carries out, with their rounds, for the item's page. */
export function suggestionsOfItem(snapshot: PublicSnapshot, code: string): { round: PublicEvaluation; suggestion: PublicSuggestion }[] {
  return snapshot.evaluations.flatMap((round) => round.suggestions.filter((suggestion) => suggestion.itemCode === code).map((suggestion) => ({ round, suggestion })));
}

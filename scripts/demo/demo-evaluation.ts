// The demo's 第三方评估 round, made by the 办公室 through the named actions: recorded, its
// suggestions entered and each decided (采纳 to items of the ledger, 部分采纳, 不予采纳), published.
import { getItemRecordByCode } from '../../db/queries/ledger.ts';
import type { Db } from '../../db/open.ts';
import { addSuggestion, createEvaluationRound, decideSuggestion, publishEvaluationRound } from '../../server/actions/evaluation-actions.ts';
import type { LedgerResult } from '../../server/actions/ledger-writes.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import { z } from 'zod';
import { demoDate, demoText, readDemoData } from './data-files.ts';
import { bureauInstant } from '../../server/domain/bureau-time.ts';

const { round: ROUND, suggestions: SUGGESTIONS } = readDemoData(
  'evaluation.json',
  z.strictObject({
    round: z.strictObject({ title: demoText, evaluators: demoText, method: demoText, startedOn: demoDate, endedOn: demoDate, summary: demoText }),
    suggestions: z.array(
      z.strictObject({ content: demoText, decision: z.enum(['adopted', 'partly_adopted', 'not_adopted']), itemCode: demoText.optional(), reason: demoText.optional() }),
    ),
  }),
);

/** 10:00 in Shanghai on a date. */
function at(date: string): Date {
  return bureauInstant(date, '10:00');
}

export function seedDemoEvaluation(db: Db, office: StaffUser, now: Date): void {
  const check = <T>(result: LedgerResult<T>, what: string): T => {
    if (!result.ok) throw new Error(`demo evaluation: ${what} failed: ${result.message}`);
    return result.value;
  };
  const recorded = at('2026-10-09');
  if (recorded > now) return;
  const round = check(createEvaluationRound(db, office, ROUND, { now: recorded }), 'create').id;
  const ids = SUGGESTIONS.map((suggestion) => check(addSuggestion(db, office, round, { content: suggestion.content }, { now: recorded }), 'add suggestion').id);
  SUGGESTIONS.forEach((suggestion, index) => {
    const item = suggestion.itemCode ? getItemRecordByCode(db, suggestion.itemCode) : undefined;
    if (suggestion.itemCode && !item) return;
    check(
      decideSuggestion(db, office, round, ids[index]!, { decision: suggestion.decision, reason: suggestion.reason ?? '', ...(item ? { itemCode: item.code } : {}) }, { now: at('2026-10-16') }),
      `decide suggestion ${index + 1}`,
    );
  });
  check(publishEvaluationRound(db, office, round, true, { now: at('2026-10-20') }), 'publish');
}

// The demo's 第三方评估 round, made by the 办公室 through the named actions: recorded, its
// suggestions entered and each decided (采纳 to items of the ledger, 部分采纳, 不予采纳), published.
import { getItemRecordByCode } from '../../db/queries/ledger.ts';
import type { Db } from '../../db/open.ts';
import { addSuggestion, createEvaluationRound, decideSuggestion, publishEvaluationRound } from '../../server/actions/evaluation-actions.ts';
import type { LedgerResult } from '../../server/actions/ledger-writes.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import { bureauInstant } from '../../server/domain/bureau-time.ts';

const ROUND = {
  title: '2026年度作风建设第三方评估',
  evaluators: '县人大代表、政协委员和教育专家组成的评估小组（9人）',
  method: '四不两直实地察看、家长问卷调查、个别访谈',
  startedOn: '2026-09-14',
  endedOn: '2026-09-30',
  summary: '评估小组走访12所学校和局机关6个科室，收回家长问卷1,126份，提出改进建议5条。',
};

const SUGGESTIONS: { content: string; decision: 'adopted' | 'partly_adopted' | 'not_adopted'; itemCode?: string; reason?: string }[] = [
  { content: '整改信息公开不够及时，建议整改进展每月至少更新一次，并公开逐项台账。', decision: 'adopted', itemCode: 'ZG-2026-12' },
  { content: '进校园的检查、评比仍然偏多，建议实行清单管理，未列入清单的一律不得进校。', decision: 'adopted', itemCode: 'ZG-2026-03' },
  { content: '面向学校的会议仍有“以会议落实会议”现象，建议合并同类会议、控制时长。', decision: 'adopted', itemCode: 'ZG-2026-01' },
  {
    content: '建议政务服务事项全部实现“一网通办”，取消所有纸质材料。',
    decision: 'partly_adopted',
    itemCode: 'ZG-2026-05',
    reason: '已推行网上办理和材料精简；教师资格认定等事项按上级规定仍须核验原件，暂不能取消全部纸质材料。',
  },
  { content: '建议取消对学校的全部考核排名。', decision: 'not_adopted', reason: '办学质量评价是法定职责，已改为不公开排名、只反馈改进建议。' },
];

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

// 口径说明: what each published figure counts, in the words shown on the 统计 page. These follow
// the rules of server/domain/feedback-figures.ts and db/queries/statistics.ts; change both together.
export interface StatDefinition {
  /** Anchor on /stats/ (#def-<id>), linked from every place the figure appears. */
  id: string;
  term: string;
  definition: string;
}

export const STAT_DEFINITIONS = [
  { id: 'received', term: '收到意见', definition: '通过本栏目提交的全部意见，按提交时间（北京时间）计入月份，含后来不予受理和反映人撤回的。' },
  { id: 'accepted', term: '已受理', definition: '办公室已受理、且未改为不予受理、反映人也未撤回的意见。' },
  { id: 'not-accepted', term: '不予受理', definition: '因重复、不属职责范围、内容不明确或不当而不予受理的意见，反映人可看到理由。' },
  { id: 'withdrawn', term: '已撤回', definition: '反映人在答复前自行撤回的意见。' },
  { id: 'replied', term: '已答复', definition: '答复已经办公室审核送达、目前处于“已答复”状态的意见。回访后重新办理的意见，在再次答复前不计为已答复。' },
  { id: 'reply-rate', term: '答复率', definition: '已答复 ÷ 已受理。' },
  { id: 'accept-on-time-rate', term: '按期受理率', definition: '在受理期限（提交后规定的工作日数）内作出受理或不予受理决定的意见 ÷ 已作出决定的意见。' },
  { id: 'on-time-rate', term: '按期答复率', definition: '未延期且在答复期限当日或之前答复的意见 ÷ 已答复。延期办理的意见单独统计，从不计为按期；逾期后才延期的，仍计为逾期。' },
  { id: 'extended', term: '延期办理', definition: '经办公室批准延长答复期限的已答复意见（每条最多延期一次）。' },
  { id: 'late', term: '逾期答复', definition: '在答复期限之后答复的意见，以及超过期限后才延期的意见。' },
  { id: 'days', term: '办理用时', definition: '按工作日计算（扣除周末和法定节假日、计入调休上班日），从前一环节当日起算、不含当日：受理用时为提交到受理，转办用时为受理到首次转办，答复用时为首次转办到答复，总用时为提交到答复。给出中位数和平均数。' },
  { id: 'satisfaction-rate', term: '满意率', definition: '（满意 + 基本满意）÷ 已评价的答复。未评价的答复不计入分母，其占比另列为“未评价占比”。' },
  { id: 'unrated-share', term: '未评价占比', definition: '已答复但反映人尚未评价的 ÷ 已答复。' },
  { id: 'dissatisfied', term: '不满意', definition: '反映人对答复评价为不满意的次数（同一意见重新办理后再次评价的，分别计算）。' },
  { id: 'follow-up-rate', term: '回访率', definition: '办公室对“不满意”评价完成回访（解释说明或重新办理）的次数 ÷ 不满意评价次数；回访用时为评价到首次回访的工作日数。' },
  { id: 'urges', term: '督办', definition: '办公室对即将到期或已逾期意见向承办单位发出督办的次数。' },
  { id: 'published', term: '公开答复', definition: '经反映人同意、脱敏后在“留言选登”公开的已答复意见。' },
  { id: 'oldest', term: '最久未答复', definition: '尚未答复（待受理或办理中）的意见中提交最早的一条的提交日期和已过天数（自然日）。' },
  { id: 'unit', term: '承办单位', definition: '作出答复的单位；尚未答复的，为当前承办的单位。尚未转办的意见列为“尚未转办”。' },
  { id: 'small-sample', term: '样本较少', definition: '已评价的答复不足 10 条的单位，其满意率等数字波动较大，仅供参考，不参加排名。' },
  { id: 'items', term: '整改事项', definition: '已公开的整改台账事项；完成率为（已完成 + 长期坚持）÷ 全部事项；已逾期为超过整改时限仍未完成的事项。' },
  { id: 'outcomes', term: '制度成果', definition: '已公开事项形成的制度、办法、措施和通知等成果的数量。' },
] as const satisfies readonly StatDefinition[];

export type StatDefinitionId = (typeof STAT_DEFINITIONS)[number]['id'];

export const STATS_PATH = '/stats/';
export const STATS_UNITS_PATH = '/stats/units/';
export const OPEN_DATA_STATS_PATH = '/opendata/stats/';

/** Link to a figure's definition on the 统计 page. */
export function definitionPath(id: StatDefinitionId): string {
  return `${STATS_PATH}#def-${id}`;
}

export function scorecardPath(unitCode: string): string {
  return `${STATS_UNITS_PATH}${encodeURIComponent(unitCode)}/`;
}

export function monthlyReportPath(month: string): string {
  return `/stats/monthly/${month}/`;
}

// Labels the admin app shows for codes the server does not label for it (filter options, form
// choices). Domain vocabularies come from server/domain so that the words stay the same
// everywhere; only words that exist nowhere else are defined here.
import type { CalendarCoverage, DueKind } from './types.ts';

export {
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_STATE_LABELS,
  FEEDBACK_STATES,
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  SUBMITTER_ROLE_LABELS,
  SUBMITTER_ROLES,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  type RejectReason,
} from '../../../../server/domain/vocabulary.ts';
import { FEEDBACK_STATE_LABELS } from '../../../../server/domain/vocabulary.ts';
export { STAFF_ROLE_LABELS, STAFF_ROLES } from '../../../../server/domain/staff.ts';
export { STEP_TEXT, TEXT_VISIBILITY_LABELS } from '../../../../server/domain/text-visibility.ts';

/** A state's label; the code itself for one the vocabulary does not know (an event's old state). */
export function feedbackStateLabel(state: string): string {
  return (FEEDBACK_STATE_LABELS as Record<string, string>)[state] ?? state;
}

/** Which deadline an inbox row's due date is. */
export const DUE_KIND_LABELS: Record<DueKind, string> = {
  accept: '受理期限',
  reply: '答复期限',
  follow_up: '回访期限',
};

export const CALENDAR_COVERAGE_LABELS: Record<CalendarCoverage, string> = {
  package: '内置数据',
  table: '已录入',
  missing: '未录入',
};

/** A holiday-calendar row is either a day off or a weekend working day (调休). */
export const CALENDAR_DAY_KIND_LABELS = {
  holiday: '放假',
  working: '调休上班',
} as const;

/** Object types in the audit log (db/queries/audit.ts); unknown ones are shown as their code. */
export const AUDIT_OBJECT_TYPE_LABELS: Record<string, string> = {
  feedback: '意见',
  user: '用户',
  session: '登录',
  unit: '单位',
  category: '意见类别',
  calendar: '节假日',
  reply_template: '答复模板',
  item: '整改事项',
  site: '网站',
};

/** The staff actions on an opinion, by URL form; the server sends its own labels with each one. */
export const FEEDBACK_ACTION_LABELS: Record<string, string> = {
  accept: '受理',
  reject: '不予受理',
  assign: '转办',
  reassign: '改派',
  'hand-back': '退回办公室',
  'draft-reply': '提交答复',
  'return-reply': '退回修改',
  'approve-reply': '审核通过',
  urge: '督办',
  extend: '延期',
  publish: '公开',
  withhold: '不公开',
  'follow-up-explained': '回访：已解释说明',
  'follow-up-reopen': '回访：重新办理',
};

/** Names of the admin screens, as the navigation shows them. */
export const SCREEN_LABELS = {
  dashboard: '工作台',
  inbox: '意见办理',
  users: '用户',
  units: '单位',
  categories: '意见类别',
  calendar: '节假日',
  templates: '答复模板',
  audit: '审计日志',
  ledger: '整改台账',
  evaluations: '第三方评估',
  topics: '群众点题',
  posts: '整改信息',
  mail: '邮件队列',
  site: '网站发布',
} as const;

/** Words joined into a Chinese list: 甲、乙、丙. */
export function joinList(words: readonly string[]): string {
  return words.join('、');
}

/** A server message as a sentence: adds the full stop that Chinese messages often leave off. */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  return /[。！？!?…]$/.test(trimmed) ? trimmed : `${trimmed.replace(/[.,，、；;：:]$/, '')}。`;
}

// The domain's fixed vocabularies: stored as English codes, shown with Chinese labels.
// The same code lists appear as CHECK constraints in db/migrations; a test keeps them in step.

export const SUBMITTER_ROLES = ['parent', 'student', 'teacher', 'other'] as const;
export type SubmitterRole = (typeof SUBMITTER_ROLES)[number];
export const SUBMITTER_ROLE_LABELS: Record<SubmitterRole, string> = {
  parent: '家长',
  student: '学生',
  teacher: '教师',
  other: '其他',
};

export const FEEDBACK_CATEGORIES = [
  'work_style',
  'teaching',
  'burden',
  'fees',
  'enrollment',
  'safety',
  'service',
  'other',
] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = {
  work_style: '机关作风',
  teaching: '教育教学',
  burden: '减负与补课',
  fees: '收费与经费',
  enrollment: '招生入学',
  safety: '校园安全',
  service: '政务服务',
  other: '其他',
};

// Workflow (the 12345 hotline's closed loop): 待受理 → 已受理 (or 不予受理) → 已转办 → 待审核 (the unit's
// draft) → 已答复. Publication and the submitter's rating sit beside the state (see feedback-workflow.ts).
export const FEEDBACK_STATES = ['pending', 'accepted', 'rejected', 'assigned', 'in_review', 'replied', 'withdrawn'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];
export const FEEDBACK_STATE_LABELS: Record<FeedbackState, string> = {
  pending: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  assigned: '已转办',
  in_review: '待审核',
  replied: '已答复',
  withdrawn: '已撤回',
};

// Groups used by statistics. "answered" means the submitter has received a reply.
export const FEEDBACK_STATE_GROUPS = {
  open: ['pending', 'accepted', 'assigned', 'in_review'],
  answered: ['replied'],
  closed: ['rejected', 'withdrawn'],
} as const satisfies Record<string, readonly FeedbackState[]>;

export const PUBLICATION_DECISIONS = ['undecided', 'published', 'withheld'] as const;
export type PublicationDecision = (typeof PUBLICATION_DECISIONS)[number];
export const PUBLICATION_LABELS: Record<PublicationDecision, string> = {
  undecided: '未决定',
  published: '已公开',
  withheld: '不公开',
};

export const REJECT_REASONS = ['duplicate', 'out_of_scope', 'unclear', 'improper'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  duplicate: '重复反映',
  out_of_scope: '不属于本局职责',
  unclear: '内容不明确',
  improper: '含违法或不当内容',
};

export const FOLLOW_UP_STATUSES = ['open', 'explained', 'reopened'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_LABELS: Record<FollowUpStatus, string> = {
  open: '待回访',
  explained: '已解释说明',
  reopened: '已重新办理',
};

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const ITEM_STATUSES = ['not_started', 'in_progress', 'completed', 'ongoing'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  not_started: '未启动',
  in_progress: '整改中',
  completed: '已完成',
  ongoing: '长期坚持',
};

/** Where a ledger item came from (问题来源). Migration 004 mapped the old 巡察反馈 onto 上级督查. */
export const ITEM_SOURCES = ['symposium', 'online', 'visit', 'democratic_review', 'third_party', 'public_topic', 'inspection', 'self_check', 'other'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];
export const ITEM_SOURCE_LABELS: Record<ItemSource, string> = {
  symposium: '座谈交流',
  online: '线上征集',
  visit: '走访调研',
  democratic_review: '民主测评',
  third_party: '第三方评估',
  public_topic: '群众点题',
  inspection: '上级督查',
  self_check: '自查自纠',
  other: '其他',
};

/** Kinds of outcome (制度成果) an item produces. */
export const OUTCOME_KINDS = ['rule', 'method', 'measure', 'notice', 'other'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_KIND_LABELS: Record<OutcomeKind, string> = {
  rule: '制度',
  method: '办法',
  measure: '措施',
  notice: '通报',
  other: '其他',
};

/**
 * The item categories a new installation starts with (migration 004); the 系统管理员 or the
 * 台账管理员 may add, rename or retire categories, so the table item_categories is what counts.
 */
export const DEFAULT_ITEM_CATEGORIES = [
  ['meetings', '会议文件'],
  ['inspections', '督查检查'],
  ['reception', '公务接待'],
  ['fees', '教育收费'],
  ['enrollment', '招生入学'],
  ['teaching', '教学管理'],
  ['funds', '经费使用'],
  ['ethics', '师德师风'],
  ['service', '服务流程'],
  ['other', '其他'],
] as const;

export const UNIT_KINDS = ['department', 'school'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = { department: '科室', school: '学校' };

/** How the ledger import matched a row to an item (server/ledger/row-matching.ts). */
export const IMPORT_MATCH_RULES = ['code', 'seq_text', 'text', 'seq_similar', 'similar'] as const;
export type ImportMatchRule = (typeof IMPORT_MATCH_RULES)[number];
export const IMPORT_MATCH_LABELS: Record<ImportMatchRule, string> = {
  code: '按编号',
  seq_text: '按序号和问题描述',
  text: '按问题描述（序号不同）',
  seq_similar: '按序号和相近的问题描述',
  similar: '按相近的问题描述（序号不同）',
};
/** What the ledger import does with one row. */
export const IMPORT_ROW_ACTIONS = ['create', 'update', 'unchanged', 'problem'] as const;
export type ImportRowAction = (typeof IMPORT_ROW_ACTIONS)[number];
export const IMPORT_ROW_ACTION_LABELS: Record<ImportRowAction, string> = { create: '新建', update: '更新', unchanged: '无变化', problem: '问题' };

/** 第三方评估 suggestions: 待研究, 采纳, 部分采纳, 不予采纳 (migration 007). */
export const SUGGESTION_DECISIONS = ['pending', 'adopted', 'partly_adopted', 'not_adopted'] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];
export const SUGGESTION_DECISION_LABELS: Record<SuggestionDecision, string> = {
  pending: '待研究',
  adopted: '采纳',
  partly_adopted: '部分采纳',
  not_adopted: '不予采纳',
};

// The ledger's bodies and queries as the API (and the import) accepts them. Every message is
// Chinese and names the field, the way a 台账管理员 sees it next to the field or the cell.
import { z } from 'zod';
import { idParam, requiredText } from './admin-input.ts';
import { CATEGORY_CODE_PATTERN, optional, text } from './feedback-input.ts';
import { isCalendarDate, ITEM_FIELD_LABELS, itemCodeProblem } from './ledger-rules.ts';
import { ITEM_SOURCE_LABELS, ITEM_SOURCES, ITEM_STATUS_LABELS, ITEM_STATUSES, OUTCOME_KIND_LABELS, OUTCOME_KINDS } from './vocabulary.ts';

export const ITEM_TEXT_LIMITS = { title: 200, problem: 5000, measures: 10000, progressSummary: 5000, leaderName: 50, leaderPost: 100 } as const;
export const UPDATE_CONTENT_MAX_LENGTH = 2000;
export const OUTCOME_TITLE_MAX_LENGTH = 200;
export const OUTCOME_URL_MAX_LENGTH = 500;

function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象'),
  });
}

/** A text that may be empty (''), at most `max` characters after cleaning. */
function plainText(label: string, max: number) {
  return text(label).pipe(z.string().max(max, { error: `${label}不能超过 ${max} 个字` }));
}

export function dateField(label: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}应为 YYYY-MM-DD 格式的日期`) })
    .refine(isCalendarDate, { error: `${label}应为有效日期，格式 YYYY-MM-DD（如 2026-03-31）` });
}

const labels = (values: readonly string[], names: Record<string, string>) => values.map((value) => names[value]).join('、');

export const itemCodeField = z
  .string({ error: (issue) => (issue.input === undefined ? '请填写编号' : '编号必须是文字') })
  .transform((value) => value.trim())
  .superRefine((value, context) => {
    const problem = itemCodeProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** Every field of an item but its code and publication, each with its Chinese message. */
export const itemFieldShape = {
  title: requiredText(ITEM_FIELD_LABELS.title, ITEM_TEXT_LIMITS.title),
  problem: requiredText(ITEM_FIELD_LABELS.problem, ITEM_TEXT_LIMITS.problem),
  category: z
    .string({ error: (issue) => (issue.input === undefined ? '请选择问题类别' : '问题类别不在可选范围内') })
    .regex(CATEGORY_CODE_PATTERN, { error: '问题类别不在可选范围内' }),
  source: z.enum(ITEM_SOURCES, {
    error: (issue) => (issue.input === undefined ? '请选择问题来源' : `问题来源只能是${labels(ITEM_SOURCES, ITEM_SOURCE_LABELS)}`),
  }),
  unitId: z.union([z.null(), idParam('责任单位')], { error: '责任单位不存在' }),
  leaderName: plainText(ITEM_FIELD_LABELS.leaderName, ITEM_TEXT_LIMITS.leaderName),
  leaderPost: plainText(ITEM_FIELD_LABELS.leaderPost, ITEM_TEXT_LIMITS.leaderPost),
  measures: requiredText(ITEM_FIELD_LABELS.measures, ITEM_TEXT_LIMITS.measures),
  /** null: 长期坚持. */
  deadline: z.union([z.null(), dateField(ITEM_FIELD_LABELS.deadline)], { error: '整改时限应为 YYYY-MM-DD 格式的日期，或选择“长期坚持”' }),
  status: z.enum(ITEM_STATUSES, {
    error: (issue) => (issue.input === undefined ? '请选择整改状态' : `整改状态只能是${labels(ITEM_STATUSES, ITEM_STATUS_LABELS)}`),
  }),
  progress: z
    .number({ error: (issue) => (issue.input === undefined ? '请填写整改进度' : '整改进度必须是 0 至 100 的数字') })
    .int({ error: '整改进度必须是整数（百分比）' })
    .min(0, { error: '整改进度应在 0 至 100 之间' })
    .max(100, { error: '整改进度应在 0 至 100 之间' }),
  completedOn: z.union([z.null(), dateField(ITEM_FIELD_LABELS.completedOn)], { error: '完成时间应为 YYYY-MM-DD 格式的日期' }),
  progressSummary: plainText(ITEM_FIELD_LABELS.progressSummary, ITEM_TEXT_LIMITS.progressSummary),
};

/** A whole item, as the import checks each row. */
export const itemFieldsSchema = z.object(itemFieldShape);
export type ItemFields = z.output<typeof itemFieldsSchema>;

const withDefaults = {
  ...itemFieldShape,
  unitId: itemFieldShape.unitId.optional().transform((value) => value ?? null),
  leaderName: itemFieldShape.leaderName.optional().transform((value) => value ?? ''),
  leaderPost: itemFieldShape.leaderPost.optional().transform((value) => value ?? ''),
  progressSummary: itemFieldShape.progressSummary.optional().transform((value) => value ?? ''),
  completedOn: itemFieldShape.completedOn.optional().transform((value) => value ?? null),
};

export const itemCreateSchema = strict({
  code: itemCodeField,
  ...withDefaults,
  isPublished: z.boolean({ error: '是否公开只能是“是”或“否”' }).optional().transform((value) => value ?? false),
});
export type ItemCreateInput = z.output<typeof itemCreateSchema>;

/** An item made from an opinion: its source is 群众点题, its code and texts are the staff's. */
export const itemFromFeedbackSchema = strict({
  code: itemCodeField,
  ...withDefaults,
  source: z.literal('public_topic', { error: '由群众意见新建的事项，来源只能是“群众点题”' }).optional(),
});
export type ItemFromFeedbackInput = z.output<typeof itemFromFeedbackSchema>;

/** A new item made from an adopted 第三方评估 suggestion: its source is 第三方评估. */
export const itemFromSuggestionSchema = strict({
  code: itemCodeField,
  ...withDefaults,
  source: z.literal('third_party', { error: '由第三方评估建议新建的事项，来源只能是“第三方评估”' }).optional(),
});
export type ItemFromSuggestionInput = z.output<typeof itemFromSuggestionSchema>;

/** The existing item an adopted suggestion or nomination joins, by its code. */
export const trackedItemCodeField = z.string({ error: '整改事项编号必须是文字' }).trim().min(1, { error: '请填写整改事项编号' }).max(32, { error: '整改事项编号不存在' }).optional();

/** How many items a decision names: an existing one (itemCode), a new one (newItem), or both by mistake. */
export function trackedItemCount(body: { itemCode?: string | undefined; newItem?: object | undefined }): number {
  return (body.itemCode !== undefined ? 1 : 0) + (body.newItem !== undefined ? 1 : 0);
}

const version = z.number({ error: (issue) => (issue.input === undefined ? '缺少版本号，请刷新后重试' : '版本号必须是数字') }).int().positive();

export const itemUpdateSchema = strict({
  version,
  title: itemFieldShape.title.optional(),
  problem: itemFieldShape.problem.optional(),
  category: itemFieldShape.category.optional(),
  source: itemFieldShape.source.optional(),
  unitId: itemFieldShape.unitId.optional(),
  leaderName: itemFieldShape.leaderName.optional(),
  leaderPost: itemFieldShape.leaderPost.optional(),
  measures: itemFieldShape.measures.optional(),
  deadline: itemFieldShape.deadline.optional(),
  status: itemFieldShape.status.optional(),
  progress: itemFieldShape.progress.optional(),
  completedOn: itemFieldShape.completedOn.optional(),
  progressSummary: itemFieldShape.progressSummary.optional(),
});
export type ItemUpdateInput = z.output<typeof itemUpdateSchema>;

export const progressUpdateSchema = strict({
  date: dateField('进展日期'),
  content: requiredText('进展情况', UPDATE_CONTENT_MAX_LENGTH),
  progress: itemFieldShape.progress.optional(),
  status: itemFieldShape.status.optional(),
});
export type ProgressUpdateInput = z.output<typeof progressUpdateSchema>;

export const outcomeUrlField = text('链接')
  .pipe(z.string().max(OUTCOME_URL_MAX_LENGTH, { error: `链接不能超过 ${OUTCOME_URL_MAX_LENGTH} 个字符` }))
  .refine((value) => /^https?:\/\/[^\s"<>]+$/i.test(value) && URL.canParse(value), { error: '链接应为 http:// 或 https:// 开头的网址' });

export const outcomeSchema = strict({
  title: text('成果名称')
    .transform((value) => stripTitleMarks(value))
    .pipe(z.string().min(1, { error: '请填写成果名称' }).max(OUTCOME_TITLE_MAX_LENGTH, { error: `成果名称不能超过 ${OUTCOME_TITLE_MAX_LENGTH} 个字` })),
  kind: z.enum(OUTCOME_KINDS, {
    error: (issue) => (issue.input === undefined ? '请选择成果类型' : `成果类型只能是${labels(OUTCOME_KINDS, OUTCOME_KIND_LABELS)}`),
  }),
  issuedOn: dateField('印发日期'),
  url: optional(outcomeUrlField),
});
export type OutcomeInput = z.output<typeof outcomeSchema>;

/** 《示例办法》 → 示例办法: the marks are the page's to add. */
export function stripTitleMarks(title: string): string {
  const trimmed = title.trim();
  return /^《[^《》]+》$/.test(trimmed) ? trimmed.slice(1, -1).trim() : trimmed;
}

export const withdrawSchema = strict({ reason: requiredText('撤回公开的理由', 500) });
export const removeOutcomeSchema = strict({ reason: requiredText('撤下的理由', 500) });
export const withdrawUpdateSchema = strict({ reason: requiredText('撤回的理由', 500) });

export const itemCategoryCreateSchema = strict({
  code: z
    .string({ error: (issue) => (issue.input === undefined ? '请填写类别代码' : '类别代码必须是文字') })
    .regex(CATEGORY_CODE_PATTERN, { error: '类别代码须以小写字母开头，只含小写字母、数字和下划线' }),
  label: requiredText('类别名称', 20),
});
export const itemCategoryUpdateSchema = strict({
  label: optional(requiredText('类别名称', 20)),
  isActive: optional(z.boolean({ error: '是否启用只能是“是”或“否”' })),
});

const flagQuery = optional(z.enum(['true', 'false', '1', '0'], { error: '只能是 true 或 false' }).transform((value) => value === 'true' || value === '1'));

export const itemListQuerySchema = z.strictObject(
  {
    q: optional(z.string().max(100, { error: '搜索内容不能超过 100 个字' }).transform((value) => value.trim())),
    status: optional(z.enum(ITEM_STATUSES, { error: '整改状态不在可选范围内' })),
    category: optional(z.string().regex(CATEGORY_CODE_PATTERN, { error: '问题类别不在可选范围内' })),
    unitId: optional(idParam('责任单位')),
    overdue: flagQuery,
    published: flagQuery,
    page: optional(idParam('页码').max(100000, { error: '页码过大' })),
    pageSize: optional(idParam('每页条数').max(200, { error: '每页最多 200 条' })),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的查询条件：${issue.keys.join('、')}` : '查询条件有误') },
);
export type ItemListQuery = z.output<typeof itemListQuerySchema>;

export const importQuerySchema = z.strictObject(
  { dryRun: flagQuery, skipBadRows: flagQuery },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的参数：${issue.keys.join('、')}` : '参数有误') },
);

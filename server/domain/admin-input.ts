// Bodies and queries of the staff side, as the API accepts them. Messages are Chinese and name
// the field, as on the public form: staff see them next to the field they are about.
import { z } from 'zod';
import { MAX_EXTENSION_WORKING_DAYS } from './deadlines.ts';
import { decodeInboxCursor } from './inbox-cursor.ts';
import { TITLE_MAX_LENGTH } from './feedback-rules.ts';
import { CATEGORY_CODE_PATTERN, optional, text } from './feedback-input.ts';
import { REJECT_REASONS, SUBMITTER_ROLES, FEEDBACK_STATES } from './vocabulary.ts';

export const REPLY_MAX_LENGTH = 5000;
export const NOTE_MAX_LENGTH = 1000;
/** 留言选登's heading: as long as a submitter's own title may be. */
export const PUBLIC_TITLE_MAX_LENGTH = TITLE_MAX_LENGTH;

/** A required text of at most `max` characters, empty after trimming counts as missing. */
export function requiredText(label: string, max: number) {
  return text(label)
    .pipe(z.string().min(1, { error: `请填写${label}` }))
    .pipe(z.string().max(max, { error: `${label}不能超过 ${max} 个字` }));
}

function optionalText(label: string, max: number) {
  return optional(requiredText(label, max));
}

/** A positive whole number from a path or query string. */
export function idParam(label: string) {
  return z.coerce
    .number({ error: `${label}必须是数字` })
    .int({ error: `${label}必须是正整数` })
    .positive({ error: `${label}必须是正整数` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${label}过大` });
}

const version = z.number({ error: (issue) => (issue.input === undefined ? '缺少版本号，请刷新后重试' : '版本号必须是数字') }).int().positive();

function body<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(
    { version, ...shape },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象') },
  );
}

/** One schema per staff step, by the action's URL name. */
/** The 反映人可见 box of a step whose text is the writer's choice (text-visibility.ts); unticked by default. */
const notePublic = optional(z.boolean({ error: '“反映人可见”只能是 true 或 false' }));

export const STEP_BODY_SCHEMAS = {
  accept: body({ note: optionalText('受理意见', NOTE_MAX_LENGTH), notePublic }),
  reject: body({
    reason: z.enum(REJECT_REASONS, { error: (issue) => (issue.input === undefined ? '请选择不予受理的理由' : '不予受理的理由不在可选范围内') }),
    note: requiredText('告知反映人的说明', NOTE_MAX_LENGTH),
  }),
  assign: body({ unitId: idParam('承办单位'), note: optionalText('转办说明', NOTE_MAX_LENGTH), notePublic }),
  reassign: body({ unitId: idParam('承办单位'), reason: requiredText('改派理由', NOTE_MAX_LENGTH) }),
  hand_back: body({ reason: requiredText('退回理由', NOTE_MAX_LENGTH) }),
  draft_reply: body({ reply: requiredText('答复内容', REPLY_MAX_LENGTH) }),
  return_reply: body({ comment: requiredText('退回修改意见', NOTE_MAX_LENGTH) }),
  approve_reply: body({ reply: optionalText('答复内容', REPLY_MAX_LENGTH) }),
  urge: body({ note: optionalText('督办意见', NOTE_MAX_LENGTH) }),
  extend: body({
    days: z
      .number({ error: (issue) => (issue.input === undefined ? '请填写延期天数' : '延期天数必须是数字') })
      .int({ error: '延期天数必须是整数' })
      .min(1, { error: `延期天数应为 1 至 ${MAX_EXTENSION_WORKING_DAYS} 个工作日` })
      .max(MAX_EXTENSION_WORKING_DAYS, { error: `延期天数应为 1 至 ${MAX_EXTENSION_WORKING_DAYS} 个工作日` }),
    reason: requiredText('延期理由', NOTE_MAX_LENGTH),
    notePublic,
  }),
  publish: body({
    publicTitle: requiredText('公开的标题', PUBLIC_TITLE_MAX_LENGTH),
    publicContent: requiredText('公开的意见内容', REPLY_MAX_LENGTH),
    publicReply: requiredText('公开的答复内容', REPLY_MAX_LENGTH),
  }),
  withhold: body({ reason: optionalText('不公开的理由', NOTE_MAX_LENGTH) }),
  follow_up_explained: body({ outcome: requiredText('回访情况', NOTE_MAX_LENGTH), notePublic }),
  follow_up_reopened: body({ outcome: requiredText('回访情况', NOTE_MAX_LENGTH), notePublic }),
} as const;

const dateQuery = (label: string) =>
  optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` }));
const flagQuery = optional(z.enum(['true', 'false', '1', '0'], { error: '只能是 true 或 false' }).transform((value) => value === 'true' || value === '1'));

export const inboxQuerySchema = z.strictObject(
  {
    state: optional(z.enum(FEEDBACK_STATES, { error: '办理状态不在可选范围内' })),
    unitId: optional(idParam('单位')),
    category: optional(z.string().regex(CATEGORY_CODE_PATTERN, { error: '意见类别不在可选范围内' })),
    role: optional(z.enum(SUBMITTER_ROLES, { error: '身份不在可选范围内' })),
    overdue: flagQuery,
    dueSoon: flagQuery,
    screening: flagQuery,
    followUp: flagQuery,
    from: dateQuery('开始日期'),
    to: dateQuery('结束日期'),
    q: optional(z.string().max(100, { error: '搜索内容不能超过 100 个字' }).transform((value) => value.trim())),
    page: optional(idParam('页码').max(100000, { error: '页码过大' })),
    pageSize: optional(idParam('每页条数').max(100, { error: '每页最多 100 条' })),
    // The previous page's nextCursor: the page after it, read from the index at any depth.
    after: optional(
      z.string().max(200, { error: '翻页位置无效，请从第一页重新查看' }).transform((value, context) => {
        const cursor = decodeInboxCursor(value);
        if (!cursor) {
          context.addIssue({ code: 'custom', message: '翻页位置无效，请从第一页重新查看' });
          return z.NEVER;
        }
        return cursor;
      }),
    ),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的查询条件：${issue.keys.join('、')}` : '查询条件有误') },
);

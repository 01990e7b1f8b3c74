// The public feedback form's body, as the API accepts it. Every message is Chinese and names the
// field, because it is shown to a parent on a phone next to the field it is about.
import { z } from 'zod';
import {
  CONTACT_EMAIL_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  CONTACT_PHONE_PATTERN,
  CONTENT_MAX_LENGTH,
  CONTENT_MIN_LENGTH,
  MINOR_AGE,
  TITLE_MAX_LENGTH,
} from './feedback-rules.ts';
import { stripInvisibleCharacters } from './plain-text.ts';
import { SUBMITTER_ROLES } from './vocabulary.ts';

export const CATEGORY_CODE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/** Chinese names of the fields, used in error messages. */
export const FEEDBACK_FIELD_LABELS: Record<string, string> = {
  role: '身份',
  isUnder14: `未满${MINOR_AGE}周岁`,
  category: '意见类别',
  title: '标题',
  content: '意见内容',
  itemCode: '相关整改事项',
  unitCode: '相关学校/单位',
  campaign: '群众点题活动',
  anonymous: '匿名提交',
  contactName: '称呼',
  contactPhone: '手机号码',
  contactEmail: '电子邮箱',
  consentToPublish: '是否同意公开',
};

// Control characters other than tab and newline have no place in a letter to the bureau.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

// Before the length checks: a text of zero-width characters is empty, not ten characters long.
function cleanText(value: string): string {
  return stripInvisibleCharacters(value.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '')).trim();
}

export function text(label: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}必须是文字`) }).transform(cleanText);
}

/** '' and null from a form mean "not given". */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());
}

function flag(label: string, requiredMessage: string) {
  return z.boolean({ error: (issue) => (issue.input === undefined ? requiredMessage : `${label}只能是“是”或“否”`) });
}

/** The form's fields; the API's body adds the spam defences (server/routes/feedback.ts). */
export const feedbackSubmissionShape = {
  role: z.enum(SUBMITTER_ROLES, { error: (issue) => (issue.input === undefined ? '请选择身份' : '身份只能是家长、学生、教师或其他') }),
  // Categories are kept by the 系统管理员; submitFeedback checks the code against the active ones.
  category: z
    .string({ error: (issue) => (issue.input === undefined ? '请选择意见类别' : '意见类别不在可选范围内') })
    .regex(CATEGORY_CODE_PATTERN, { error: '意见类别不在可选范围内' }),
  content: text('意见内容')
    .pipe(z.string().min(1, { error: '请填写意见内容' }))
    .pipe(z.string().min(CONTENT_MIN_LENGTH, { error: `意见内容至少需要 ${CONTENT_MIN_LENGTH} 个字` }))
    .pipe(z.string().max(CONTENT_MAX_LENGTH, { error: `意见内容不能超过 ${CONTENT_MAX_LENGTH} 个字` })),
  itemCode: optional(text('相关整改事项').pipe(z.string().max(32, { error: '所选整改事项不存在，请重新选择' }))),
  unitCode: optional(text('相关学校/单位').pipe(z.string().max(32, { error: '所选学校或单位不存在，请重新选择' }))),
  /** A 群众点题 campaign this opinion nominates a topic for (the form's ?campaign= preset). */
  campaign: optional(text('群众点题活动').pipe(z.string().regex(/^[1-9]\d{0,8}$/, { error: '该群众点题活动不存在' }))),
  anonymous: flag('匿名提交', '请说明是否匿名提交'),
  contactName: optional(text('称呼').pipe(z.string().max(CONTACT_NAME_MAX_LENGTH, { error: `称呼不能超过 ${CONTACT_NAME_MAX_LENGTH} 个字` }))),
  contactPhone: optional(
    text('手机号码').pipe(z.string().regex(CONTACT_PHONE_PATTERN, { error: '手机号码格式不正确，请填写 11 位手机号或带区号的固定电话' })),
  ),
  contactEmail: optional(
    text('电子邮箱').pipe(z.string().max(CONTACT_EMAIL_MAX_LENGTH, { error: '电子邮箱过长' })).pipe(z.email({ error: '电子邮箱格式不正确' })),
  ),
  consentToPublish: flag('是否同意公开', '请选择是否同意公开'),
  title: optional(text('标题').pipe(z.string().max(TITLE_MAX_LENGTH, { error: `标题不能超过 ${TITLE_MAX_LENGTH} 个字` }))),
  /** A student under 14: the contact fields then hold a guardian's details. */
  isUnder14: z
    .boolean({ error: `“未满${MINOR_AGE}周岁”只能是“是”或“否”` })
    .optional()
    .transform((value) => value ?? false),
} as const;

const objectOptions = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'unrecognized_keys' ? `不支持的字段：${(issue as { keys: string[] }).keys.join('、')}` : '请求内容必须是一个 JSON 对象',
};

type SubmissionFields = { anonymous: boolean; role: string; isUnder14: boolean; contactName?: string | undefined; contactPhone?: string | undefined; contactEmail?: string | undefined };

/** Rules across fields: nothing to contact on an anonymous opinion; "under 14" only for a student. */
export function submissionRules(value: SubmissionFields, context: z.RefinementCtx): void {
  if (value.isUnder14 && value.role !== 'student') {
    context.addIssue({ code: 'custom', path: ['isUnder14'], message: `只有学生身份才需要说明是否未满${MINOR_AGE}周岁` });
  }
  if (!value.anonymous) return;
  for (const field of ['contactName', 'contactPhone', 'contactEmail'] as const) {
    if (value[field] !== undefined) {
      context.addIssue({ code: 'custom', path: [field], message: `匿名提交时请不要填写${FEEDBACK_FIELD_LABELS[field]}` });
    }
  }
}

export const feedbackSubmissionSchema = z.strictObject(feedbackSubmissionShape, objectOptions).superRefine(submissionRules);

export type FeedbackSubmission = z.output<typeof feedbackSubmissionSchema>;

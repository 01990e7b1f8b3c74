// The form's values, its client-side checks (mirroring the API's; the server has the final word)
// and the request the API takes. No zod: it stays out of the browser bundle.
import {
  CONTACT_EMAIL_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  CONTACT_PHONE_PATTERN,
  CONTENT_MAX_LENGTH,
  CONTENT_MIN_LENGTH,
  TITLE_MAX_LENGTH,
} from '../../../../server/domain/feedback-rules.ts';
import type { SubmitterRole } from '../../../../server/domain/vocabulary.ts';

export interface FormValues {
  role: SubmitterRole | '';
  isUnder14: boolean;
  category: string;
  title: string;
  itemCode: string;
  unitCode: string;
  content: string;
  anonymous: boolean;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  consentToPublish: boolean;
}

export type FieldName = keyof FormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const EMPTY_VALUES: FormValues = {
  role: '',
  isUnder14: false,
  category: '',
  title: '',
  itemCode: '',
  unitCode: '',
  content: '',
  anonymous: false,
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  consentToPublish: false,
};

/** Order of fields in the error summary: the order in which they appear on the page. */
export const FIELD_ORDER: FieldName[] = [
  'role',
  'isUnder14',
  'category',
  'title',
  'itemCode',
  'unitCode',
  'content',
  'anonymous',
  'contactName',
  'contactPhone',
  'contactEmail',
  'consentToPublish',
];

export const FIELD_LABELS: Record<FieldName, string> = {
  role: '身份',
  isUnder14: '未满14周岁',
  category: '意见类别',
  title: '标题',
  itemCode: '相关整改事项',
  unitCode: '相关学校/单位',
  content: '意见内容',
  anonymous: '匿名提交',
  contactName: '称呼',
  contactPhone: '手机号码',
  contactEmail: '电子邮箱',
  consentToPublish: '同意公开',
};

/** The API's body: optional fields are left out when empty. */
export interface FeedbackRequest {
  /** The 群众点题 campaign this opinion nominates a topic for (the form's ?campaign= preset). */
  campaign?: string;
  role: SubmitterRole;
  isUnder14: boolean;
  category: string;
  title?: string;
  content: string;
  itemCode?: string;
  unitCode?: string;
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  consentToPublish: boolean;
  altcha?: string;
  website?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isFieldName(value: string): value is FieldName {
  return (FIELD_ORDER as string[]).includes(value);
}

/** Length as the API counts it: line breaks normalised, surrounding blanks dropped. */
export function contentLength(content: string): number {
  return content.replace(/\r\n?/g, '\n').trim().length;
}

export function validate(values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.role) errors.role = '请选择您的身份。';
  if (!values.category) errors.category = '请选择意见类别。';
  if (values.title.trim().length > TITLE_MAX_LENGTH) errors.title = `标题不能超过 ${TITLE_MAX_LENGTH} 个字。`;
  const length = contentLength(values.content);
  if (length === 0) errors.content = '请填写意见内容。';
  else if (length < CONTENT_MIN_LENGTH) errors.content = `意见内容至少需要 ${CONTENT_MIN_LENGTH} 个字。`;
  else if (length > CONTENT_MAX_LENGTH) errors.content = `意见内容不能超过 ${CONTENT_MAX_LENGTH} 个字。`;
  if (!values.anonymous) {
    if (values.contactName.trim().length > CONTACT_NAME_MAX_LENGTH) errors.contactName = `称呼不能超过 ${CONTACT_NAME_MAX_LENGTH} 个字。`;
    const phone = values.contactPhone.trim();
    if (phone && !CONTACT_PHONE_PATTERN.test(phone)) errors.contactPhone = '手机号码格式不正确，请填写 11 位手机号或带区号的固定电话。';
    const email = values.contactEmail.trim();
    if (email.length > CONTACT_EMAIL_MAX_LENGTH) errors.contactEmail = '电子邮箱过长。';
    else if (email && !EMAIL.test(email)) errors.contactEmail = '电子邮箱格式不正确，例如 name@example.com。';
  }
  return errors;
}

export function toRequest(values: FormValues): FeedbackRequest | null {
  if (!values.role || !values.category) return null;
  const request: FeedbackRequest = {
    role: values.role,
    isUnder14: values.role === 'student' && values.isUnder14,
    category: values.category,
    content: values.content.trim(),
    anonymous: values.anonymous,
    consentToPublish: values.consentToPublish,
  };
  const title = values.title.trim();
  if (title) request.title = title;
  if (values.itemCode) request.itemCode = values.itemCode;
  if (values.unitCode) request.unitCode = values.unitCode;
  if (!values.anonymous) {
    const name = values.contactName.trim();
    const phone = values.contactPhone.trim();
    const email = values.contactEmail.trim();
    if (name) request.contactName = name;
    if (phone) request.contactPhone = phone;
    if (email) request.contactEmail = email;
  }
  return request;
}

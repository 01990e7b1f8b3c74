// The 我要留言 form: the only interactive part of the public site. It posts JSON to the API on
// the same origin and, on success, shows the tracking code and secret exactly once.
// Kept to plain fetch, hooks and standard form controls so it works in WeChat's in-app browser.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CATEGORY_LABELS,
  SUBMITTER_ROLES,
  SUBMITTER_ROLE_LABELS,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  type FeedbackCategory,
  type SubmitterRole,
  type UnitKind,
} from '../../../server/domain/vocabulary.ts';
import {
  CONTACT_EMAIL_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  CONTACT_PHONE_PATTERN,
  CONTENT_MAX_LENGTH,
  CONTENT_MIN_LENGTH,
} from '../../../server/domain/feedback-rules.ts';
import { FEEDBACK_API_PATH } from '../consts.ts';
import { formatDateTime } from '../lib/format.ts';

export interface FeedbackItemOption {
  code: string;
  title: string;
}

export interface FeedbackUnitOption {
  code: string;
  name: string;
  kind: UnitKind;
}

export interface FeedbackFormProps {
  items: FeedbackItemOption[];
  units: FeedbackUnitOption[];
  /** The bureau's phone number, offered when the submission fails. */
  bureauPhone: string;
}

interface FormValues {
  role: SubmitterRole | '';
  category: FeedbackCategory | '';
  itemCode: string;
  unitCode: string;
  content: string;
  anonymous: boolean;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  consentToPublish: boolean;
}

type FieldName = keyof FormValues;
type FieldErrors = Partial<Record<FieldName, string>>;

/** The API's request body: optional fields are left out when empty. */
interface FeedbackRequest {
  role: SubmitterRole;
  category: FeedbackCategory;
  content: string;
  itemCode?: string;
  unitCode?: string;
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  consentToPublish: boolean;
}

interface Receipt {
  trackingCode: string;
  secret: string;
  statusLabel: string;
  submittedAt: string;
}

type SubmitOutcome =
  | { kind: 'created'; receipt: Receipt }
  | { kind: 'invalid'; message: string; fieldErrors: FieldErrors; otherMessages: string[] }
  | { kind: 'failed'; message: string };

const EMPTY_VALUES: FormValues = {
  role: '',
  category: '',
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
const FIELD_ORDER: FieldName[] = [
  'role',
  'category',
  'itemCode',
  'unitCode',
  'content',
  'anonymous',
  'contactName',
  'contactPhone',
  'contactEmail',
  'consentToPublish',
];

const FIELD_LABELS: Record<FieldName, string> = {
  role: '身份',
  category: '意见类别',
  itemCode: '相关整改事项',
  unitCode: '相关学校/单位',
  content: '意见内容',
  anonymous: '匿名提交',
  contactName: '称呼',
  contactPhone: '手机号码',
  contactEmail: '电子邮箱',
  consentToPublish: '同意公开',
};

const REQUEST_TIMEOUT_MS = 30_000;
// Limits come from server/domain/feedback-rules.ts, shared with the API; the e-mail shape is a
// loose check (zod stays out of the browser bundle). The server's answer is the one that counts.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Element id of a field's control; radio groups point at their first option. */
function controlId(field: FieldName): string {
  return field === 'role' ? 'feedback-role-0' : `feedback-${field}`;
}

function errorId(field: FieldName): string {
  return `feedback-${field}-error`;
}

/** Error summary links move focus to the control itself, not only scroll to it. */
function focusField(event: JSX.TargetedMouseEvent<HTMLAnchorElement>, field: FieldName) {
  const control = document.getElementById(controlId(field));
  if (!control) return;
  event.preventDefault();
  control.scrollIntoView({ block: 'center' });
  control.focus({ preventScroll: true });
}

function isFieldName(value: string): value is FieldName {
  return (FIELD_ORDER as string[]).includes(value);
}

/** Length as the API counts it: line breaks normalised, surrounding blanks dropped. */
function contentLength(content: string): number {
  return content.replace(/\r\n?/g, '\n').trim().length;
}

/** Client-side checks mirroring the API's rules; the server has the final word. */
function validate(values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.role) errors.role = '请选择您的身份。';
  if (!values.category) errors.category = '请选择意见类别。';
  const length = contentLength(values.content);
  if (length === 0) errors.content = '请填写意见内容。';
  else if (length < CONTENT_MIN_LENGTH) errors.content = `意见内容至少需要 ${CONTENT_MIN_LENGTH} 个字。`;
  else if (length > CONTENT_MAX_LENGTH) errors.content = `意见内容不能超过 ${CONTENT_MAX_LENGTH} 个字。`;
  if (!values.anonymous) {
    if (values.contactName.trim().length > CONTACT_NAME_MAX_LENGTH) {
      errors.contactName = `称呼不能超过 ${CONTACT_NAME_MAX_LENGTH} 个字。`;
    }
    const phone = values.contactPhone.trim();
    if (phone && !CONTACT_PHONE_PATTERN.test(phone)) errors.contactPhone = '手机号码格式不正确，请填写 11 位手机号或带区号的固定电话。';
    const email = values.contactEmail.trim();
    if (email.length > CONTACT_EMAIL_MAX_LENGTH) errors.contactEmail = '电子邮箱过长。';
    else if (email && !EMAIL.test(email)) errors.contactEmail = '电子邮箱格式不正确，例如 name@example.com。';
  }
  return errors;
}

function toRequest(values: FormValues): FeedbackRequest | null {
  if (!values.role || !values.category) return null;
  const request: FeedbackRequest = {
    role: values.role,
    category: values.category,
    content: values.content.trim(),
    anonymous: values.anonymous,
    consentToPublish: values.consentToPublish,
  };
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isReceipt(value: unknown): value is Receipt {
  return (
    isRecord(value) &&
    typeof value.trackingCode === 'string' &&
    value.trackingCode.length > 0 &&
    typeof value.secret === 'string' &&
    value.secret.length > 0
  );
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const body: unknown = await response.json();
    return body;
  } catch {
    return null;
  }
}

function retryMessage(bureauPhone: string): string {
  const phone = bureauPhone ? `，或拨打 ${bureauPhone} 反映` : '';
  return `提交没有成功，可能是网络或服务器暂时出现问题。您填写的内容仍保留在页面上，请稍后再试${phone}。`;
}

async function postFeedback(request: FeedbackRequest, bureauPhone: string): Promise<SubmitOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(FEEDBACK_API_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
      signal: controller.signal,
    });
  } catch {
    return { kind: 'failed', message: retryMessage(bureauPhone) };
  } finally {
    clearTimeout(timer);
  }

  const body = await readJson(response);
  if (response.status === 201) {
    if (isReceipt(body)) {
      return {
        kind: 'created',
        receipt: {
          trackingCode: body.trackingCode,
          secret: body.secret,
          statusLabel: typeof body.statusLabel === 'string' ? body.statusLabel : '待受理',
          submittedAt: typeof body.submittedAt === 'string' ? body.submittedAt : '',
        },
      };
    }
    // Saved, but the receipt did not arrive intact: say so rather than invite a duplicate.
    const phone = bureauPhone ? `请拨打 ${bureauPhone} ` : '请联系我们';
    return { kind: 'failed', message: `您的意见可能已经提交，但页面没能显示查询码。为免重复提交，${phone}核实。` };
  }
  if (response.status === 400) {
    const message =
      isRecord(body) && typeof body.message === 'string' && body.message ? body.message : '提交的内容有误，请修改后再提交。';
    const fieldErrors: FieldErrors = {};
    const otherMessages: string[] = [];
    if (isRecord(body) && Array.isArray(body.fields)) {
      for (const entry of body.fields as unknown[]) {
        if (!isRecord(entry) || typeof entry.message !== 'string') continue;
        const field = typeof entry.field === 'string' ? entry.field : '';
        if (isFieldName(field) && !fieldErrors[field]) fieldErrors[field] = entry.message;
        else otherMessages.push(entry.message);
      }
    }
    return { kind: 'invalid', message, fieldErrors, otherMessages };
  }
  if (response.status === 413) {
    return { kind: 'failed', message: '提交的内容过长，请精简意见内容后再提交。' };
  }
  if (response.status === 429) {
    const message = isRecord(body) && typeof body.message === 'string' && body.message ? body.message : '';
    return { kind: 'failed', message: message || '提交过于频繁，请稍后再试。' };
  }
  return { kind: 'failed', message: retryMessage(bureauPhone) };
}

function formatSubmittedAt(iso: string): string {
  return !iso || Number.isNaN(new Date(iso).getTime()) ? '' : formatDateTime(iso);
}

interface FieldMessageProps {
  field: FieldName;
  errors: FieldErrors;
}

function FieldError({ field, errors }: FieldMessageProps) {
  const message = errors[field];
  if (!message) return null;
  return (
    <span class="field__error" id={errorId(field)}>
      <span class="visually-hidden">错误：</span>
      {message}
    </span>
  );
}

/** aria-describedby for a control: its hint (if any) and its error (if any). */
function describedBy(field: FieldName, errors: FieldErrors, hintId?: string): string | undefined {
  const ids = [hintId, errors[field] ? errorId(field) : undefined].filter((id): id is string => Boolean(id));
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface ContactInputProps {
  field: 'contactName' | 'contactPhone' | 'contactEmail';
  label: string;
  hint?: string;
  type: 'text' | 'tel' | 'email';
  inputMode?: 'numeric';
  autoComplete: string;
  maxLength: number;
  value: string;
  errors: FieldErrors;
  onValue: (value: string) => void;
}

/** One optional contact field: label, hint, error and input wired together for screen readers. */
function ContactInput({ field, label, hint, type, inputMode, autoComplete, maxLength, value, errors, onValue }: ContactInputProps) {
  const hintId = hint ? `feedback-${field}-hint` : undefined;
  return (
    <div class={errors[field] ? 'field field--invalid' : 'field'}>
      <label class="field__label" for={controlId(field)}>
        {label}
      </label>
      {hint && (
        <span class="field__hint" id={hintId}>
          {hint}
        </span>
      )}
      <FieldError field={field} errors={errors} />
      <input
        class="input"
        type={type}
        inputMode={inputMode}
        id={controlId(field)}
        name={field}
        autoComplete={autoComplete}
        maxLength={maxLength}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, errors, hintId)}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </div>
  );
}

function ReceiptView({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const regionRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    regionRef.current?.focus();
  }, []);
  const submittedAt = formatSubmittedAt(receipt.submittedAt);
  return (
    <div class="receipt" role="status" tabIndex={-1} ref={regionRef} aria-labelledby="feedback-receipt-heading">
      <h2 id="feedback-receipt-heading">您的意见已提交</h2>
      <p>
        当前状态：{receipt.statusLabel}
        {submittedAt && <>，提交时间：{submittedAt}</>}。
      </p>
      <dl class="receipt__codes">
        <div>
          <dt>查询码</dt>
          <dd data-testid="tracking-code">{receipt.trackingCode}</dd>
        </div>
        <div>
          <dt>查询密码</dt>
          <dd data-testid="tracking-secret">{receipt.secret}</dd>
        </div>
      </dl>
      <p>
        <strong>请抄写或截图保存查询码和查询密码。</strong>
        它们只显示这一次，我们无法找回。今后您可以凭查询码和查询密码查看办理进度，并对答复进行评价。
      </p>
      <button type="button" class="button button--secondary" onClick={onAnother}>
        再提交一条意见
      </button>
    </div>
  );
}

export default function FeedbackForm({ items, units, bureauPhone }: FeedbackFormProps) {
  const [values, setValues] = useState<FormValues>(EMPTY_VALUES);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<{ message: string; others: string[] } | null>(null);
  const [sending, setSending] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  // False in the server-rendered HTML: the controls stay disabled until the script has taken over,
  // so nothing can be submitted as a plain (GET) form before hydration.
  const [ready, setReady] = useState(false);
  const [summaryFocus, setSummaryFocus] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setReady(true);
    // A ledger page links here with ?item=CODE to preselect that item.
    const itemCode = new URLSearchParams(window.location.search).get('item');
    if (itemCode && items.some((item) => item.code === itemCode)) {
      setValues((current) => ({ ...current, itemCode }));
    }
  }, []);

  useEffect(() => {
    if (summaryFocus > 0) summaryRef.current?.focus();
  }, [summaryFocus]);

  function update<K extends FieldName>(field: K, value: FormValues[K]) {
    setValues((current) => {
      const next = { ...current, [field]: value };
      // Anonymous means no contact details at all: clear them rather than only hiding them.
      if (field === 'anonymous' && value === true) {
        next.contactName = '';
        next.contactPhone = '';
        next.contactEmail = '';
      }
      return next;
    });
    if (errors[field]) {
      setErrors((current) => {
        const next = { ...current };
        delete next[field];
        return next;
      });
    }
  }

  function showErrors(fieldErrors: FieldErrors, message: string, others: string[]) {
    setErrors(fieldErrors);
    setSummary({ message, others });
    setSummaryFocus((n) => n + 1);
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (sending) return;
    const fieldErrors = validate(values);
    const request = toRequest(values);
    if (Object.keys(fieldErrors).length > 0 || !request) {
      showErrors(fieldErrors, '请修改以下内容后再提交：', []);
      return;
    }
    setSending(true);
    setSummary(null);
    const outcome = await postFeedback(request, bureauPhone);
    setSending(false);
    if (outcome.kind === 'created') {
      setErrors({});
      setReceipt(outcome.receipt);
      setValues(EMPTY_VALUES);
    } else if (outcome.kind === 'invalid') {
      showErrors(outcome.fieldErrors, outcome.message, outcome.otherMessages);
    } else {
      showErrors({}, outcome.message, []);
    }
  }

  if (receipt) {
    return <ReceiptView receipt={receipt} onAnother={() => setReceipt(null)} />;
  }

  const length = contentLength(values.content);
  const lengthOutOfRange = length > CONTENT_MAX_LENGTH;
  const errorFields = FIELD_ORDER.filter((field) => errors[field]);
  const unitGroups = UNIT_KINDS.map((kind) => ({
    kind,
    label: UNIT_KIND_LABELS[kind],
    units: units.filter((unit) => unit.kind === kind),
  })).filter((group) => group.units.length > 0);

  return (
    <form class="form" noValidate onSubmit={onSubmit} aria-describedby="feedback-form-note">
      <fieldset class="form__shell" disabled={!ready}>
        <legend class="visually-hidden">留言表单</legend>
        <p class="field__hint" id="feedback-form-note">
          带<span class="field__required" aria-hidden="true">*</span>的为必填项。
        </p>

        {summary && (
          <div class="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="feedback-summary-heading">
            <h2 id="feedback-summary-heading">{summary.message}</h2>
            {(errorFields.length > 0 || summary.others.length > 0) && (
              <ul>
                {errorFields.map((field) => (
                  <li key={field}>
                    <a href={`#${controlId(field)}`} onClick={(event) => focusField(event, field)}>
                      {FIELD_LABELS[field]}：{errors[field]}
                    </a>
                  </li>
                ))}
                {summary.others.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        )}

        <fieldset class={errors.role ? 'field field--invalid' : 'field'}>
          <legend>
            身份<span class="field__required" aria-hidden="true">*</span>
          </legend>
          <FieldError field="role" errors={errors} />
          <div class="choice-group">
            {SUBMITTER_ROLES.map((role, index) => (
              <label class="choice" key={role}>
                <input
                  type="radio"
                  name="role"
                  id={`feedback-role-${index}`}
                  value={role}
                  checked={values.role === role}
                  required
                  aria-invalid={errors.role ? true : undefined}
                  aria-describedby={describedBy('role', errors)}
                  onChange={() => update('role', role)}
                />
                {SUBMITTER_ROLE_LABELS[role]}
              </label>
            ))}
          </div>
        </fieldset>

        <div class={errors.category ? 'field field--invalid' : 'field'}>
          <label class="field__label" for={controlId('category')}>
            意见类别<span class="field__required" aria-hidden="true">*</span>
          </label>
          <FieldError field="category" errors={errors} />
          <select
            class="select"
            id={controlId('category')}
            name="category"
            required
            value={values.category}
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={describedBy('category', errors)}
            onChange={(event) => {
              const value = event.currentTarget.value;
              update('category', (FEEDBACK_CATEGORIES as readonly string[]).includes(value) ? (value as FeedbackCategory) : '');
            }}
          >
            <option value="">请选择</option>
            {FEEDBACK_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {FEEDBACK_CATEGORY_LABELS[category]}
              </option>
            ))}
          </select>
        </div>

        {items.length > 0 && (
          <div class={errors.itemCode ? 'field field--invalid' : 'field'}>
            <label class="field__label" for={controlId('itemCode')}>
              相关整改事项<span class="field__optional">（选填）</span>
            </label>
            <FieldError field="itemCode" errors={errors} />
            <select
              class="select"
              id={controlId('itemCode')}
              name="itemCode"
              value={values.itemCode}
              aria-invalid={errors.itemCode ? true : undefined}
              aria-describedby={describedBy('itemCode', errors)}
              onChange={(event) => update('itemCode', event.currentTarget.value)}
            >
              <option value="">不涉及具体事项</option>
              {items.map((item) => (
                <option key={item.code} value={item.code}>
                  {item.code} {item.title}
                </option>
              ))}
            </select>
          </div>
        )}

        {unitGroups.length > 0 && (
          <div class={errors.unitCode ? 'field field--invalid' : 'field'}>
            <label class="field__label" for={controlId('unitCode')}>
              相关学校/单位<span class="field__optional">（选填）</span>
            </label>
            <FieldError field="unitCode" errors={errors} />
            <select
              class="select"
              id={controlId('unitCode')}
              name="unitCode"
              value={values.unitCode}
              aria-invalid={errors.unitCode ? true : undefined}
              aria-describedby={describedBy('unitCode', errors)}
              onChange={(event) => update('unitCode', event.currentTarget.value)}
            >
              <option value="">不涉及具体学校或单位</option>
              {unitGroups.map((group) => (
                <optgroup key={group.kind} label={group.label}>
                  {group.units.map((unit) => (
                    <option key={unit.code} value={unit.code}>
                      {unit.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        )}

        <div class={errors.content ? 'field field--invalid' : 'field'}>
          <label class="field__label" for={controlId('content')}>
            意见内容<span class="field__required" aria-hidden="true">*</span>
          </label>
          <span class="field__hint" id="feedback-content-hint">
            请写明具体情况，例如时间、地点、涉及的学校或单位，{CONTENT_MIN_LENGTH}～{CONTENT_MAX_LENGTH} 个字。请不要在这里填写身份证号等个人信息。
          </span>
          <FieldError field="content" errors={errors} />
          <textarea
            class="textarea"
            id={controlId('content')}
            name="content"
            rows={8}
            required
            value={values.content}
            aria-invalid={errors.content ? true : undefined}
            aria-describedby={describedBy('content', errors, 'feedback-content-hint feedback-content-count')}
            onInput={(event) => update('content', event.currentTarget.value)}
          />
          <span class={lengthOutOfRange ? 'char-count char-count--error' : 'char-count'} id="feedback-content-count">
            已输入 {length} / {CONTENT_MAX_LENGTH} 字
          </span>
        </div>

        <div class="field check">
          <input
            type="checkbox"
            id={controlId('anonymous')}
            name="anonymous"
            checked={values.anonymous}
            aria-describedby="feedback-anonymous-hint"
            onChange={(event) => update('anonymous', event.currentTarget.checked)}
          />
          <div>
            <label class="check__label" for={controlId('anonymous')}>
              匿名提交
            </label>
            <span class="field__hint" id="feedback-anonymous-hint">
              匿名提交时不留联系方式，我们无法与您联系，办理结果请凭查询码查看。
            </span>
          </div>
        </div>

        {!values.anonymous && (
          <fieldset class="field contact-fields" aria-describedby="feedback-contact-hint">
            <legend>
              联系方式<span class="field__optional">（选填）</span>
            </legend>
            <p class="field__hint" id="feedback-contact-hint">
              联系方式仅用于就本条意见与您联系核实、反馈办理情况，不会公开，也不会用于其他用途。
            </p>

            <ContactInput
              field="contactName"
              label="称呼"
              hint={`例如“王女士”，不超过 ${CONTACT_NAME_MAX_LENGTH} 个字。`}
              type="text"
              autoComplete="name"
              maxLength={CONTACT_NAME_MAX_LENGTH}
              value={values.contactName}
              errors={errors}
              onValue={(value) => update('contactName', value)}
            />
            <ContactInput
              field="contactPhone"
              label="手机号码"
              type="tel"
              inputMode="numeric"
              autoComplete="tel"
              maxLength={20}
              value={values.contactPhone}
              errors={errors}
              onValue={(value) => update('contactPhone', value)}
            />
            <ContactInput
              field="contactEmail"
              label="电子邮箱"
              type="email"
              autoComplete="email"
              maxLength={CONTACT_EMAIL_MAX_LENGTH}
              value={values.contactEmail}
              errors={errors}
              onValue={(value) => update('contactEmail', value)}
            />
          </fieldset>
        )}

        <div class={errors.consentToPublish ? 'field field--invalid' : 'field'}>
          <FieldError field="consentToPublish" errors={errors} />
          <div class="check">
            <input
              type="checkbox"
              id={controlId('consentToPublish')}
              name="consentToPublish"
              checked={values.consentToPublish}
              aria-invalid={errors.consentToPublish ? true : undefined}
              aria-describedby={describedBy('consentToPublish', errors, 'feedback-consent-hint')}
              onChange={(event) => update('consentToPublish', event.currentTarget.checked)}
            />
            <div>
              <label class="check__label" for={controlId('consentToPublish')}>
                同意在隐去个人信息后公开我的意见和答复
              </label>
              <span class="field__hint" id="feedback-consent-hint">
                不勾选也会正常受理和答复，只是不在网站上公开。
              </span>
            </div>
          </div>
        </div>

        <div class="form-actions">
          <button type="submit" class="button" disabled={!ready || sending}>
            {sending ? '正在提交…' : '提交意见'}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

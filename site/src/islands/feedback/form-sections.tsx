// The parts of the opinion form that are more than one control: the error summary, 身份 with the
// under-14 box, 意见内容 with its count, 匿名 and the contact details, and the consent to publish.
import type { RefObject } from 'preact';
import {
  CONTACT_EMAIL_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  CONTACT_PHONE_PATTERN,
  CONTENT_MAX_LENGTH,
  CONTENT_MIN_LENGTH,
  MINOR_AGE,
} from '../../../../server/domain/feedback-rules.ts';
import { SUBMITTER_ROLE_LABELS, SUBMITTER_ROLES, type SubmitterRole } from '../../../../server/domain/vocabulary.ts';
import { controlId, describedBy, FieldError, focusField, TextInput } from './fields.tsx';
import { contentLength, FIELD_LABELS, FIELD_ORDER, type FieldErrors, type FieldName, type FormValues } from './form-model.ts';
import type { ErrorSummaryState } from './use-feedback-form.ts';

/** Sets one field (FeedbackForm's update). */
export type Update = <K extends FieldName>(field: K, value: FormValues[K]) => void;

interface SectionProps {
  values: FormValues;
  errors: FieldErrors;
  update: Update;
}

/** What to fix, at the top of the form: each field's problem links to its control. */
export function ErrorSummary({ summary, errors, summaryRef }: { summary: ErrorSummaryState; errors: FieldErrors; summaryRef: RefObject<HTMLDivElement> }) {
  const errorFields = FIELD_ORDER.filter((field) => errors[field]);
  return (
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
  );
}

/** 身份 (radio buttons) and, for a pupil, 我未满14周岁. */
export function RoleFields({ values, errors, update }: SectionProps) {
  return (
    <>
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
                onChange={() => update('role', role as SubmitterRole)}
              />
              {SUBMITTER_ROLE_LABELS[role]}
            </label>
          ))}
        </div>
      </fieldset>

      <div class="field check minor-field">
        <input
          type="checkbox"
          id={controlId('isUnder14')}
          name="isUnder14"
          checked={values.isUnder14}
          aria-describedby="feedback-isUnder14-hint"
          onChange={(event) => update('isUnder14', event.currentTarget.checked)}
        />
        <div>
          <label class="check__label" for={controlId('isUnder14')}>
            我未满{MINOR_AGE}周岁
          </label>
          <span class="field__hint" id="feedback-isUnder14-hint">
            未满{MINOR_AGE}周岁的同学请不要留自己的联系方式，可以留家长（监护人）的，也可以匿名提交。
          </span>
        </div>
      </div>
    </>
  );
}

/** 意见内容 with its length count. */
export function ContentField({ values, errors, update }: SectionProps) {
  const length = contentLength(values.content);
  const lengthOutOfRange = length > CONTENT_MAX_LENGTH;
  return (
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
        minLength={CONTENT_MIN_LENGTH}
        value={values.content}
        aria-invalid={errors.content ? true : undefined}
        aria-describedby={describedBy('content', errors, 'feedback-content-hint feedback-content-count')}
        onInput={(event) => update('content', event.currentTarget.value)}
      />
      <span class={lengthOutOfRange ? 'char-count char-count--error' : 'char-count'} id="feedback-content-count">
        已输入 {length} / {CONTENT_MAX_LENGTH} 字
      </span>
    </div>
  );
}

/** 匿名提交, and the contact details (a guardian's for a child under 14) unless anonymous. */
export function ContactFields({ values, errors, update }: SectionProps) {
  const minor = values.role === 'student' && values.isUnder14;
  return (
    <>
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
          {minor ? '家长（监护人）的联系方式' : '联系方式'}
          <span class="field__optional">（选填）</span>
        </legend>
        <p class="field__hint" id="feedback-contact-hint">
          {minor
            ? '请填写家长（监护人）的称呼和电话，不要填写你自己的。仅用于就本条意见联系核实、反馈办理情况，不会公开。'
            : '联系方式仅用于就本条意见与您联系核实、反馈办理情况，不会公开，也不会用于其他用途。留下电子邮箱可收到回执和答复通知。'}
        </p>
        <TextInput
          field="contactName"
          label="称呼"
          hint={minor ? `例如“小明妈妈”，不超过 ${CONTACT_NAME_MAX_LENGTH} 个字。` : `例如“王女士”，不超过 ${CONTACT_NAME_MAX_LENGTH} 个字。`}
          type="text"
          autoComplete="name"
          maxLength={CONTACT_NAME_MAX_LENGTH}
          value={values.contactName}
          errors={errors}
          onValue={(value) => update('contactName', value)}
        />
        <TextInput
          field="contactPhone"
          label="手机号码"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          maxLength={20}
          pattern={CONTACT_PHONE_PATTERN.source}
          value={values.contactPhone}
          errors={errors}
          onValue={(value) => update('contactPhone', value)}
        />
        <TextInput
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
    </>
  );
}

/** The consent to publish the opinion and its reply with personal details removed. */
export function ConsentField({ values, errors, update }: SectionProps) {
  return (
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
  );
}

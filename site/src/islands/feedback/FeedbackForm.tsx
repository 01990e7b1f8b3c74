// The 我要留言 form. It is a real HTML form posting to /feedback/submit, so it works with
// JavaScript off (the server answers with a receipt page and screens the opinion). With
// JavaScript on, this island takes over: it solves a proof-of-work challenge in a small worker
// while the form is filled in, checks the fields, posts JSON to the API and shows the tracking
// code and secret exactly once. Kept to plain fetch, hooks and standard controls for WeChat.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CONTACT_EMAIL_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  CONTACT_PHONE_PATTERN,
  CONTENT_MAX_LENGTH,
  CONTENT_MIN_LENGTH,
  MINOR_AGE,
  TITLE_MAX_LENGTH,
} from '../../../../server/domain/feedback-rules.ts';
import { SUBMITTER_ROLE_LABELS, SUBMITTER_ROLES, UNIT_KIND_LABELS, UNIT_KINDS, type SubmitterRole, type UnitKind } from '../../../../server/domain/vocabulary.ts';
import { FEEDBACK_PLAIN_PATH } from '../../consts.ts';
import { postFeedback, type Receipt } from './api.ts';
import { controlId, describedBy, FieldError, focusField, TextInput } from './fields.tsx';
import { contentLength, EMPTY_VALUES, FIELD_LABELS, FIELD_ORDER, type FieldErrors, type FieldName, type FormValues, toRequest, validate } from './form-model.ts';
import { canSolve, fetchAndSolve, isStale, type SolvedChallenge, waitBeforeSending } from './proof-of-work.ts';
import { ReceiptView } from './Receipt.tsx';

export interface FeedbackItemOption {
  code: string;
  title: string;
}

export interface FeedbackUnitOption {
  code: string;
  name: string;
  kind: UnitKind;
}

/** A 群众点题 campaign taking nominations (the server checks its dates again). */
export interface FeedbackCampaignOption {
  id: number;
  theme: string;
}

export interface FeedbackFormProps {
  /**
   * The published items to choose from, when there are few (FORM_ITEM_CHOICE_LIMIT); with more
   * the form asks for the item's code instead of carrying the whole ledger in every copy of the page.
   */
  items: FeedbackItemOption[];
  /** How many items are published (items may hold none of them). */
  itemCount: number;
  campaigns?: FeedbackCampaignOption[];
  /** A campaign's own form page presets it in the server-rendered HTML, so it holds without JavaScript. */
  presetCampaign?: FeedbackCampaignOption;
  units: FeedbackUnitOption[];
  categories: { code: string; label: string }[];
  /** The bureau's phone number, offered when the submission fails. */
  bureauPhone: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the server-rendered form holds before the island took over (only fields that were touched). */
function readForm(form: HTMLFormElement): Partial<FormValues> {
  const data = new FormData(form);
  const text = (name: keyof FormValues) => {
    const value = data.get(name);
    return typeof value === 'string' && value !== '' ? { [name]: value } : {};
  };
  const role = data.get('role');
  return {
    ...(typeof role === 'string' && (SUBMITTER_ROLES as readonly string[]).includes(role) ? { role: role as SubmitterRole } : {}),
    ...text('category'),
    ...text('title'),
    ...text('itemCode'),
    ...text('unitCode'),
    ...text('content'),
    ...text('contactName'),
    ...text('contactPhone'),
    ...text('contactEmail'),
    ...(data.has('anonymous') ? { anonymous: true } : {}),
    ...(data.has('isUnder14') ? { isUnder14: true } : {}),
    ...(data.has('consentToPublish') ? { consentToPublish: true } : {}),
  };
}

export default function FeedbackForm({ items, itemCount, units, categories, bureauPhone, campaigns = [], presetCampaign }: FeedbackFormProps) {
  const [values, setValues] = useState<FormValues>(EMPTY_VALUES);
  const [campaign, setCampaign] = useState<FeedbackCampaignOption | null>(presetCampaign ?? null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<{ message: string; others: string[] } | null>(null);
  const [sending, setSending] = useState<'' | 'checking' | 'sending'>('');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  // False in the server-rendered HTML: the browser's own checks apply until the island is alive.
  const [ready, setReady] = useState(false);
  const [summaryFocus, setSummaryFocus] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const proof = useRef<Promise<SolvedChallenge> | null>(null);

  /** Starts solving a fresh challenge in the background; a failure is kept for the submit. */
  function prepareProof(): void {
    if (!canSolve()) return;
    const pending = fetchAndSolve();
    pending.catch(() => undefined);
    proof.current = pending;
  }

  useEffect(() => {
    setReady(true);
    prepareProof();
    // On a slow connection people start typing before this script arrives: keep what they typed.
    const typed = formRef.current ? readForm(formRef.current) : {};
    // A ledger page links here with ?item=CODE, a school's poster with ?unit=CODE.
    const query = new URLSearchParams(window.location.search);
    const itemCode = query.get('item');
    const unitCode = query.get('unit');
    // Older links and posters reach the opinion form with ?campaign=ID.
    const campaignId = query.get('campaign');
    if (campaignId !== null) setCampaign(campaigns.find((candidate) => String(candidate.id) === campaignId) ?? null);
    setValues((current) => ({
      ...current,
      ...typed,
      ...(!typed.itemCode && itemCode && (items.length < itemCount || items.some((item) => item.code === itemCode)) ? { itemCode } : {}),
      ...(!typed.unitCode && unitCode && units.some((unit) => unit.code === unitCode) ? { unitCode } : {}),
    }));
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
      if (field === 'role' && value !== 'student') next.isUnder14 = false;
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

  /** A solved challenge that the server will take now: fresh, and old enough. */
  async function readyProof(): Promise<string | null> {
    if (!proof.current) return null;
    let solved: SolvedChallenge;
    try {
      solved = await proof.current;
      if (isStale(solved)) {
        prepareProof();
        solved = await proof.current;
      }
    } catch {
      return null;
    }
    await sleep(waitBeforeSending(solved));
    return solved.payload;
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
    setSummary(null);
    setSending('checking');
    let payload = await readyProof();
    if (payload === null) {
      // No worker or no WebCrypto here (or the check failed): send the plain form, which the
      // server takes without a proof of work and screens by hand.
      formRef.current?.submit();
      return;
    }
    // A script that fills every field fills the honeypot too: send it along, the server drops it.
    const trap = formRef.current?.querySelector<HTMLInputElement>('input[name="website"]')?.value ?? '';
    if (trap) request.website = trap;
    if (campaign) request.campaign = String(campaign.id);
    setSending('sending');
    let outcome = await postFeedback({ ...request, altcha: payload }, bureauPhone);
    if (outcome.kind === 'invalid' && outcome.proofOfWork) {
      // Expired or spent meanwhile: one more try with a fresh challenge.
      setSending('checking');
      prepareProof();
      payload = await readyProof();
      if (payload !== null) {
        setSending('sending');
        outcome = await postFeedback({ ...request, altcha: payload }, bureauPhone);
      }
    }
    setSending('');
    prepareProof();
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
  const unitGroups = UNIT_KINDS.map((kind) => ({ kind, label: UNIT_KIND_LABELS[kind], units: units.filter((unit) => unit.kind === kind) })).filter(
    (group) => group.units.length > 0,
  );
  const minor = values.role === 'student' && values.isUnder14;

  return (
    <form class="form" method="post" action={FEEDBACK_PLAIN_PATH} noValidate={ready} onSubmit={onSubmit} ref={formRef} aria-describedby="feedback-form-note">
      {campaign && (
        <div class="notice" data-testid="campaign-preset">
          <p>
            您正在参与群众点题：<strong>{campaign.theme}</strong>。请写下您最希望改进的问题，办公室会逐条研究并在查询页告诉您是否采纳。
          </p>
          <input type="hidden" name="campaign" value={String(campaign.id)} />
          <button type="button" class="button button--secondary" onClick={() => setCampaign(null)}>
            不参与点题，只是留言
          </button>
        </div>
      )}
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
          onChange={(event) => update('category', event.currentTarget.value)}
        >
          <option value="">请选择</option>
          {categories.map((category) => (
            <option key={category.code} value={category.code}>
              {category.label}
            </option>
          ))}
        </select>
      </div>

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

      {items.length > 0 && items.length === itemCount && (
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

      {items.length < itemCount && (
        <TextInput
          field="itemCode"
          label="相关整改事项编号"
          optional
          hint="如意见涉及台账中的某项整改事项，请填写其编号（在整改台账中可以查到）；从事项页面点“我要留言”会自动填好。"
          type="text"
          autoComplete="off"
          maxLength={32}
          value={values.itemCode}
          errors={errors}
          onValue={(value) => update('itemCode', value)}
        />
      )}

      <TextInput
        field="title"
        label="标题"
        optional
        hint={`用一句话概括，不超过 ${TITLE_MAX_LENGTH} 个字，可以不填。`}
        type="text"
        autoComplete="off"
        maxLength={TITLE_MAX_LENGTH}
        value={values.title}
        errors={errors}
        onValue={(value) => update('title', value)}
      />

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

      {/* The honeypot: hidden from people and screen readers; a bot that fills it is dropped. */}
      <div class="form-trap" aria-hidden="true">
        <label for="feedback-website">网址（请勿填写）</label>
        <input type="text" id="feedback-website" name="website" tabIndex={-1} autoComplete="off" />
      </div>

      <div class="form-actions">
        <button type="submit" class="button" disabled={sending !== ''}>
          {sending === 'checking' ? '正在进行安全校验…' : sending === 'sending' ? '正在提交…' : '提交意见'}
        </button>
      </div>
      <p class="pow-status" aria-live="polite">
        {sending === 'checking' ? '正在进行安全校验，通常只需几秒钟，请稍候。' : ''}
      </p>
    </form>
  );
}

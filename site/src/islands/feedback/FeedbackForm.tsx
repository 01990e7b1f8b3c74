// The 我要留言 form. It is a real HTML form posting to /feedback/submit, so it works with
// JavaScript off (the server answers with a receipt page and screens the opinion). With
// JavaScript on, this island takes over: it solves a proof-of-work challenge in a small worker
// while the form is filled in, checks the fields, posts JSON to the API and shows the tracking
// code and secret exactly once. Kept to plain fetch, hooks and standard controls for WeChat.
import { TITLE_MAX_LENGTH } from '../../../../server/domain/feedback-rules.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../../../server/domain/vocabulary.ts';
import { FEEDBACK_PLAIN_PATH } from '../../consts.ts';
import { SelectField, TextInput } from './fields.tsx';
import { ConsentField, ContactFields, ContentField, ErrorSummary, RoleFields } from './form-sections.tsx';
import { ReceiptView } from './Receipt.tsx';
import { type FeedbackCampaignOption, useFeedbackForm } from './use-feedback-form.ts';

export type { FeedbackCampaignOption };

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

export default function FeedbackForm({ items, itemCount, units, categories, bureauPhone, campaigns = [], presetCampaign }: FeedbackFormProps) {
  const { values, update, errors, summary, summaryRef, sending, receipt, clearReceipt, ready, formRef, onSubmit, campaign, setCampaign } = useFeedbackForm({
    acceptsItemCode: (code) => items.length < itemCount || items.some((item) => item.code === code),
    acceptsUnitCode: (code) => units.some((unit) => unit.code === code),
    campaigns,
    presetCampaign,
    bureauPhone,
  });

  if (receipt) {
    return <ReceiptView receipt={receipt} onAnother={clearReceipt} />;
  }

  const unitGroups = UNIT_KINDS.map((kind) => ({ kind, label: UNIT_KIND_LABELS[kind], units: units.filter((unit) => unit.kind === kind) })).filter(
    (group) => group.units.length > 0,
  );

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

      {summary && <ErrorSummary summary={summary} errors={errors} summaryRef={summaryRef} />}

      <RoleFields values={values} errors={errors} update={update} />

      <SelectField field="category" label="意见类别" required value={values.category} errors={errors} onValue={(value) => update('category', value)}>
        <option value="">请选择</option>
        {categories.map((category) => (
          <option key={category.code} value={category.code}>
            {category.label}
          </option>
        ))}
      </SelectField>

      {unitGroups.length > 0 && (
        <SelectField field="unitCode" label="相关学校/单位" value={values.unitCode} errors={errors} onValue={(value) => update('unitCode', value)}>
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
        </SelectField>
      )}

      {items.length > 0 && items.length === itemCount && (
        <SelectField field="itemCode" label="相关整改事项" value={values.itemCode} errors={errors} onValue={(value) => update('itemCode', value)}>
          <option value="">不涉及具体事项</option>
          {items.map((item) => (
            <option key={item.code} value={item.code}>
              {item.code} {item.title}
            </option>
          ))}
        </SelectField>
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

      <ContentField values={values} errors={errors} update={update} />

      <ContactFields values={values} errors={errors} update={update} />

      <ConsentField values={values} errors={errors} update={update} />

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

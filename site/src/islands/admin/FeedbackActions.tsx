// The steps the server says this person may take on this opinion now (feedback.actions): one
// button each, opening a small form with what that step needs. Every step sends the version the
// person saw; 409 means someone else got there first, and the opinion is loaded again.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, takeFeedbackAction } from './api.ts';
import { fieldErrors, useSubmission, useUnits } from './hooks.ts';
import { FEEDBACK_ACTION_LABELS, REJECT_REASON_LABELS, REJECT_REASONS, STEP_TEXT, TEXT_VISIBILITY_LABELS } from './labels.ts';
import { RedactionPreview } from './RedactionPreview.tsx';
import { REPLY_MAX_LENGTH, ReplyEditor, textLength } from './ReplyEditor.tsx';
import type { Feedback, FeedbackActionOption, FeedbackRecord } from './types.ts';
import { Field, FocusHeading, focusFirstInvalid, FormError } from './ui.tsx';

/** URL form of an action as the API names it: 'draft_reply' and 'draft-reply' are the same step. */
export function actionSlug(action: string): string {
  const slug = action.replace(/_/g, '-');
  return slug === 'follow-up-reopened' ? 'follow-up-reopen' : slug;
}

type FieldKind = 'textarea' | 'reason' | 'unit' | 'days' | 'reply';

interface ActionField {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  hint?: string;
}

const NOTE_MAX_LENGTH = 1000;
export const EXTENSION_MAX_DAYS = 10;

/** What each step asks for, by the API's body field names. */
const ACTION_FIELDS: Record<string, readonly ActionField[]> = {
  accept: [{ name: 'note', label: '受理说明', kind: 'textarea', required: false, hint: '写入办理记录。' }],
  reject: [
    { name: 'reason', label: '不予受理理由', kind: 'reason', required: true },
    { name: 'note', label: '说明', kind: 'textarea', required: true, hint: '请写明理由，必要时告知可以反映的其他渠道。' },
  ],
  assign: [
    { name: 'unitId', label: '转办给', kind: 'unit', required: true },
    { name: 'note', label: '转办说明', kind: 'textarea', required: false, hint: '对办理单位的要求。' },
  ],
  reassign: [
    { name: 'unitId', label: '改派给', kind: 'unit', required: true },
    { name: 'reason', label: '改派理由', kind: 'textarea', required: true },
  ],
  'hand-back': [{ name: 'reason', label: '退回理由', kind: 'textarea', required: true, hint: '例如：不属于本单位职责，建议转办相关科室。' }],
  'draft-reply': [
    { name: 'reply', label: '答复内容', kind: 'reply', required: true, hint: '提交后由办公室审核，审核通过才送达反映人。' },
  ],
  'return-reply': [{ name: 'comment', label: '修改意见', kind: 'textarea', required: true, hint: '办理单位会看到这段意见并据此修改答复。' }],
  'approve-reply': [
    { name: 'reply', label: '答复内容', kind: 'reply', required: false, hint: '可以直接修改后审核通过。审核通过后，答复即送达反映人。' },
  ],
  urge: [{ name: 'note', label: '督办要求', kind: 'textarea', required: false }],
  extend: [
    { name: 'days', label: '延长工作日数', kind: 'days', required: true, hint: `1～${EXTENSION_MAX_DAYS} 个工作日。每条意见只能延期一次，延期计入统计。` },
    { name: 'reason', label: '延期理由', kind: 'textarea', required: true },
  ],
  withhold: [{ name: 'reason', label: '不公开理由', kind: 'textarea', required: false }],
  'follow-up-explained': [{ name: 'outcome', label: '回访情况', kind: 'textarea', required: true, hint: '记录与反映人沟通、解释说明的经过和结果。' }],
  'follow-up-reopen': [
    { name: 'outcome', label: '回访情况', kind: 'textarea', required: true, hint: '写明需要重新办理的原因。提交后意见退回办理单位重新办理。' },
  ],
};

/** The server's name of a step from its URL name ('follow-up-reopen' → 'follow_up_reopened'). */
function actionOfSlug(slug: string): keyof typeof STEP_TEXT | undefined {
  const action = slug === 'follow-up-reopen' ? 'follow_up_reopened' : slug.replace(/-/g, '_');
  return action in STEP_TEXT ? (action as keyof typeof STEP_TEXT) : undefined;
}

/**
 * Who will read a field: the label comes from the server's one table (text-visibility.ts). A text
 * the writer may show to the submitter is internal until the 反映人可见 box is ticked.
 */
function visibilityOf(slug: string, fieldName: string): 'public' | 'internal' | 'choice' | undefined {
  const action = actionOfSlug(slug);
  return action ? STEP_TEXT[action].find((text) => text.field === fieldName)?.visibility : undefined;
}

function visibilityHint(slug: string, field: ActionField): string | undefined {
  const visibility = visibilityOf(slug, field.name);
  const who =
    visibility === 'public'
      ? `${TEXT_VISIBILITY_LABELS.public}：反映人查询办理进度时会看到。`
      : visibility === 'internal'
        ? `${TEXT_VISIBILITY_LABELS.internal}。`
        : visibility === 'choice'
          ? `默认${TEXT_VISIBILITY_LABELS.internal}；勾选下方“${TEXT_VISIBILITY_LABELS.public}”后反映人能看到。`
          : '';
  const hint = [field.hint, who].filter(Boolean).join('');
  return hint || undefined;
}

interface FeedbackActionsProps {
  feedback: Feedback;
  onDone: (record: FeedbackRecord, label: string) => void;
  onConflict: (message: string) => void;
}

export function FeedbackActions({ feedback, onDone, onConflict }: FeedbackActionsProps) {
  const [open, setOpen] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const options = feedback.actions.map((option) => ({ ...option, slug: actionSlug(option.action) }));
  const current = options.find((option) => option.slug === open);

  // A new version of the opinion (after any step) closes a form that was open for the old one.
  useEffect(() => setOpen(null), [feedback.version]);

  function close() {
    const opener = open ? buttons.current.get(open) : undefined;
    setOpen(null);
    opener?.focus();
  }

  if (options.length === 0) {
    return <p class="admin-muted">目前没有需要您办理的操作。</p>;
  }

  return (
    <>
      <div class="admin-actions" role="group" aria-label="可以进行的操作">
        {options.map((option) => (
          <button
            key={option.slug}
            type="button"
            class={option.slug === open ? 'button button--small' : 'button button--secondary button--small'}
            aria-expanded={option.slug === open}
            aria-controls={option.slug === open ? 'feedback-action-panel' : undefined}
            ref={(element) => {
              if (element) buttons.current.set(option.slug, element);
              else buttons.current.delete(option.slug);
            }}
            onClick={() => setOpen(option.slug === open ? null : option.slug)}
          >
            {option.label}
          </button>
        ))}
      </div>
      {current && (
        <ActionPanel
          key={current.slug}
          feedback={feedback}
          option={current}
          canWithhold={options.some((option) => option.slug === 'withhold')}
          onSwitch={setOpen}
          onCancel={close}
          onDone={onDone}
          onConflict={onConflict}
        />
      )}
    </>
  );
}

interface ActionPanelProps {
  feedback: Feedback;
  option: FeedbackActionOption & { slug: string };
  canWithhold: boolean;
  onSwitch: (slug: string) => void;
  onCancel: () => void;
  onDone: (record: FeedbackRecord, label: string) => void;
  onConflict: (message: string) => void;
}

function ActionPanel({ feedback, option, canWithhold, onSwitch, onCancel, onDone, onConflict }: ActionPanelProps) {
  const submission = useSubmission();
  const label = option.label || FEEDBACK_ACTION_LABELS[option.slug] || option.action;

  async function send(body: Record<string, unknown>) {
    const result = await submission.run(() => takeFeedbackAction(feedback.id, option.slug, { ...body, version: feedback.version }));
    if (result) onDone(result, label);
  }

  // 409: the opinion changed meanwhile. The detail shows the server's message and reloads.
  useEffect(() => {
    if (submission.error?.status === 409) onConflict(submission.error.message);
  }, [submission.error]);
  const error = submission.error?.status === 409 ? null : submission.error;

  return (
    <section id="feedback-action-panel" class="admin-panel" aria-labelledby="feedback-action-heading">
      <FocusHeading id="feedback-action-heading" level={3}>
        {label}
      </FocusHeading>
      {option.slug === 'publish' ? (
        <RedactionPreview
          feedback={feedback}
          busy={submission.busy}
          error={error}
          send={send}
          onCancel={onCancel}
          onWithhold={canWithhold ? () => onSwitch('withhold') : undefined}
        />
      ) : (
        <ActionForm feedback={feedback} slug={option.slug} label={label} busy={submission.busy} error={error} send={send} onCancel={onCancel} />
      )}
    </section>
  );
}

interface ActionFormProps {
  feedback: Feedback;
  slug: string;
  label: string;
  busy: boolean;
  error: ApiError | null;
  send: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

function initialValues(feedback: Feedback, slug: string, fields: readonly ActionField[]): Record<string, string> {
  const values: Record<string, string> = {};
  // The reply starts from the unit's draft (or the returned one); everything else starts empty.
  for (const field of fields) values[field.name] = field.kind === 'reply' ? (feedback.replyDraft ?? '') : '';
  // 转办 starts at the school or unit the submitter named, when there is one.
  if (slug === 'assign' && feedback.unitId !== null) values.unitId = String(feedback.unitId);
  return values;
}

function ActionForm({ feedback, slug, label, busy, error, send, onCancel }: ActionFormProps) {
  const fields = ACTION_FIELDS[slug] ?? [];
  const [values, setValues] = useState(() => initialValues(feedback, slug, fields));
  const choiceField = fields.find((field) => visibilityOf(slug, field.name) === 'choice');
  const [notePublic, setNotePublic] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const units = useUnits();
  const errors = { ...fieldErrors(error), ...problems };
  const labels = Object.fromEntries(fields.map((field) => [field.name, field.label]));

  function set(name: string, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
  }

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    for (const field of fields) {
      const value = (values[field.name] ?? '').trim();
      if (field.required && !value) {
        found[field.name] = field.kind === 'reason' || field.kind === 'unit' ? `请选择${field.label}。` : `请填写${field.label}。`;
      } else if (field.kind === 'days') {
        const days = Number(value);
        if (!Number.isInteger(days) || days < 1 || days > EXTENSION_MAX_DAYS) found[field.name] = `请填写 1～${EXTENSION_MAX_DAYS} 之间的整数。`;
      } else if (field.kind === 'reply' && textLength(value) > REPLY_MAX_LENGTH) {
        found[field.name] = `答复不能超过 ${REPLY_MAX_LENGTH} 字。`;
      } else if (field.kind === 'textarea' && value.length > NOTE_MAX_LENGTH) {
        found[field.name] = `${field.label}不能超过 ${NOTE_MAX_LENGTH} 字。`;
      }
    }
    return found;
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found = validate();
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const value = (values[field.name] ?? '').trim();
      if (!value) continue;
      if (field.kind === 'unit' || field.kind === 'days') body[field.name] = Number(value);
      // 审核通过 sends the reply only when the 办公室 changed the unit's draft.
      else if (slug === 'approve-reply' && field.kind === 'reply' && value === (feedback.replyDraft ?? '').trim()) continue;
      else body[field.name] = value;
    }
    if (choiceField && body[choiceField.name] !== undefined) body.notePublic = notePublic;
    await send(body);
  }

  const unitChoices = units.filter((unit) => slug !== 'reassign' || unit.id !== feedback.assignedUnitId);

  return (
    <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
      <FormError error={error} labels={labels} idPrefix={`action-${slug}`} />
      {slug === 'approve-reply' && !feedback.replyDraft && <p class="admin-muted">办理单位尚未提交答复草稿。</p>}
      {fields.map((field) => {
        const id = `action-${slug}-${field.name}`;
        const value = values[field.name] ?? '';
        const hint = visibilityHint(slug, field);
        const common = { id, label: field.label, hint, error: errors[field.name], required: field.required, optional: !field.required };
        switch (field.kind) {
          case 'reply':
            return (
              <ReplyEditor
                key={field.name}
                id={id}
                label={field.label}
                hint={hint}
                error={errors[field.name]}
                required={field.required}
                feedback={feedback}
                value={value}
                onChange={(next) => set(field.name, next)}
              />
            );
          case 'reason':
            return (
              <Field key={field.name} {...common}>
                {(control) => (
                  <select {...control} class="select" value={value} onChange={(event) => set(field.name, event.currentTarget.value)}>
                    <option value="">请选择</option>
                    {REJECT_REASONS.map((reason) => (
                      <option key={reason} value={reason}>
                        {REJECT_REASON_LABELS[reason]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            );
          case 'unit':
            return (
              <Field key={field.name} {...common}>
                {(control) => (
                  <select {...control} class="select" value={value} onChange={(event) => set(field.name, event.currentTarget.value)}>
                    <option value="">请选择学校或科室</option>
                    {(['department', 'school'] as const).map((kind) => {
                      const group = unitChoices.filter((unit) => unit.kind === kind);
                      if (group.length === 0) return null;
                      return (
                        <optgroup key={kind} label={group[0]!.kindLabel}>
                          {group.map((unit) => (
                            <option key={unit.id} value={String(unit.id)}>
                              {unit.name}
                            </option>
                          ))}
                        </optgroup>
                      );
                    })}
                  </select>
                )}
              </Field>
            );
          case 'days':
            return (
              <Field key={field.name} {...common}>
                {(control) => (
                  <input
                    {...control}
                    class="input admin-input--short"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={EXTENSION_MAX_DAYS}
                    step={1}
                    value={value}
                    onInput={(event) => set(field.name, event.currentTarget.value)}
                  />
                )}
              </Field>
            );
          default:
            return (
              <Field key={field.name} {...common}>
                {(control) => (
                  <textarea
                    {...control}
                    class="textarea admin-textarea--short"
                    rows={4}
                    maxLength={NOTE_MAX_LENGTH}
                    value={value}
                    onInput={(event) => set(field.name, event.currentTarget.value)}
                  />
                )}
              </Field>
            );
        }
      })}
      {choiceField && (
        <div class="field">
          <label class="check">
            <input type="checkbox" checked={notePublic} onChange={(event) => setNotePublic(event.currentTarget.checked)} />
            <span class="check__label">
              {TEXT_VISIBILITY_LABELS.public}：反映人查询办理进度时能看到这段{choiceField.label}
            </span>
          </label>
        </div>
      )}
      {fields.length === 0 && <p>确定要{label}吗？</p>}
      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
          {busy ? '正在提交…' : label}
        </button>
        <button type="button" class="admin-link-button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

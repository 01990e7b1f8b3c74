// The form of a ledger item: new, edited (only what changed is sent, with the version it was read
// at), or made from an opinion (source 群众点题, problem text prefilled with the masked opinion).
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ITEM_SOURCE_LABELS, ITEM_SOURCES, ITEM_STATUS_LABELS, ITEM_STATUSES, type ItemSource, type ItemStatus } from '../../../../server/domain/vocabulary.ts';
import { listUnits } from './api.ts';
import { fieldErrors, useLoad, useSubmission } from './hooks.ts';
import { type ItemCategory, type ItemDetail, type ItemFields, ledgerApi } from './ledger-api.ts';
import { topicApi } from './topic-api.ts';
import type { Unit } from './types.ts';
import { DateInput, Field, LoadError, Loading } from './ui.tsx';

/** fromFeedback with a campaignId: a 群众点题 nomination adopted as a new item (the decision and the item in one action). */
export type EditorMode = { kind: 'create' } | { kind: 'edit'; detail: ItemDetail } | { kind: 'fromFeedback'; feedbackId: number; campaignId?: number };

export interface LedgerItemEditorProps {
  mode: EditorMode;
  onSaved: (id: number, message: string) => void;
  onCancel: () => void;
}

const EMPTY: ItemFields = {
  title: '',
  problem: '',
  category: 'other',
  source: 'symposium',
  unitId: null,
  leaderName: '',
  leaderPost: '',
  measures: '',
  deadline: '',
  status: 'not_started',
  progress: 0,
  completedOn: null,
  progressSummary: '',
};

function fieldsOf(detail: ItemDetail): ItemFields {
  const { item } = detail;
  return {
    title: item.title,
    problem: item.problem,
    category: item.category,
    source: item.source,
    unitId: item.unitId,
    leaderName: item.leaderName,
    leaderPost: item.leaderPost,
    measures: item.measures,
    deadline: item.deadline,
    status: item.status,
    progress: item.progress,
    completedOn: item.completedOn,
    progressSummary: item.progressSummary,
  };
}

export function LedgerItemEditor({ mode, onSaved, onCancel }: LedgerItemEditorProps) {
  const categories = useLoad(() => ledgerApi.categories(), 'categories');
  const units = useLoad(() => listUnits(), 'units');
  const feedbackId = mode.kind === 'fromFeedback' ? mode.feedbackId : null;
  const draft = useLoad(() => (feedbackId === null ? Promise.resolve(null) : ledgerApi.feedbackDraft(feedbackId)), `draft-${feedbackId}`);
  if (categories.loading || units.loading || draft.loading) return <Loading label="正在加载……" />;
  const failure = categories.error ?? units.error ?? draft.error;
  if (failure) return <LoadError error={failure} />;
  const initial: ItemFields =
    mode.kind === 'edit'
      ? fieldsOf(mode.detail)
      : { ...EMPTY, ...(draft.data ? { problem: draft.data.draft.problem, unitId: draft.data.draft.unitId, source: 'public_topic' } : {}) };
  return (
    <ItemForm
      mode={mode}
      initial={initial}
      categories={categories.data!.categories}
      units={units.data!.units}
      feedbackNote={draft.data ? `意见 ${draft.data.feedback.trackingCode}（${draft.data.feedback.stateLabel}）` : null}
      onSaved={onSaved}
      onCancel={onCancel}
    />
  );
}

interface ItemFormProps extends LedgerItemEditorProps {
  initial: ItemFields;
  categories: ItemCategory[];
  units: Unit[];
  feedbackNote: string | null;
}

function ItemForm({ mode, initial, categories, units, feedbackNote, onSaved, onCancel }: ItemFormProps) {
  const [fields, setFields] = useState<ItemFields>(initial);
  const [code, setCode] = useState('');
  const [isPublished, setIsPublished] = useState(false);
  const [longTerm, setLongTerm] = useState(mode.kind === 'edit' && initial.deadline === null);
  const submission = useSubmission();
  // The nomination's decision answers for the new item's fields as `newItem.<field>`.
  const errors = Object.fromEntries(Object.entries(fieldErrors(submission.error)).map(([field, message]) => [field.replace(/^newItem\./, ''), message]));
  const set = <K extends keyof ItemFields>(key: K, value: ItemFields[K]) => setFields({ ...fields, [key]: value });
  const text = (key: 'title' | 'problem' | 'measures' | 'leaderName' | 'leaderPost' | 'progressSummary') => (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement, Event>) =>
    set(key, event.currentTarget.value);
  const prefix = mode.kind === 'edit' ? `item-${mode.detail.item.id}` : 'item-new';

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const values: ItemFields = { ...fields, deadline: longTerm ? null : fields.deadline || '', completedOn: fields.status === 'completed' ? fields.completedOn || null : null };
    if (mode.kind === 'edit') {
      const changed = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== initial[key as keyof ItemFields]));
      const result = await submission.run(() => ledgerApi.updateItem(mode.detail.item.id, { version: mode.detail.item.version, ...changed }));
      if (result) onSaved(result.id, result.changed.length > 0 ? '已保存修改。' : '没有需要保存的修改。');
    } else if (mode.kind === 'fromFeedback' && mode.campaignId !== undefined) {
      const { source: _source, ...newItem } = values;
      const result = await submission.run(() => topicApi.decide(mode.campaignId!, mode.feedbackId, { decision: 'adopted', newItem: { ...newItem, code: code.trim() } }));
      if (result?.itemId) onSaved(result.itemId, `点题已采纳，新建整改事项 ${result.itemCode}（来源：群众点题，尚未公开）。`);
    } else if (mode.kind === 'fromFeedback') {
      const result = await submission.run(() => ledgerApi.createFromFeedback(mode.feedbackId, { ...values, code: code.trim() }));
      if (result) onSaved(result.id, '已由群众意见新建整改事项，意见与事项已相互关联。');
    } else {
      const result = await submission.run(() => ledgerApi.createItem({ ...values, code: code.trim(), isPublished }));
      if (result) onSaved(result.id, '已新建整改事项。');
    }
  }

  const categoryOptions = categories.filter((category) => category.isActive || category.code === initial.category);
  return (
    <form class="admin-form" onSubmit={onSubmit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h1 id={`${prefix}-heading`} class="admin-heading">
        {mode.kind === 'edit' ? `修改事项 ${mode.detail.item.code}` : mode.kind === 'fromFeedback' ? (mode.campaignId !== undefined ? '采纳点题，新建整改事项' : '由群众意见新建整改事项') : '新建整改事项'}
      </h1>
      {feedbackNote && <p class="page-intro">来源：{feedbackNote}。问题描述已按公开版本或隐去个人信息后预填，请核对后保存。</p>}
      {submission.error && <LoadError error={submission.error} />}
      {mode.kind !== 'edit' && (
        <Field id={`${prefix}-code`} label="编号" required error={errors.code} hint="如 ZG-2026-001；保存后不能修改，公开页面的网址会用到它。">
          {(control) => <input class="input" {...control} value={code} onInput={(event) => setCode(event.currentTarget.value)} autoComplete="off" />}
        </Field>
      )}
      <Field id={`${prefix}-title`} label="标题" required error={errors.title}>
        {(control) => <input class="input" {...control} value={fields.title} onInput={text('title')} />}
      </Field>
      <Field id={`${prefix}-problem`} label="问题描述" required error={errors.problem}>
        {(control) => <textarea class="textarea" {...control} value={fields.problem} onInput={text('problem')} rows={4} />}
      </Field>
      <Field id={`${prefix}-category`} label="问题类别" required error={errors.category}>
        {(control) => (
          <select class="select" {...control} value={fields.category} onChange={(event) => set('category', event.currentTarget.value)}>
            {categoryOptions.map((category) => (
              <option value={category.code}>{category.label}</option>
            ))}
          </select>
        )}
      </Field>
      {mode.kind !== 'fromFeedback' && (
        <Field id={`${prefix}-source`} label="问题来源" required error={errors.source}>
          {(control) => (
            <select class="select" {...control} value={fields.source} onChange={(event) => set('source', event.currentTarget.value as ItemSource)}>
              {ITEM_SOURCES.map((source) => (
                <option value={source}>{ITEM_SOURCE_LABELS[source]}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field id={`${prefix}-unit`} label="责任单位" error={errors.unitId}>
        {(control) => (
          <select class="select" {...control} value={fields.unitId === null ? '' : String(fields.unitId)} onChange={(event) => set('unitId', event.currentTarget.value === '' ? null : Number(event.currentTarget.value))}>
            <option value="">待明确</option>
            {units.map((unit) => (
              <option value={String(unit.id)}>{unit.name}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${prefix}-leader`} label="责任领导（姓名）" error={errors.leaderName}>
        {(control) => <input class="input" {...control} value={fields.leaderName} onInput={text('leaderName')} />}
      </Field>
      <Field id={`${prefix}-post`} label="领导职务" error={errors.leaderPost} hint="如 党组成员、副局长">
        {(control) => <input class="input" {...control} value={fields.leaderPost} onInput={text('leaderPost')} />}
      </Field>
      <Field id={`${prefix}-measures`} label="整改措施" required error={errors.measures} hint="每条措施一行。">
        {(control) => <textarea class="textarea" {...control} value={fields.measures} onInput={text('measures')} rows={5} />}
      </Field>
      <fieldset class="field">
        <legend>
          整改时限<span class="field__required" aria-hidden="true">*</span>
        </legend>
        {errors.deadline && <span class="field__error">{errors.deadline}</span>}
        <label class="check">
          <input type="checkbox" checked={longTerm} onChange={(event) => setLongTerm(event.currentTarget.checked)} />
          <span class="check__label">长期坚持（没有截止日期）</span>
        </label>
        {!longTerm && (
          <label>
            截止日期
            <DateInput class="input" value={fields.deadline ?? ''} onInput={(event) => set('deadline', event.currentTarget.value)} aria-invalid={errors.deadline ? true : undefined} />
          </label>
        )}
      </fieldset>
      <Field id={`${prefix}-status`} label="整改状态" required error={errors.status}>
        {(control) => (
          <select
            class="select"
            {...control}
            value={fields.status}
            onChange={(event) => {
              const status = event.currentTarget.value as ItemStatus;
              setFields({ ...fields, status, progress: status === 'completed' ? 100 : fields.progress });
            }}
          >
            {ITEM_STATUSES.map((status) => (
              <option value={status}>{ITEM_STATUS_LABELS[status]}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${prefix}-progress`} label="整改进度（%）" required error={errors.progress}>
        {(control) => (
          <input class="input" type="number" min={0} max={100} step={1} {...control} value={fields.progress} onInput={(event) => set('progress', Number(event.currentTarget.value))} />
        )}
      </Field>
      {fields.status === 'completed' && (
        <Field id={`${prefix}-completed`} label="完成时间" error={errors.completedOn} hint="不填时记为今天。">
          {(control) => <DateInput class="input" {...control} value={fields.completedOn ?? ''} onInput={(event) => set('completedOn', event.currentTarget.value || null)} />}
        </Field>
      )}
      <Field id={`${prefix}-summary`} label="完成情况" error={errors.progressSummary} hint="整改进展和成效，公开显示。">
        {(control) => <textarea class="textarea" {...control} value={fields.progressSummary} onInput={text('progressSummary')} rows={3} />}
      </Field>
      {mode.kind === 'create' && (
        <label class="check">
          <input type="checkbox" checked={isPublished} onChange={(event) => setIsPublished(event.currentTarget.checked)} />
          <span class="check__label">保存后立即公开</span>
        </label>
      )}
      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={submission.busy} disabled={submission.busy}>
          {submission.busy ? '正在保存……' : '保存'}
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

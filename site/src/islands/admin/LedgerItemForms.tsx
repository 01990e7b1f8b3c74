// The ledger item's small forms: a progress update, an outcome, and a reason for taking something
// back (withdrawing the item, an update or an outcome). LedgerItemDetail.tsx opens them.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { bureauDate } from '../../../../server/domain/bureau-time.ts';
import { ITEM_STATUS_LABELS, ITEM_STATUSES, type ItemStatus, OUTCOME_KIND_LABELS, OUTCOME_KINDS, type OutcomeKind } from '../../../../server/domain/vocabulary.ts';
import { fieldErrors, useSubmission } from './hooks.ts';
import { ledgerApi } from './ledger-api.ts';
import { DateInput, Field, LoadError } from './ui.tsx';

export function ProgressUpdateForm({ itemId, status, progress, onDone }: { itemId: number; status: ItemStatus; progress: number; onDone: (message: string) => void }) {
  const [date, setDate] = useState(() => bureauDate(new Date()));
  const [content, setContent] = useState('');
  const [newStatus, setNewStatus] = useState<ItemStatus>(status);
  const [newProgress, setNewProgress] = useState(progress);
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const result = await submission.run(() => ledgerApi.addUpdate(itemId, { date, content, status: newStatus, progress: newProgress }));
    if (result) onDone('已发布整改进展。');
  }
  return (
    <form class="admin-panel" onSubmit={onSubmit} noValidate aria-label="发布整改进展">
      {submission.error && <LoadError error={submission.error} />}
      <Field id="update-date" label="进展日期" required error={errors.date}>
        {(control) => <DateInput class="input" {...control} value={date} onInput={(event) => setDate(event.currentTarget.value)} />}
      </Field>
      <Field id="update-content" label="进展情况" required error={errors.content}>
        {(control) => <textarea class="textarea" {...control} rows={3} value={content} onInput={(event) => setContent(event.currentTarget.value)} />}
      </Field>
      <Field id="update-status" label="更新后的状态" error={errors.status}>
        {(control) => (
          <select class="select" {...control} value={newStatus} onChange={(event) => setNewStatus(event.currentTarget.value as ItemStatus)}>
            {ITEM_STATUSES.map((code) => (
              <option value={code}>{ITEM_STATUS_LABELS[code]}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id="update-progress" label="更新后的进度（%）" error={errors.progress}>
        {(control) => <input class="input" type="number" min={0} max={100} {...control} value={newProgress} onInput={(event) => setNewProgress(Number(event.currentTarget.value))} />}
      </Field>
      <button type="submit" class="button" disabled={submission.busy}>
        发布
      </button>
    </form>
  );
}

export function OutcomeForm({ itemId, onDone }: { itemId: number; onDone: (message: string) => void }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<OutcomeKind>('rule');
  const [issuedOn, setIssuedOn] = useState(() => bureauDate(new Date()));
  const [url, setUrl] = useState('');
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const result = await submission.run(() => ledgerApi.addOutcome(itemId, { title, kind, issuedOn, ...(url.trim() ? { url: url.trim() } : {}) }));
    if (result) onDone('已添加制度成果。');
  }
  return (
    <form class="admin-panel" onSubmit={onSubmit} noValidate aria-label="添加制度成果">
      {submission.error && <LoadError error={submission.error} />}
      <Field id="outcome-title" label="成果名称" required error={errors.title} hint="如 示例县教育局会议管理办法（试行），不必加书名号。">
        {(control) => <input class="input" {...control} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />}
      </Field>
      <Field id="outcome-kind" label="类型" required error={errors.kind}>
        {(control) => (
          <select class="select" {...control} value={kind} onChange={(event) => setKind(event.currentTarget.value as OutcomeKind)}>
            {OUTCOME_KINDS.map((code) => (
              <option value={code}>{OUTCOME_KIND_LABELS[code]}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id="outcome-date" label="印发日期" required error={errors.issuedOn}>
        {(control) => <DateInput class="input" {...control} value={issuedOn} onInput={(event) => setIssuedOn(event.currentTarget.value)} />}
      </Field>
      <Field id="outcome-url" label="链接（选填）" error={errors.url} hint="http:// 或 https:// 开头的网址。">
        {(control) => <input class="input" type="url" {...control} value={url} onInput={(event) => setUrl(event.currentTarget.value)} />}
      </Field>
      <button type="submit" class="button" disabled={submission.busy}>
        添加
      </button>
    </form>
  );
}

/** A form that asks why before taking something back (撤回公开, 撤下成果, 撤回进展). */
export function ReasonForm({
  id,
  title,
  label,
  hint,
  submitLabel,
  send,
  onDone,
  onCancel,
}: {
  id: string;
  title: string;
  label: string;
  hint: string;
  submitLabel: string;
  send: (reason: string) => Promise<unknown>;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const [reason, setReason] = useState('');
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (await submission.run(() => send(reason))) onDone();
  }
  return (
    <form class="admin-panel" onSubmit={onSubmit} noValidate aria-label={title}>
      {submission.error && <LoadError error={submission.error} />}
      <Field id={`${id}-reason`} label={label} required error={errors.reason} hint={hint}>
        {(control) => <textarea class="textarea" {...control} rows={2} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
      </Field>
      <div class="admin-actions">
        <button type="submit" class="button" disabled={submission.busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button--secondary" onClick={onCancel}>
            取消
          </button>
        )}
      </div>
    </form>
  );
}

// One ledger item for the 台账管理员: its fields, a progress update, an outcome, publish or withdraw,
// and everything that happened to it (versions, updates, linked opinions).
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { bureauDate } from '../../../../server/domain/bureau-time.ts';
import { ITEM_STATUS_LABELS, ITEM_STATUSES, type ItemStatus, OUTCOME_KIND_LABELS, OUTCOME_KINDS, type OutcomeKind } from '../../../../server/domain/vocabulary.ts';
import { fieldErrors, useAdminSession, useSubmission } from './hooks.ts';
import { type ItemDetail, ledgerApi } from './ledger-api.ts';
import { mayOpen } from './routing.ts';
import { DateInput, Field, LoadError } from './ui.tsx';
import { bureauDateTime } from '../../../../server/domain/bureau-time.ts';

export interface LedgerItemDetailProps {
  detail: ItemDetail;
  canEdit: boolean;
  href: (path: string) => string;
  /** Reload after a change, with a message to announce. */
  onChanged: (message: string) => void;
}

export function LedgerItemDetail({ detail, canEdit, href, onChanged }: LedgerItemDetailProps) {
  const { item } = detail;
  const [panel, setPanel] = useState<'update' | 'outcome' | 'withdraw' | null>(null);
  // The outcome or update being taken back (its reason form is open below it).
  const [taking, setTaking] = useState<{ kind: 'outcome' | 'update'; id: number } | null>(null);
  const publishing = useSubmission();
  return (
    <article class="admin-ledger-item" aria-labelledby="ledger-item-heading">
      <p>
        <a href={href('/')}>← 返回整改台账</a>
      </p>
      <h1 id="ledger-item-heading" class="admin-heading">
        <code>{item.code}</code> {item.title}
      </h1>
      <p>
        {item.statusLabel}，进度 {item.progress}%{item.isOverdue && <strong class="admin-overdue">，已逾期</strong>} ·{' '}
        {item.isPublished ? '已公开' : '未公开'} · 版本 {item.version}
      </p>
      {canEdit && (
        <div class="admin-toolbar">
          <a class="button" href={href(`/items/${item.id}/edit`)}>
            修改事项
          </a>
          <button type="button" class="button button--secondary" aria-expanded={panel === 'update'} onClick={() => setPanel(panel === 'update' ? null : 'update')}>
            发布进展
          </button>
          <button type="button" class="button button--secondary" aria-expanded={panel === 'outcome'} onClick={() => setPanel(panel === 'outcome' ? null : 'outcome')}>
            添加制度成果
          </button>
          {item.isPublished ? (
            <button type="button" class="button button--secondary" aria-expanded={panel === 'withdraw'} onClick={() => setPanel(panel === 'withdraw' ? null : 'withdraw')}>
              撤回公开
            </button>
          ) : (
            <button
              type="button"
              class="button button--secondary"
              disabled={publishing.busy}
              onClick={async () => {
                if (await publishing.run(() => ledgerApi.publish(item.id))) onChanged('事项已公开，网站下次更新后可见。');
              }}
            >
              公开
            </button>
          )}
        </div>
      )}
      {publishing.error && <LoadError error={publishing.error} />}
      {panel === 'update' && <ProgressUpdateForm itemId={item.id} status={item.status} progress={item.progress} onDone={(message) => (setPanel(null), onChanged(message))} />}
      {panel === 'outcome' && <OutcomeForm itemId={item.id} onDone={(message) => (setPanel(null), onChanged(message))} />}
      {panel === 'withdraw' && (
        <ReasonForm
          id="withdraw"
          title="撤回公开"
          label="撤回理由"
          hint="记入审计日志，不公开。"
          submitLabel="撤回公开"
          send={(reason) => ledgerApi.withdraw(item.id, reason)}
          onDone={() => (setPanel(null), onChanged('已撤回公开，网站下次更新后不再显示该事项。'))}
        />
      )}

      <dl class="admin-facts">
        <dt>问题类别</dt>
        <dd>{item.categoryLabel}</dd>
        <dt>问题来源</dt>
        <dd>
          {item.sourceLabel}
          {item.sourceFeedback && (
            <>
              （意见 <FeedbackLink id={item.sourceFeedback.id} code={item.sourceFeedback.trackingCode} />）
            </>
          )}
        </dd>
        <dt>责任单位</dt>
        <dd>{item.unitName ?? '待明确'}</dd>
        <dt>责任领导</dt>
        <dd>{item.leader || '—'}</dd>
        <dt>整改时限</dt>
        <dd>{item.deadline ?? '长期坚持'}</dd>
        <dt>完成时间</dt>
        <dd>{item.completedOn ?? '—'}</dd>
        <dt>问题描述</dt>
        <dd class="admin-pre">{item.problem}</dd>
        <dt>整改措施</dt>
        <dd class="admin-pre">{item.measures}</dd>
        <dt>完成情况</dt>
        <dd class="admin-pre">{item.progressSummary || '—'}</dd>
      </dl>

      <h2>整改进展</h2>
      {detail.updates.length === 0 ? (
        <p>暂无进展。</p>
      ) : (
        <ol class="admin-list">
          {[...detail.updates].reverse().map((update) => (
            <li key={update.id} class={update.isPublished ? undefined : 'admin-muted'}>
              <strong>{update.date}</strong> {update.content}（{update.statusLabel ?? '—'}，{update.progress ?? '—'}%）{update.authorName && <span class="admin-muted"> {update.authorName}</span>}
              {!update.isPublished && <span class="badge admin-badge--plain">已撤回</span>}
              {canEdit && update.isPublished && (
                <>
                  {' '}
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    aria-expanded={taking?.kind === 'update' && taking.id === update.id}
                    aria-label={`撤回 ${update.date} 的进展`}
                    onClick={() => setTaking({ kind: 'update', id: update.id })}
                  >
                    撤回
                  </button>
                </>
              )}
              {taking?.kind === 'update' && taking.id === update.id && (
                <ReasonForm
                  id={`update-${update.id}`}
                  title={`撤回 ${update.date} 的进展`}
                  label="撤回理由"
                  hint="进展不再在网站上显示；修改记录中留下“撤回进展”。事项本身的进度和状态不变，如也有误，请另行修改。"
                  submitLabel="撤回进展"
                  send={(reason) => ledgerApi.withdrawUpdate(item.id, update.id, reason)}
                  onDone={() => (setTaking(null), onChanged('已撤回这条进展，网站下次更新后不再显示。'))}
                  onCancel={() => setTaking(null)}
                />
              )}
            </li>
          ))}
        </ol>
      )}

      <h2>制度成果</h2>
      {detail.outcomes.length === 0 ? (
        <p>暂无制度成果。</p>
      ) : (
        <ul class="admin-list">
          {detail.outcomes.map((outcome) => (
            <li key={outcome.id}>
              [{outcome.kindLabel}] 《{outcome.title}》，{outcome.issuedOn}印发
              {outcome.url && (
                <>
                  {' '}
                  <a href={outcome.url} rel="noopener noreferrer" target="_blank">
                    链接
                  </a>
                </>
              )}
              {canEdit && (
                <>
                  {' '}
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    aria-expanded={taking?.kind === 'outcome' && taking.id === outcome.id}
                    aria-label={`撤下 《${outcome.title}》`}
                    onClick={() => setTaking({ kind: 'outcome', id: outcome.id })}
                  >
                    撤下
                  </button>
                </>
              )}
              {taking?.kind === 'outcome' && taking.id === outcome.id && (
                <ReasonForm
                  id={`outcome-${outcome.id}`}
                  title={`撤下 《${outcome.title}》`}
                  label="撤下理由"
                  hint="成果不再在网站上显示；修改记录中留下它的名称和“撤下制度成果”。"
                  submitLabel="撤下成果"
                  send={(reason) => ledgerApi.removeOutcome(item.id, outcome.id, reason)}
                  onDone={() => (setTaking(null), onChanged(`已撤下《${outcome.title}》。`))}
                  onCancel={() => setTaking(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}

      {detail.feedback.length > 0 && (
        <>
          <h2>相关意见</h2>
          <ul class="admin-list">
            {detail.feedback.map((feedback) => (
              <li key={feedback.id}>
                <FeedbackLink id={feedback.id} code={feedback.trackingCode} />（{feedback.statusLabel}
                {feedback.publication === 'published' ? '，已公开' : ''}）
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>修改记录</h2>
      <table class="admin-table admin-table--compact">
        <caption class="visually-hidden">每个版本的修改</caption>
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">操作</th>
            <th scope="col">修改内容</th>
          </tr>
        </thead>
        <tbody>
          {[...detail.versions].reverse().map((version) => (
            <tr key={version.version}>
              <td>{version.version}</td>
              <td>{formatInstant(version.at)}</td>
              <td>{version.actorName}</td>
              <td>
                {version.actionLabel}
                {version.note && <span class="admin-muted">：{version.note}</span>}
              </td>
              <td>
                {version.changes.length === 0
                  ? '—'
                  : version.changes.map((change) => (
                      <div>
                        {change.label}：{shorten(change.from) ?? '（空）'} → {shorten(change.to) ?? '（空）'}
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

/** '2026-11-24T02:00:00.000Z' → '2026-11-24 10:00' in Beijing time. */
function formatInstant(iso: string): string {
  return bureauDateTime(iso);
}

function shorten(text: string | null): string | null {
  if (text === null) return null;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function ProgressUpdateForm({ itemId, status, progress, onDone }: { itemId: number; status: ItemStatus; progress: number; onDone: (message: string) => void }) {
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

function OutcomeForm({ itemId, onDone }: { itemId: number; onDone: (message: string) => void }) {
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
function ReasonForm({
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

/** An opinion's tracking code, a link to it for those who work on opinions (the 办公室). */
function FeedbackLink({ id, code }: { id: number; code: string }) {
  const { roles } = useAdminSession().user;
  return mayOpen('inbox', roles) ? <a href={`#/feedback/${id}`}>{code}</a> : <>{code}</>;
}

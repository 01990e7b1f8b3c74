// One ledger item for the 台账管理员: its fields, a progress update, an outcome, publish or withdraw,
// and everything that happened to it (versions, updates, linked opinions).
import { useState } from 'preact/hooks';
import { useSubmission } from './hooks.ts';
import { type ItemDetail, ledgerApi } from './ledger-api.ts';
import { OutcomeForm, ProgressUpdateForm, ReasonForm } from './LedgerItemForms.tsx';
import { FeedbackLink, ItemFeedback, ItemOutcomes, ItemUpdates, ItemVersions, type Taking } from './LedgerItemHistory.tsx';
import { LoadError } from './ui.tsx';

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
  const [taking, setTaking] = useState<Taking>(null);
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

      <ItemUpdates detail={detail} canEdit={canEdit} taking={taking} setTaking={setTaking} onChanged={onChanged} />
      <ItemOutcomes detail={detail} canEdit={canEdit} taking={taking} setTaking={setTaking} onChanged={onChanged} />
      <ItemFeedback detail={detail} />
      <ItemVersions detail={detail} />
    </article>
  );
}

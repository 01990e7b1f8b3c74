// What happened to a ledger item, under its facts: its progress updates and outcomes (each with
// its 撤回 / 撤下 and the reason form), the opinions linked to it, and every version's changes.
import { useAdminSession } from './hooks.ts';
import { type ItemDetail, ledgerApi } from './ledger-api.ts';
import { ReasonForm } from './LedgerItemForms.tsx';
import { ListTable } from './list-screen.tsx';
import { bureauDateTime } from '../../../../server/domain/bureau-time.ts';
import { mayOpen } from './routing.ts';

/** The update or outcome being taken back (its reason form is open below it). */
export type Taking = { kind: 'outcome' | 'update'; id: number } | null;

interface HistoryProps {
  detail: ItemDetail;
  canEdit: boolean;
  taking: Taking;
  setTaking: (taking: Taking) => void;
  onChanged: (message: string) => void;
}

export function ItemUpdates({ detail, canEdit, taking, setTaking, onChanged }: HistoryProps) {
  const { item } = detail;
  return (
    <>
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
    </>
  );
}

export function ItemOutcomes({ detail, canEdit, taking, setTaking, onChanged }: HistoryProps) {
  const { item } = detail;
  return (
    <>
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
    </>
  );
}

export function ItemFeedback({ detail }: { detail: ItemDetail }) {
  if (detail.feedback.length === 0) return null;
  return (
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
  );
}

export function ItemVersions({ detail }: { detail: ItemDetail }) {
  return (
    <>
      <h2>修改记录</h2>
      <ListTable caption="每个版本的修改" compact actions={false} columns={['版本', '时间', '操作人', '操作', '修改内容']}>
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
      </ListTable>
    </>
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

/** An opinion's tracking code, a link to it for those who work on opinions (the 办公室). */
export function FeedbackLink({ id, code }: { id: number; code: string }) {
  const { roles } = useAdminSession().user;
  return mayOpen('inbox', roles) ? <a href={`#/feedback/${id}`}>{code}</a> : <>{code}</>;
}

// 审计日志: every administrative action, who took it and when (等保 2.0 asks for such records).
// Read-only; filters live in the URL fragment like the inbox's, and the same filters export CSV.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { auditCsvUrl, listAudit, listUsers, toQuery } from './api.ts';
import { useAdminSession, useLoad } from './hooks.ts';
import { AUDIT_OBJECT_TYPE_LABELS } from './labels.ts';
import { href, mayOpen, navigate, positiveInt } from './routing.ts';
import type { AuditEntry } from './types.ts';
import { DateInput, DateTime, Field, LoadError, Pager, ScreenHeading } from './ui.tsx';

export const AUDIT_PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface AuditFilters {
  action: string;
  userId: string;
  objectType: string;
  from: string;
  to: string;
}

function filtersFromQuery(query: URLSearchParams): AuditFilters {
  const date = (name: string) => {
    const value = query.get(name) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    action: (query.get('action') ?? '').trim(),
    userId: positiveInt(query.get('userId'))?.toString() ?? '',
    objectType: query.get('objectType') ?? '',
    from: date('from'),
    to: date('to'),
  };
}

/** Extra facts of an entry, one "key: value" per line; nested values as JSON. */
function describeDetails(details: unknown): string | null {
  if (details === null || details === undefined || details === '') return null;
  if (typeof details === 'string') return details;
  if (typeof details !== 'object') return String(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join('\n');
}

export function AuditLog({ query }: { query: URLSearchParams }) {
  const queryKey = query.toString();
  const applied = filtersFromQuery(query);
  const page = positiveInt(query.get('page')) ?? 1;
  const [values, setValues] = useState<AuditFilters>(applied);
  const users = useLoad(listUsers, 'audit-users');

  useEffect(() => setValues(filtersFromQuery(query)), [queryKey]);

  const filterQuery = toQuery({ ...applied });
  const apiQuery = toQuery({ ...applied, page, pageSize: AUDIT_PAGE_SIZE });
  const result = useLoad(() => listAudit(apiQuery), apiQuery);
  const data = result.data;
  const seenActions = new Map<string, string>();
  for (const entry of data?.entries ?? []) seenActions.set(entry.action, entry.actionLabel ?? entry.action);

  function set<K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const next = { ...values, action: values.action.trim() };
    if (next.from && next.to && next.from > next.to) [next.from, next.to] = [next.to, next.from];
    if (toQuery({ ...next }) === filterQuery && page === 1) result.reload();
    else navigate('/audit', { ...next });
  }

  const hasFilters = filterQuery !== '';
  const summary = result.loading
    ? '正在查询…'
    : data
      ? data.total === 0
        ? '没有符合条件的记录。'
        : `共 ${data.total} 条记录${data.total > data.pageSize ? `，第 ${data.page} / ${Math.ceil(data.total / data.pageSize)} 页` : ''}。`
      : '';

  return (
    <>
      <ScreenHeading title="审计日志">审计日志</ScreenHeading>
      <p class="page-intro">登录、查看联系方式、办理意见、账号和设置的每一次变更都记录在这里，记录不能修改或删除。</p>
      <form class="admin-filters" noValidate onSubmit={onSubmit} aria-labelledby="audit-filter-heading">
        <h2 id="audit-filter-heading" class="visually-hidden">
          筛选条件
        </h2>
        <div class="admin-filters__grid">
          <Field id="audit-action" label="操作" hint="操作代码，如 contact.view">
            {(control) => (
              <>
                <input
                  {...control}
                  class="input"
                  list="audit-action-options"
                  autoCapitalize="none"
                  spellcheck={false}
                  value={values.action}
                  onInput={(event) => set('action', event.currentTarget.value)}
                />
                <datalist id="audit-action-options">
                  {[...seenActions].map(([action, label]) => (
                    <option key={action} value={action}>
                      {label}
                    </option>
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field id="audit-user" label="操作人">
            {(control) => (
              <select {...control} class="select" value={values.userId} onChange={(event) => set('userId', event.currentTarget.value)}>
                <option value="">全部人员</option>
                {(users.data?.users ?? []).map((user) => (
                  <option key={user.id} value={String(user.id)}>
                    {user.displayName}（{user.username}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="audit-objectType" label="对象类型">
            {(control) => (
              <select {...control} class="select" value={values.objectType} onChange={(event) => set('objectType', event.currentTarget.value)}>
                <option value="">全部类型</option>
                {Object.entries(AUDIT_OBJECT_TYPE_LABELS).map(([type, label]) => (
                  <option key={type} value={type}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="audit-from" label="日期自">
            {(control) => <DateInput {...control} class="input" value={values.from} onInput={(event) => set('from', event.currentTarget.value)} />}
          </Field>
          <Field id="audit-to" label="日期至">
            {(control) => <DateInput {...control} class="input" value={values.to} onInput={(event) => set('to', event.currentTarget.value)} />}
          </Field>
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            查询
          </button>
          {hasFilters && (
            <a class="button button--secondary" href="#/audit">
              清除筛选
            </a>
          )}
          <a class="admin-link-button" href={auditCsvUrl(filterQuery)} download>
            导出 CSV（按当前筛选条件）
          </a>
        </div>
      </form>

      <section class="admin-section" aria-labelledby="audit-results-heading">
        <h2 id="audit-results-heading">记录</h2>
        <p role="status" class="admin-results-summary">
          {summary}
        </p>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        {data && data.entries.length > 0 && (
          <>
            <AuditTable entries={data.entries} />
            <Pager
              label="审计日志分页"
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              pageHref={(target) => href('/audit', { ...applied, page: target > 1 ? target : undefined })}
            />
          </>
        )}
      </section>
    </>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { user } = useAdminSession();
  const linkFeedback = mayOpen('inbox', user.roles);
  return (
    <table class="admin-table admin-audit">
      <thead>
        <tr>
          <th scope="col">时间</th>
          <th scope="col">操作人</th>
          <th scope="col">操作</th>
          <th scope="col">对象</th>
          <th scope="col">原因和详情</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const details = describeDetails(entry.details);
          const typeLabel = AUDIT_OBJECT_TYPE_LABELS[entry.objectType] ?? entry.objectType;
          return (
            <tr key={entry.id}>
              <td class="admin-nowrap">
                <DateTime iso={entry.at} />
              </td>
              <td>{entry.actorName ?? <span class="admin-muted">系统或公众</span>}</td>
              <td>
                {entry.actionLabel ?? entry.action}
                <code class="admin-small admin-muted admin-block-code">{entry.action}</code>
              </td>
              <td>
                {linkFeedback && entry.objectType === 'feedback' && entry.objectId !== null ? (
                  <a href={`#/feedback/${entry.objectId}`}>
                    {typeLabel} #{entry.objectId}
                  </a>
                ) : (
                  <>
                    {typeLabel}
                    {entry.objectId !== null && ` #${entry.objectId}`}
                  </>
                )}
              </td>
              <td>
                {entry.reason && <span class="admin-text">{entry.reason}</span>}
                {details && <span class="admin-text admin-small admin-muted">{details}</span>}
                {!entry.reason && !details && <span class="admin-muted">—</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

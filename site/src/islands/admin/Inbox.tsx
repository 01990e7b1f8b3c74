// 意见办理: the inbox. The filters are a plain form whose values live in the URL fragment
// (#/inbox?state=pending&overdue=true&page=2), so a filtered list can be bookmarked, sent to a
// colleague and reached from the dashboard's tiles.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { listFeedback, toQuery } from './api.ts';
import { useAdminSession, useCategoryOptions, useLoad, useUnits } from './hooks.ts';
import { FEEDBACK_STATE_LABELS, FEEDBACK_STATES, SUBMITTER_ROLE_LABELS, SUBMITTER_ROLES } from './labels.ts';
import { href, navigate, positiveInt, rememberInbox } from './routing.ts';
import type { InboxItem } from './types.ts';
import { Checkbox, DateTime, DueDate, Field, LoadError, Pager, ScreenHeading, StateBadge } from './ui.tsx';

export const INBOX_PAGE_SIZE = 20;

interface InboxFilters {
  state: string;
  unitId: string;
  category: string;
  role: string;
  overdue: boolean;
  dueSoon: boolean;
  screening: boolean;
  followUp: boolean;
  from: string;
  to: string;
  q: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function filtersFromQuery(query: URLSearchParams): InboxFilters {
  const date = (name: string) => {
    const value = query.get(name) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    state: query.get('state') ?? '',
    unitId: positiveInt(query.get('unitId'))?.toString() ?? '',
    category: query.get('category') ?? '',
    role: query.get('role') ?? '',
    overdue: query.get('overdue') === 'true',
    dueSoon: query.get('dueSoon') === 'true',
    screening: query.get('screening') === 'true',
    followUp: query.get('followUp') === 'true',
    from: date('from'),
    to: date('to'),
    q: (query.get('q') ?? '').trim(),
  };
}

function hasFilters(filters: InboxFilters): boolean {
  return Object.values(filters).some((value) => value !== '' && value !== false);
}

export function Inbox({ query }: { query: URLSearchParams }) {
  const { user } = useAdminSession();
  const queryKey = query.toString();
  const applied = filtersFromQuery(query);
  const page = positiveInt(query.get('page')) ?? 1;
  const [values, setValues] = useState<InboxFilters>(applied);
  const units = useUnits();
  const categories = useCategoryOptions();
  // A 经办人 sees only their own unit's opinions: a unit filter would offer nothing.
  const showUnitFilter = user.roles.includes('office') && units.length > 0;

  useEffect(() => {
    setValues(filtersFromQuery(query));
    rememberInbox(query);
  }, [queryKey]);

  const apiQuery = toQuery({ ...applied, page, pageSize: INBOX_PAGE_SIZE });
  const result = useLoad(() => listFeedback(apiQuery), apiQuery);

  // Paging moves focus to the results, which now start above the link that was used.
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const shownPage = useRef(page);
  useEffect(() => {
    if (result.loading || shownPage.current === page) return;
    shownPage.current = page;
    resultsHeading.current?.focus();
  }, [page, result.loading]);

  function set<K extends keyof InboxFilters>(key: K, value: InboxFilters[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const next = { ...values, q: values.q.trim() };
    if (next.from && next.to && next.from > next.to) [next.from, next.to] = [next.to, next.from];
    if (toQuery({ ...next }) === toQuery({ ...applied }) && page === 1) result.reload();
    else navigate('/inbox', { ...next });
  }

  const data = result.data;
  const summary = result.loading
    ? '正在查询…'
    : result.error
      ? ''
      : data && data.total === 0
        ? hasFilters(applied)
          ? '没有符合条件的意见。'
          : '目前没有意见。'
        : data
          ? `共 ${data.total} 条意见${data.total > data.pageSize ? `，第 ${data.page} / ${Math.ceil(data.total / data.pageSize)} 页` : ''}。`
          : '';

  return (
    <>
      <ScreenHeading title="意见办理">意见办理</ScreenHeading>
      <form class="admin-filters" noValidate onSubmit={onSubmit} aria-labelledby="inbox-filter-heading">
        <h2 id="inbox-filter-heading" class="visually-hidden">
          筛选条件
        </h2>
        <div class="admin-filters__grid">
          <Field id="inbox-q" label="关键词" hint="查询码、标题或内容">
            {(control) => (
              <input {...control} class="input" type="search" value={values.q} onInput={(event) => set('q', event.currentTarget.value)} />
            )}
          </Field>
          <Field id="inbox-state" label="状态">
            {(control) => (
              <select {...control} class="select" value={values.state} onChange={(event) => set('state', event.currentTarget.value)}>
                <option value="">全部状态</option>
                {FEEDBACK_STATES.map((state) => (
                  <option key={state} value={state}>
                    {FEEDBACK_STATE_LABELS[state]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {showUnitFilter && (
            <Field id="inbox-unit" label="学校/单位">
              {(control) => (
                <select {...control} class="select" value={values.unitId} onChange={(event) => set('unitId', event.currentTarget.value)}>
                  <option value="">全部单位</option>
                  {units.map((unit) => (
                    <option key={unit.id} value={String(unit.id)}>
                      {unit.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field id="inbox-category" label="类别">
            {(control) => (
              <select {...control} class="select" value={values.category} onChange={(event) => set('category', event.currentTarget.value)}>
                <option value="">全部类别</option>
                {categories.map((category) => (
                  <option key={category.code} value={category.code}>
                    {category.label}
                    {category.isActive ? '' : '（已停用）'}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="inbox-role" label="反映人身份">
            {(control) => (
              <select {...control} class="select" value={values.role} onChange={(event) => set('role', event.currentTarget.value)}>
                <option value="">全部身份</option>
                {SUBMITTER_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {SUBMITTER_ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="inbox-from" label="提交日期自">
            {(control) => <input {...control} class="input" type="date" value={values.from} onInput={(event) => set('from', event.currentTarget.value)} />}
          </Field>
          <Field id="inbox-to" label="提交日期至">
            {(control) => <input {...control} class="input" type="date" value={values.to} onInput={(event) => set('to', event.currentTarget.value)} />}
          </Field>
        </div>
        <fieldset class="admin-filters__checks">
          <legend class="visually-hidden">期限和其他条件</legend>
          <Checkbox id="inbox-overdue" label="已逾期" checked={values.overdue} onChange={(checked) => set('overdue', checked)} />
          <Checkbox id="inbox-dueSoon" label="1个工作日内到期" checked={values.dueSoon} onChange={(checked) => set('dueSoon', checked)} />
          <Checkbox id="inbox-followUp" label="待回访" checked={values.followUp} onChange={(checked) => set('followUp', checked)} />
          <Checkbox id="inbox-screening" label="待甄别" checked={values.screening} onChange={(checked) => set('screening', checked)} />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button">
            查询
          </button>
          {hasFilters(applied) && (
            <a class="button button--secondary" href="#/inbox">
              清除筛选
            </a>
          )}
        </div>
      </form>

      <section class="admin-section" aria-labelledby="inbox-results-heading">
        <h2 id="inbox-results-heading" tabIndex={-1} ref={resultsHeading}>
          查询结果
        </h2>
        <p role="status" class="admin-results-summary">
          {summary}
        </p>
        {result.error && <LoadError error={result.error} onRetry={result.reload} />}
        {data && data.items.length > 0 && (
          <>
            <InboxTable items={data.items} busy={result.loading} />
            <Pager
              label="意见列表分页"
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              pageHref={(target) => href('/inbox', { ...applied, page: target > 1 ? target : undefined })}
            />
          </>
        )}
      </section>
    </>
  );
}

function InboxTable({ items, busy }: { items: InboxItem[]; busy: boolean }) {
  return (
    <table class="admin-table admin-inbox" aria-busy={busy ? 'true' : undefined}>
      <thead>
        <tr>
          <th scope="col">查询码</th>
          <th scope="col">意见</th>
          <th scope="col">状态和办理单位</th>
          <th scope="col">期限</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} class={item.overdue ? 'admin-row--overdue' : undefined}>
            <td class="admin-inbox__code">
              <a href={`#/feedback/${item.id}`}>{item.trackingCode}</a>
              <span class="admin-small admin-muted">
                <DateTime iso={item.submittedAt} />
              </span>
            </td>
            <td class="admin-inbox__text">
              {item.title && <span class="admin-inbox__title">{item.title}</span>}
              <span class="admin-inbox__excerpt">{item.excerpt}</span>
              <span class="admin-small admin-muted">
                {item.categoryLabel} · {item.roleLabel}
                {item.unitName && ` · ${item.unitName}`}
              </span>
            </td>
            <td>
              <span class="badges">
                <StateBadge state={item.state} label={item.stateLabel} />
                {item.needsScreening && <span class="badge admin-badge--flag">待甄别</span>}
                {item.urgeCount > 0 && <span class="badge admin-badge--flag">督办 {item.urgeCount} 次</span>}
                {item.followUp === 'open' && <span class="badge admin-badge--flag">待回访</span>}
              </span>
              {item.assignedUnitName && <span class="admin-small">{item.assignedUnitName}</span>}
            </td>
            <td>
              <DueDate dueOn={item.dueOn} dueKind={item.dueKind} overdue={item.overdue} dueSoon={item.dueSoon} provisional={item.provisional} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// 意见办理: the inbox. The filters are a plain form whose values live in the URL fragment
// (#/inbox?state=pending&overdue=true&page=2), so a filtered list can be bookmarked, sent to a
// colleague and reached from the dashboard's tiles. They fold into one line (keyword, 查询, and a
// 筛选 button with the count of those applied); the list under them can be exported as it is, and
// the 办公室 can select several opinions and 受理 / 转办 / 督办 them at once.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { bulkFeedbackAction, feedbackExportUrl, listFeedback, toQuery } from './api.ts';
import { useAdminSession, useCategoryOptions, useLoad, useSubmission, useUnits } from './hooks.ts';
import { FEEDBACK_STATE_LABELS, FEEDBACK_STATES, SUBMITTER_ROLE_LABELS, SUBMITTER_ROLES } from './labels.ts';
import { href, navigate, positiveInt, rememberInbox } from './routing.ts';
import type { BulkResult, InboxItem } from './types.ts';
import { Checkbox, DATE_INPUT_HINT, DateInput, DateTime, DueDate, Field, FormError, LoadError, normalizeDateText, Pager, ScreenHeading, SelectField, StateBadge } from './ui.tsx';

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

/** How many filters behind the 筛选 button are applied (the keyword is on the line itself). */
export function countFolded(filters: InboxFilters): number {
  const { q: _q, ...folded } = filters;
  return Object.values(folded).filter((value) => value !== '' && value !== false).length;
}

export function Inbox({ query }: { query: URLSearchParams }) {
  const { user } = useAdminSession();
  const queryKey = query.toString();
  const applied = filtersFromQuery(query);
  const page = positiveInt(query.get('page')) ?? 1;
  const [values, setValues] = useState<InboxFilters>(applied);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [dateErrors, setDateErrors] = useState<{ from?: string; to?: string }>({});
  const isOffice = user.roles.includes('office');
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
  // Selected opinions (by id) for 批量办理; a new page or filter starts with none.
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => setSelected(new Set()), [apiQuery]);

  function afterBulk() {
    setSelected(new Set());
    result.reload();
  }

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
    const next = { ...values, q: values.q.trim(), from: normalizeDateText(values.from), to: normalizeDateText(values.to) };
    const wrong = {
      ...(next.from && !DATE.test(next.from) ? { from: `提交日期自：请按 ${DATE_INPUT_HINT} 填写` } : {}),
      ...(next.to && !DATE.test(next.to) ? { to: `提交日期至：请按 ${DATE_INPUT_HINT} 填写` } : {}),
    };
    setDateErrors(wrong);
    if (wrong.from || wrong.to) {
      setFiltersOpen(true);
      requestAnimationFrame(() => document.getElementById(wrong.from ? 'inbox-from' : 'inbox-to')?.focus());
      return;
    }
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
        <div class="admin-filters__line">
          <Field id="inbox-q" label="关键词" hint="查询码、标题或内容" class="admin-filters__search">
            {(control) => (
              <input {...control} class="input" type="search" value={values.q} onInput={(event) => set('q', event.currentTarget.value)} />
            )}
          </Field>
          <button type="submit" class="button">
            查询
          </button>
          <button
            type="button"
            class="button button--secondary admin-filters__toggle"
            aria-expanded={filtersOpen ? 'true' : 'false'}
            aria-controls="inbox-more-filters"
            onClick={() => setFiltersOpen((open) => !open)}
          >
            筛选
            {countFolded(applied) > 0 ? <span class="badge admin-badge--count">已选 {countFolded(applied)} 项</span> : null}
          </button>
          {hasFilters(applied) && (
            <a class="button button--secondary" href="#/inbox">
              清除筛选
            </a>
          )}
        </div>
        <div id="inbox-more-filters" class="admin-filters__more" hidden={!filtersOpen}>
          <div class="admin-filters__grid">
          <SelectField
            id="inbox-state"
            label="状态"
            value={values.state}
            onChange={(value) => set('state', value)}
            emptyLabel="全部状态"
            options={FEEDBACK_STATES.map((state) => ({ value: state, label: FEEDBACK_STATE_LABELS[state] }))}
          />
          {showUnitFilter && (
            <SelectField
              id="inbox-unit"
              label="学校/单位"
              value={values.unitId}
              onChange={(value) => set('unitId', value)}
              emptyLabel="全部单位"
              options={units.map((unit) => ({ value: String(unit.id), label: unit.name }))}
            />
          )}
          <SelectField
            id="inbox-category"
            label="类别"
            value={values.category}
            onChange={(value) => set('category', value)}
            emptyLabel="全部类别"
            options={categories.map((category) => ({ value: category.code, label: `${category.label}${category.isActive ? '' : '（已停用）'}` }))}
          />
          <SelectField
            id="inbox-role"
            label="反映人身份"
            value={values.role}
            onChange={(value) => set('role', value)}
            emptyLabel="全部身份"
            options={SUBMITTER_ROLES.map((role) => ({ value: role, label: SUBMITTER_ROLE_LABELS[role] }))}
          />
          <Field id="inbox-from" label="提交日期自" hint={DATE_INPUT_HINT} error={dateErrors.from}>
            {(control) => <DateInput {...control} class="input" value={values.from} onInput={(event) => set('from', event.currentTarget.value)} />}
          </Field>
          <Field id="inbox-to" label="提交日期至" hint={DATE_INPUT_HINT} error={dateErrors.to}>
            {(control) => <DateInput {...control} class="input" value={values.to} onInput={(event) => set('to', event.currentTarget.value)} />}
          </Field>
          </div>
        <fieldset class="admin-filters__checks">
          <legend class="visually-hidden">期限和其他条件</legend>
          <Checkbox id="inbox-overdue" label="已逾期" checked={values.overdue} onChange={(checked) => set('overdue', checked)} />
          <Checkbox id="inbox-dueSoon" label="1个工作日内到期" checked={values.dueSoon} onChange={(checked) => set('dueSoon', checked)} />
          <Checkbox id="inbox-followUp" label="待回访" checked={values.followUp} onChange={(checked) => set('followUp', checked)} />
          <Checkbox id="inbox-screening" label="待甄别" checked={values.screening} onChange={(checked) => set('screening', checked)} />
        </fieldset>
          <button type="submit" class="button">
            按条件查询
          </button>
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
            <InboxTable items={data.items} busy={result.loading} selected={isOffice ? selected : null} onSelect={setSelected} />
            {/* Under the list, so that the first opinions stay on a phone's first screen. */}
            {isOffice && <BulkBar selected={selected} items={data.items} onDone={afterBulk} />}
            <Pager
              label="意见列表分页"
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              pageHref={(target) => href('/inbox', { ...applied, page: target > 1 ? target : undefined })}
            />
            <ExportBar apiQuery={apiQuery} total={data.total} />
          </>
        )}
      </section>
    </>
  );
}

interface InboxTableProps {
  items: InboxItem[];
  busy: boolean;
  /** The 办公室's selection for 批量办理; null: no selection column. */
  selected: ReadonlySet<number> | null;
  onSelect: (next: ReadonlySet<number>) => void;
}

function InboxTable({ items, busy, selected, onSelect }: InboxTableProps) {
  const allSelected = selected !== null && items.length > 0 && items.every((item) => selected.has(item.id));
  function toggle(id: number, on: boolean) {
    const next = new Set(selected ?? []);
    if (on) next.add(id);
    else next.delete(id);
    onSelect(next);
  }
  return (
    <table class={`admin-table admin-inbox${selected ? ' admin-inbox--selectable' : ''}`} aria-busy={busy ? 'true' : undefined}>
      <thead>
        <tr>
          {selected && (
            <th scope="col" class="admin-inbox__select">
              <input
                type="checkbox"
                id="inbox-select-all"
                aria-label="选择本页全部意见"
                checked={allSelected}
                onChange={(event) => onSelect(event.currentTarget.checked ? new Set(items.map((item) => item.id)) : new Set())}
              />
            </th>
          )}
          <th scope="col">查询码</th>
          <th scope="col">意见</th>
          <th scope="col">状态和办理单位</th>
          <th scope="col">期限</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} class={item.overdue ? 'admin-row--overdue' : undefined}>
            {selected && (
              <td class="admin-inbox__select">
                <input
                  type="checkbox"
                  id={`inbox-select-${item.id}`}
                  aria-label={`选择意见 ${item.trackingCode}`}
                  checked={selected.has(item.id)}
                  onChange={(event) => toggle(item.id, event.currentTarget.checked)}
                />
              </td>
            )}
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
            <td class="admin-inbox__state">
              <span class="badges">
                <StateBadge state={item.state} label={item.stateLabel} />
                {item.needsScreening && <span class="badge admin-badge--flag">待甄别</span>}
                {item.urgeCount > 0 && <span class="badge admin-badge--flag">督办 {item.urgeCount} 次</span>}
                {item.followUp === 'open' && <span class="badge admin-badge--flag">待回访</span>}
              </span>
              {item.assignedUnitName && <span class="admin-small">{item.assignedUnitName}</span>}
            </td>
            <td class="admin-inbox__due">
              <DueDate dueOn={item.dueOn} dueKind={item.dueKind} overdue={item.overdue} dueSoon={item.dueSoon} provisional={item.provisional} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 导出: the list as it is filtered now, every page, as a workbook or a CSV. */
function ExportBar({ apiQuery, total }: { apiQuery: string; total: number }) {
  const [withContacts, setWithContacts] = useState(false);
  return (
    <div class="admin-export-bar">
      <span>导出当前筛选结果（共 {total} 条）：</span>
      <a class="button button--secondary button--small" href={feedbackExportUrl('xlsx', apiQuery, withContacts)} download>
        导出 Excel
      </a>
      <a class="button button--secondary button--small" href={feedbackExportUrl('csv', apiQuery, withContacts)} download>
        导出 CSV
      </a>
      <Checkbox
        id="inbox-export-contacts"
        label="包含联系方式"
        hint="只填写您有权查看的联系方式；每次导出都记入操作日志。"
        checked={withContacts}
        onChange={setWithContacts}
      />
    </div>
  );
}

const BULK_LABELS = { accept: '受理', assign: '转办', urge: '督办' } as const;
type BulkKind = keyof typeof BULK_LABELS;

/** 批量办理: each selected opinion goes through its own step; the outcome of each is listed. */
function BulkBar({ selected, items, onDone }: { selected: ReadonlySet<number>; items: InboxItem[]; onDone: () => void }) {
  const units = useUnits();
  const [unitId, setUnitId] = useState('');
  const [unitError, setUnitError] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<{ kind: BulkKind; result: BulkResult } | null>(null);
  const submission = useSubmission();
  const reportRef = useRef<HTMLDivElement>(null);
  const codes = new Map(items.map((item) => [item.id, item.trackingCode]));

  async function run(kind: BulkKind) {
    if (selected.size === 0 || submission.busy) return;
    if (kind === 'assign' && !unitId) {
      setUnitError('请选择转办的承办单位');
      document.getElementById('inbox-bulk-unit')?.focus();
      return;
    }
    setUnitError(undefined);
    const ids = [...selected];
    const result = await submission.run(() => bulkFeedbackAction(kind, kind === 'assign' ? { ids, unitId: Number(unitId) } : { ids }));
    if (result) {
      setReport({ kind, result });
      onDone();
      requestAnimationFrame(() => reportRef.current?.focus());
    }
  }

  const none = selected.size === 0;
  return (
    <div class="admin-bulk">
      <fieldset class="admin-bulk__bar">
        <legend>批量办理（已选 {selected.size} 条）</legend>
        <button type="button" class="button button--small" aria-disabled={none || submission.busy ? 'true' : undefined} onClick={() => run('accept')}>
          受理
        </button>
        <button type="button" class="button button--small" aria-disabled={none || submission.busy ? 'true' : undefined} onClick={() => run('urge')}>
          督办
        </button>
        <SelectField
          id="inbox-bulk-unit"
          label="转办给"
          error={unitError}
          class="admin-bulk__unit"
          value={unitId}
          onChange={setUnitId}
          emptyLabel="请选择单位"
          options={units.map((unit) => ({ value: String(unit.id), label: unit.name }))}
        />
        <button type="button" class="button button--small" aria-disabled={none || submission.busy ? 'true' : undefined} onClick={() => run('assign')}>
          转办
        </button>
      </fieldset>
      <FormError error={submission.error} />
      <div role="status" class="admin-live">
        {report && (
          <div class="admin-bulk__report" tabIndex={-1} ref={reportRef}>
            <p class={`admin-message admin-message--${report.result.failed > 0 ? 'warning' : 'ok'}`}>
              批量{BULK_LABELS[report.kind]}：成功 {report.result.succeeded} 条{report.result.failed > 0 ? `，未办理 ${report.result.failed} 条` : ''}。
            </p>
            <ul class="admin-bulk__outcomes">
              {report.result.results.map((outcome) => (
                <li key={outcome.id} class={outcome.ok ? 'admin-bulk__ok' : 'admin-bulk__refused'}>
                  <strong>{outcome.trackingCode ?? codes.get(outcome.id) ?? `#${outcome.id}`}</strong>
                  {outcome.ok ? `：已${BULK_LABELS[report.kind]}，当前状态 ${outcome.stateLabel}` : `：未办理。${outcome.message ?? ''}`}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

// 整改台账: every item (published or not) with filters, paging and the ways in and out of the
// ledger: a new item, an import, the template and the exports.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ITEM_STATUS_LABELS, ITEM_STATUSES } from '../../../../server/domain/vocabulary.ts';
import { useLoad, useUnits } from './hooks.ts';
import { type ItemQuery, LEDGER_DOWNLOADS, ledgerApi } from './ledger-api.ts';
import { LoadError, Loading } from './ui.tsx';

export interface LedgerListProps {
  href: (path: string) => string;
  /** Only the 台账管理员 changes the ledger; the 系统管理员 reads it. */
  canEdit: boolean;
}

export function LedgerList({ href, canEdit }: LedgerListProps) {
  const [query, setQuery] = useState<ItemQuery>({ page: 1 });
  const [draft, setDraft] = useState<ItemQuery>({});
  const items = useLoad(() => ledgerApi.listItems(query), JSON.stringify(query));
  const categories = useLoad(() => ledgerApi.categories(), 'categories');
  const units = useUnits();

  function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    setQuery({ ...draft, page: 1 });
  }
  const set = (key: keyof ItemQuery) => (event: JSX.TargetedEvent<HTMLInputElement | HTMLSelectElement, Event>) =>
    setDraft({ ...draft, [key]: event.currentTarget.value });
  const page = items.data?.page ?? 1;
  const pages = items.data ? Math.max(1, Math.ceil(items.data.total / items.data.pageSize)) : 1;

  return (
    <section aria-labelledby="ledger-list-heading">
      <h1 id="ledger-list-heading" class="admin-heading">
        整改台账
      </h1>
      <div class="admin-toolbar">
        {canEdit && (
          <>
            <a class="button" href={href('/new')}>
              新建事项
            </a>
            <a class="button button--secondary" href={href('/import')}>
              导入台账
            </a>
          </>
        )}
        <a class="button button--secondary" href={LEDGER_DOWNLOADS.xlsx} download>
          导出 Excel
        </a>
        <a class="button button--secondary" href={LEDGER_DOWNLOADS.csv} download>
          导出 CSV
        </a>
        <a class="button button--secondary" href={LEDGER_DOWNLOADS.template} download>
          下载导入模板
        </a>
        <a class="button button--secondary" href={href('/categories')}>
          问题类别
        </a>
      </div>

      <form class="admin-filters admin-filters--inline" onSubmit={onSubmit} aria-label="筛选整改事项">
        <label>
          搜索
          <input class="input" type="search" name="q" value={draft.q ?? ''} onInput={set('q')} placeholder="编号、标题或问题" />
        </label>
        <label>
          整改状态
          <select class="select" value={draft.status ?? ''} onChange={set('status')}>
            <option value="">全部</option>
            {ITEM_STATUSES.map((status) => (
              <option value={status}>{ITEM_STATUS_LABELS[status]}</option>
            ))}
          </select>
        </label>
        <label>
          问题类别
          <select class="select" value={draft.category ?? ''} onChange={set('category')}>
            <option value="">全部</option>
            {categories.data?.categories.map((category) => (
              <option value={category.code}>{category.label}</option>
            ))}
          </select>
        </label>
        <label>
          责任单位
          <select class="select" value={draft.unitId ?? ''} onChange={set('unitId')}>
            <option value="">全部</option>
            {units.map((unit) => (
              <option value={String(unit.id)}>{unit.name}</option>
            ))}
          </select>
        </label>
        <label>
          是否逾期
          <select class="select" value={draft.overdue ?? ''} onChange={set('overdue')}>
            <option value="">全部</option>
            <option value="true">已逾期</option>
            <option value="false">未逾期</option>
          </select>
        </label>
        <label>
          是否公开
          <select class="select" value={draft.published ?? ''} onChange={set('published')}>
            <option value="">全部</option>
            <option value="true">已公开</option>
            <option value="false">未公开</option>
          </select>
        </label>
        <button type="submit" class="button">
          筛选
        </button>
      </form>

      {items.loading && !items.data && <Loading label="正在加载……" />}
      {items.error && <LoadError error={items.error} onRetry={items.reload} />}
      {items.data && (
        <>
          <p role="status">共 {items.data.total} 项</p>
          <table class="admin-table">
            <caption class="visually-hidden">整改事项列表</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">标题</th>
                <th scope="col">责任单位</th>
                <th scope="col">整改时限</th>
                <th scope="col">状态</th>
                <th scope="col">进度</th>
                <th scope="col">公开</th>
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr key={item.id}>
                  {/* The code heads the row: row headers do not wrap (admin.css), a long title must. */}
                  <th scope="row">
                    <code>{item.code}</code>
                  </th>
                  <td>
                    <a href={href(`/items/${item.id}`)}>{item.title}</a>
                    <span class="admin-muted"> · {item.categoryLabel}</span>
                  </td>
                  <td>{item.unitName ?? '待明确'}</td>
                  <td>{item.deadline ?? '长期坚持'}</td>
                  <td>
                    {item.statusLabel}
                    {item.isOverdue && <strong class="admin-overdue">（逾期）</strong>}
                  </td>
                  <td>{item.progress}%</td>
                  <td>{item.isPublished ? '已公开' : '未公开'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav class="admin-paging" aria-label="翻页">
              <button type="button" class="button button--secondary" disabled={page <= 1} onClick={() => setQuery({ ...query, page: page - 1 })}>
                上一页
              </button>
              <span>
                第 {page} / {pages} 页
              </span>
              <button type="button" class="button button--secondary" disabled={page >= pages} onClick={() => setQuery({ ...query, page: page + 1 })}>
                下一页
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

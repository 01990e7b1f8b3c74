// Read-only views over the snapshot's items for the pages: grouping, filters, outcomes, labels.
import { LONG_TERM_LABEL } from '../../../server/domain/ledger-rules.ts';
import {
  ITEM_SOURCE_LABELS,
  ITEM_SOURCES,
  ITEM_STATUS_LABELS,
  OUTCOME_KIND_LABELS,
  type ItemSource,
  type ItemStatus,
  type OutcomeKind,
} from '../../../server/domain/vocabulary.ts';
import { LEDGER_PAGE_SIZE, LEDGER_STATUS_ORDER, type LedgerFilter, ledgerFilterPath } from '../consts.ts';
import { type Page, paginateList } from './pagination.ts';
import { formatDate } from './format.ts';
import { frameInputs, pageCacheKey } from './page-cache.ts';
import type { PublicItem, PublicItemUpdate, PublicSnapshot } from './snapshot.ts';

export function itemStatusLabel(status: ItemStatus): string {
  return ITEM_STATUS_LABELS[status];
}

export function itemSourceLabel(source: ItemSource): string {
  return ITEM_SOURCE_LABELS[source];
}

export function outcomeKindLabel(kind: OutcomeKind): string {
  return OUTCOME_KIND_LABELS[kind];
}

/** 整改时限 as text: a date, or 长期坚持. */
export function deadlineText(deadline: string | null): string {
  return deadline === null ? LONG_TERM_LABEL : formatDate(deadline);
}

/** Anchor id of a ledger section, e.g. 'status-in_progress'. */
export function statusAnchor(status: ItemStatus): string {
  return `status-${status}`;
}

export interface StatusGroup {
  status: ItemStatus;
  label: string;
  anchor: string;
  items: PublicItem[];
}

/** Items grouped by status in the ledger's order; the snapshot's order is kept inside a group. */
export function groupItemsByStatus(items: readonly PublicItem[]): StatusGroup[] {
  return LEDGER_STATUS_ORDER.map((status) => ({
    status,
    label: itemStatusLabel(status),
    anchor: statusAnchor(status),
    items: items.filter((item) => item.status === status),
  }));
}

/** One link of the filter bar: where it goes, what it says, how many items it shows. */
export interface FilterLink {
  filter: LedgerFilter;
  href: string;
  label: string;
  count: number;
}

export interface FilterGroup {
  /** 'status', 'category', 'unit'. */
  key: string;
  label: string;
  links: FilterLink[];
}

export function filterItems(items: readonly PublicItem[], filter: LedgerFilter): PublicItem[] {
  switch (filter.kind) {
    case 'all':
      return [...items];
    case 'status':
      return items.filter((item) => item.status === filter.value);
    case 'overdue':
      return items.filter((item) => item.isOverdue);
    case 'category':
      return items.filter((item) => item.category === filter.value);
    case 'unit':
      return items.filter((item) => item.responsibleUnitCode === filter.value);
    case 'source':
      return items.filter((item) => item.source === filter.value);
  }
}

export function sameFilter(a: LedgerFilter, b: LedgerFilter): boolean {
  return a.kind === b.kind && ('value' in a ? a.value : null) === ('value' in b ? b.value : null);
}

function link(items: readonly PublicItem[], filter: LedgerFilter, label: string): FilterLink {
  return { filter, href: ledgerFilterPath(filter), label, count: filterItems(items, filter).length };
}

/** Units that have published items, in the snapshot's unit order. */
export function unitsWithItems(snapshot: PublicSnapshot): PublicSnapshot['units'] {
  const used = new Set(snapshot.items.map((item) => item.responsibleUnitCode));
  return snapshot.units.filter((unit) => used.has(unit.code));
}

/** Sources that have published items, in the vocabulary's order (座谈交流 … 第三方评估, 群众点题 …). */
export function sourcesWithItems(snapshot: PublicSnapshot): ItemSource[] {
  const used = new Set(snapshot.items.map((item) => item.source));
  return ITEM_SOURCES.filter((source) => used.has(source));
}

/** The filter bar: every status (and 逾期), every category in use, every unit with items. */
// The filter bar is the same on every filter page: its counts are made once per snapshot.
const filterGroupCache = new WeakMap<PublicSnapshot, FilterGroup[]>();

export function ledgerFilterGroups(snapshot: PublicSnapshot): FilterGroup[] {
  const cached = filterGroupCache.get(snapshot);
  if (cached) return cached;
  const groups = makeFilterGroups(snapshot);
  filterGroupCache.set(snapshot, groups);
  return groups;
}

function makeFilterGroups(snapshot: PublicSnapshot): FilterGroup[] {
  const items = snapshot.items;
  return [
    {
      key: 'status',
      label: '按状态',
      links: [
        link(items, { kind: 'all' }, '全部'),
        ...LEDGER_STATUS_ORDER.map((status) => link(items, { kind: 'status', value: status }, itemStatusLabel(status))),
        link(items, { kind: 'overdue' }, '逾期'),
      ],
    },
    {
      key: 'category',
      label: '按类别',
      links: snapshot.itemCategories.map((category) => link(items, { kind: 'category', value: category.code }, category.label)),
    },
    {
      key: 'source',
      label: '按来源',
      links: sourcesWithItems(snapshot).map((source) => link(items, { kind: 'source', value: source }, itemSourceLabel(source))),
    },
    {
      key: 'unit',
      label: '按责任单位',
      links: unitsWithItems(snapshot).map((unit) => link(items, { kind: 'unit', value: unit.code }, unit.name)),
    },
  ];
}

/** One page of a filter's items, for a filter page's getStaticPaths (page 1 has no number in its path). */
export interface LedgerFilterPage {
  page: string | undefined;
  list: Page<PublicItem>;
  cacheKey: string;
}

/** The pages of one filter: LEDGER_PAGE_SIZE items each, at least one (which may be empty). */
export function ledgerFilterPages(snapshot: PublicSnapshot, filter: LedgerFilter): LedgerFilterPage[] {
  return paginateList(filterItems(snapshot.items, filter), LEDGER_PAGE_SIZE).map((list) => ({
    page: list.page > 1 ? String(list.page) : undefined,
    list,
    cacheKey: ledgerFilterPageKey(snapshot, filter, list),
  }));
}

/** The day the most recently changed of these items last changed (a filter page's 本页事项更新于); null for none. */
export function latestItemUpdate(items: readonly PublicItem[]): string | null {
  return items.reduce<string | null>((latest, item) => (latest === null || item.updatedOn > latest ? item.updatedOn : latest), null);
}

/**
 * The cacheKey of a filter page (LedgerFilterView, lib/page-cache.ts): the frame, its title, the
 * filter bar (labels and counts), what its item cards show, the day its items last changed and
 * its page links. No 数据截至: the page shows the day of its latest item instead. 逾期 is the
 * snapshot's isOverdue (a flag, not a count of days): the night an item falls overdue changes its
 * cards, the 逾期 list and the bar's counts, so every filter page is rendered again that night.
 */
export function ledgerFilterPageKey(snapshot: PublicSnapshot, filter: LedgerFilter, list: Page<PublicItem>): string {
  const bar = ledgerFilterGroups(snapshot).map((group) => [group.key, group.label, group.links.map((link) => [link.href, link.label, link.count])]);
  const cards = list.entries.map((item) => [item.code, item.categoryLabel, item.title, item.status, item.isOverdue, item.responsibleUnit, item.deadline, item.progress]);
  return pageCacheKey(frameInputs(snapshot), filterTitle(snapshot, filter), bar, cards, latestItemUpdate(list.entries), list.page, list.pages, list.total);
}

/** What a filter page is called: 整改中的事项, 逾期事项, 会议文件类事项, 办公室负责的事项. */
export function filterTitle(snapshot: PublicSnapshot, filter: LedgerFilter): string {
  switch (filter.kind) {
    case 'all':
      return '全部整改事项';
    case 'status':
      return `${itemStatusLabel(filter.value)}的整改事项`;
    case 'overdue':
      return '逾期的整改事项';
    case 'category':
      return `问题类别：${snapshot.itemCategories.find((category) => category.code === filter.value)?.label ?? filter.value}`;
    case 'unit':
      return `责任单位：${snapshot.units.find((unit) => unit.code === filter.value)?.name ?? filter.value}`;
    case 'source':
      return `问题来源：${itemSourceLabel(filter.value)}`;
  }
}

export interface RecentUpdate extends PublicItemUpdate {
  itemCode: string;
  itemTitle: string;
}

/** The newest dated updates across all items, newest first. */
export function recentUpdates(items: readonly PublicItem[], limit: number): RecentUpdate[] {
  return items
    .flatMap((item) => item.updates.map((update) => ({ ...update, itemCode: item.code, itemTitle: item.title })))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, limit);
}

/** Timeline of one item, newest first: readers come for the latest progress. */
export function timelineNewestFirst(item: PublicItem): PublicItemUpdate[] {
  return [...item.updates].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

export interface OutcomeWithItem {
  title: string;
  kind: OutcomeKind;
  issuedOn: string;
  url: string | null;
  itemCode: string;
  itemTitle: string;
}

/** Every outcome of every published item, newest first (制度成果 page). */
export function allOutcomes(items: readonly PublicItem[]): OutcomeWithItem[] {
  return items
    .flatMap((item) => item.outcomes.map((outcome) => ({ ...outcome, itemCode: item.code, itemTitle: item.title })))
    .sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : a.title.localeCompare(b.title, 'zh-CN')));
}

/** 《title》, unless the title already carries its own marks or is not a document name. */
export function documentTitle(title: string): string {
  return /^《.*》$/.test(title) ? title : `《${title}》`;
}

/** One change of the public history as a sentence: 整改进度：60% → 100%; 整改措施有修改. */
export function describeChange(change: PublicItem['history'][number]['changes'][number]): string {
  if (change.field === 'update') {
    if (change.to) return `发布进展（${formatDate(change.to)}）`;
    return change.from ? `撤回进展（${formatDate(change.from)}）` : '进展有更新';
  }
  if (change.field === 'outcome') {
    if (change.to) return `新增制度成果${documentTitle(change.to)}`;
    return change.from ? `撤下制度成果${documentTitle(change.from)}` : '制度成果有更新';
  }
  if (change.from === null && change.to === null) return `${change.label}有修改`;
  const show = (value: string | null) => (value === null ? '（空）' : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value);
  return `${change.label}：${show(change.from)} → ${show(change.to)}`;
}
